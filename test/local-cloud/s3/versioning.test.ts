import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, type S3Harness, startS3Harness } from './harness.js';

describe('S3 versioning (SDK v3)', () => {
  let h: S3Harness;
  const bucket = 'versioned-bucket';

  beforeAll(async () => {
    h = await startS3Harness();
    const a = h.client('rootA');
    await a.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => h.close());

  const text = async (out: { Body?: { transformToString(): Promise<string> } }) =>
    out.Body!.transformToString();

  it('keeps the null version written before versioning, and versions every write after', async () => {
    const a = h.client('rootA');
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: 'v0' }));
    await a.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const v1 = await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: 'v1' }));
    const v2 = await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: 'v2' }));
    expect(v1.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(v2.VersionId).not.toBe(v1.VersionId);

    const latest = await a.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' }));
    expect(await text(latest)).toBe('v2');
    expect(latest.VersionId).toBe(v2.VersionId);
    expect(
      await text(
        await a.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt', VersionId: v1.VersionId })),
      ),
    ).toBe('v1');
    const nullVersion = await a.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt', VersionId: 'null' }),
    );
    expect(await text(nullVersion)).toBe('v0');
    expect(nullVersion.VersionId).toBe('null');
  });

  it('hides a key behind a delete marker and brings it back when the marker is removed', async () => {
    const a = h.client('rootA');
    const deleted = await a.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'doc.txt' }));
    expect(deleted.DeleteMarker).toBe(true);
    expect(deleted.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const gone = await failure(a.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' })));
    expect(gone).toMatchObject({ name: 'NoSuchKey', status: 404 });
    expect(
      (gone.raw['$response'] as { headers: Record<string, string> }).headers['x-amz-delete-marker'],
    ).toBe('true');
    const listed = await a.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.KeyCount).toBe(0);
    const markerRead = await failure(
      a.send(new HeadObjectCommand({ Bucket: bucket, Key: 'doc.txt', VersionId: deleted.VersionId })),
    );
    expect(markerRead.status).toBe(405);

    const removed = await a.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: 'doc.txt', VersionId: deleted.VersionId }),
    );
    expect(removed).toMatchObject({ DeleteMarker: true, VersionId: deleted.VersionId });
    expect(await text(await a.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt' })))).toBe('v2');
  });

  it('lists versions newest first with IsLatest, delete markers and pagination', async () => {
    const a = h.client('rootA');
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'other.txt', Body: 'o1' }));
    await a.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'other.txt' }));
    const all = await a.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(all.Versions?.map((v) => [v.Key, v.IsLatest])).toEqual([
      ['doc.txt', true],
      ['doc.txt', false],
      ['doc.txt', false],
      ['other.txt', false],
    ]);
    expect(all.Versions?.[2]?.VersionId).toBe('null');
    expect(all.DeleteMarkers?.map((m) => [m.Key, m.IsLatest])).toEqual([['other.txt', true]]);

    const first = await a.send(new ListObjectVersionsCommand({ Bucket: bucket, MaxKeys: 2 }));
    expect(first.IsTruncated).toBe(true);
    expect(first.Versions).toHaveLength(2);
    const rest = await a.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        KeyMarker: first.NextKeyMarker,
        VersionIdMarker: first.NextVersionIdMarker,
      }),
    );
    expect(rest.IsTruncated).toBe(false);
    expect([...(rest.Versions ?? []), ...(rest.DeleteMarkers ?? [])].map((v) => v.Key).sort()).toEqual([
      'doc.txt',
      'other.txt',
      'other.txt',
    ]);
  });

  it('answers NoSuchVersion for an unknown version and InvalidArgument for a malformed one', async () => {
    const a = h.client('rootA');
    const unknown = await failure(
      a.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt', VersionId: 'A'.repeat(32) })),
    );
    expect(unknown).toMatchObject({ name: 'NoSuchVersion', status: 404 });
    const malformed = await failure(
      a.send(new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt', VersionId: 'bad id!' })),
    );
    expect(malformed).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('writes null versions while suspended, replacing the previous null version', async () => {
    const a = h.client('rootA');
    await a.send(
      new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }),
    );
    const put = await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'doc.txt', Body: 'suspended' }));
    expect(put.VersionId).toBeUndefined();
    const versions = await a.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: 'doc.txt' }));
    expect(versions.Versions?.map((v) => v.VersionId === 'null')).toEqual([true, false, false]);
    const nullVersion = await a.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'doc.txt', VersionId: 'null' }),
    );
    expect(await text(nullVersion)).toBe('suspended');
  });

  it('deletes specific versions with DeleteObjects', async () => {
    const a = h.client('rootA');
    const versions = await a.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    const objects = [
      ...(versions.Versions ?? []).map((v) => ({ Key: v.Key!, VersionId: v.VersionId })),
      ...(versions.DeleteMarkers ?? []).map((m) => ({ Key: m.Key!, VersionId: m.VersionId })),
    ];
    const out = await a.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
    expect(out.Deleted).toHaveLength(objects.length);
    expect(out.Deleted?.filter((d) => d.DeleteMarker).map((d) => d.Key)).toEqual(['other.txt']);
    const after = await a.send(new ListObjectVersionsCommand({ Bucket: bucket }));
    expect(after.Versions).toBeUndefined();
    expect(after.DeleteMarkers).toBeUndefined();
  });
});
