import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { type ObjectVersion, s3Slice, s3Slices } from '../../../src/local-cloud/services/s3/index.js';
import { StateStore } from '../../../src/local-cloud/state/store.js';
import { tempDir } from '../http/fixtures.js';
import { startS3Harness } from './harness.js';

function version(versionId: string, etag: string): ObjectVersion {
  return {
    versionId,
    lastModified: '2024-01-01T00:00:00.000Z',
    size: 1,
    etag,
    contentType: 'binary/octet-stream',
    headers: [],
    metadata: [],
    tags: [],
    storageClass: 'STANDARD',
    encryption: { algorithm: 'AES256' },
  };
}

describe('S3 state', () => {
  it('keeps only the latest version in unversioned buckets and replaces the null version when suspended', () => {
    const store = StateStore.open({ slices: s3Slices });
    const put = (versionId: string, etag: string, seq: number) =>
      store.dispatch(s3Slice, 'putObject', { bucket: 'b', key: 'k', version: version(versionId, etag), seq });
    store.dispatch(s3Slice, 'createBucket', {
      name: 'b',
      accountId: '1',
      region: 'us-east-1',
      createdAt: 'x',
    });
    put('null', '"1"', 1);
    put('null', '"2"', 2);
    expect(store.get(s3Slice).buckets.b!.objects.k!.map((v) => v.etag)).toEqual(['"2"']);
    store.dispatch(s3Slice, 'putBucketVersioning', { name: 'b', status: 'Enabled' });
    put('v3', '"3"', 3);
    store.dispatch(s3Slice, 'putBucketVersioning', { name: 'b', status: 'Suspended' });
    put('null', '"4"', 4);
    expect(store.get(s3Slice).buckets.b!.objects.k!.map((v) => [v.versionId, v.etag])).toEqual([
      ['null', '"4"'],
      ['v3', '"3"'],
    ]);
    expect(store.get(s3Slice).seq).toBe(4);
  });

  it('stores keys such as __proto__ as ordinary keys', () => {
    const store = StateStore.open({ slices: s3Slices });
    store.dispatch(s3Slice, 'createBucket', {
      name: 'b',
      accountId: '1',
      region: 'us-east-1',
      createdAt: 'x',
    });
    store.dispatch(s3Slice, 'putObject', {
      bucket: 'b',
      key: '__proto__',
      version: version('null', '"p"'),
      seq: 1,
    });
    const objects = store.get(s3Slice).buckets.b!.objects;
    expect(Object.keys(objects)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(objects)).toBe(Object.prototype);
    store.dispatch(s3Slice, 'deleteVersion', { bucket: 'b', key: '__proto__', versionId: 'null' });
    expect(Object.keys(objects)).toEqual([]);
  });

  it('survives a restart: buckets, versions and bodies come back from the state directory', async () => {
    const dir = await tempDir('s3-state');
    try {
      const first = await startS3Harness({ stateDir: dir.path });
      const a = first.client('rootA');
      await a.send(new CreateBucketCommand({ Bucket: 'durable' }));
      await a.send(
        new PutBucketVersioningCommand({ Bucket: 'durable', VersioningConfiguration: { Status: 'Enabled' } }),
      );
      const v1 = await a.send(new PutObjectCommand({ Bucket: 'durable', Key: '__proto__', Body: 'one' }));
      await a.send(new PutObjectCommand({ Bucket: 'durable', Key: '__proto__', Body: 'two' }));
      await first.close();

      const second = await startS3Harness({ stateDir: dir.path });
      try {
        const b = second.client('rootA');
        const listed = await b.send(new ListObjectsV2Command({ Bucket: 'durable' }));
        expect(listed.Contents?.map((c) => c.Key)).toEqual(['__proto__']);
        const latest = await b.send(new GetObjectCommand({ Bucket: 'durable', Key: '__proto__' }));
        expect(await latest.Body!.transformToString()).toBe('two');
        const old = await b.send(
          new GetObjectCommand({ Bucket: 'durable', Key: '__proto__', VersionId: v1.VersionId }),
        );
        expect(await old.Body!.transformToString()).toBe('one');
        // New versions continue the sequence instead of reusing IDs.
        const v3 = await b.send(new PutObjectCommand({ Bucket: 'durable', Key: '__proto__', Body: 'three' }));
        expect(v3.VersionId).not.toBe(v1.VersionId);
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
