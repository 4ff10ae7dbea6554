import {
  CreateBucketCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, type S3Harness, startS3Harness } from './harness.js';

const KEYS = [
  'a.txt',
  'docs/guide.md',
  'docs/img/logo.png',
  'docs/img/icon.png',
  'docs/readme.md',
  'logs/2024/01.log',
  'logs/2024/02.log',
  'logs/2025/01.log',
  'z.txt',
  'ünicode.txt',
  '\uFFFD-bmp-high.txt',
  '\u{1F600}-astral.txt',
];

describe('S3 listings (SDK v3)', () => {
  let h: S3Harness;
  const bucket = 'listing-bucket';

  beforeAll(async () => {
    h = await startS3Harness();
    const a = h.client('rootA');
    await a.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const key of KEYS) await a.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }));
  });
  afterAll(() => h.close());

  it('lists every key in UTF-8 byte order with sizes, ETags and KeyCount', async () => {
    const out = await h.client('rootA').send(new ListObjectsV2Command({ Bucket: bucket }));
    const expected = [...KEYS].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(out.Contents?.map((c) => c.Key)).toEqual(expected);
    expect(out.KeyCount).toBe(KEYS.length);
    expect(out.IsTruncated).toBe(false);
    expect(out.Contents?.[0]).toMatchObject({ Size: 5, StorageClass: 'STANDARD' });
    expect(out.Contents?.[0]?.ETag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('rolls keys up into CommonPrefixes at the delimiter', async () => {
    const a = h.client('rootA');
    const top = await a.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/', 'logs/']);
    expect(top.Contents?.map((c) => c.Key)).toContain('a.txt');
    expect(top.KeyCount).toBe(KEYS.filter((k) => !k.includes('/')).length + 2);
    const docs = await a.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'docs/', Delimiter: '/' }));
    expect(docs.Contents?.map((c) => c.Key)).toEqual(['docs/guide.md', 'docs/readme.md']);
    expect(docs.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/img/']);
    expect(docs.Prefix).toBe('docs/');
    expect(docs.Delimiter).toBe('/');
  });

  it('pages with max-keys and continuation tokens, counting common prefixes', async () => {
    const a = h.client('rootA');
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    let out: ListObjectsV2CommandOutput;
    do {
      out = await a.send(
        new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/', MaxKeys: 2, ContinuationToken: token }),
      );
      pages += 1;
      expect(out.KeyCount).toBeLessThanOrEqual(2);
      seen.push(
        ...(out.CommonPrefixes ?? []).map((p) => p.Prefix!),
        ...(out.Contents ?? []).map((c) => c.Key!),
      );
      token = out.NextContinuationToken;
      expect(out.IsTruncated).toBe(token !== undefined);
    } while (token !== undefined);
    const all = await a.send(new ListObjectsV2Command({ Bucket: bucket, Delimiter: '/' }));
    expect(seen.sort()).toEqual(
      [
        ...(all.CommonPrefixes ?? []).map((p) => p.Prefix!),
        ...(all.Contents ?? []).map((c) => c.Key!),
      ].sort(),
    );
    expect(pages).toBe(Math.ceil((all.KeyCount ?? 0) / 2));
  });

  it('starts after start-after, and max-keys 0 lists nothing', async () => {
    const a = h.client('rootA');
    const out = await a.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'logs/', StartAfter: 'logs/2024/01.log' }),
    );
    expect(out.Contents?.map((c) => c.Key)).toEqual(['logs/2024/02.log', 'logs/2025/01.log']);
    expect(out.StartAfter).toBe('logs/2024/01.log');
    const none = await a.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 0 }));
    expect(none).toMatchObject({ KeyCount: 0, IsTruncated: false });
    expect(none.Contents).toBeUndefined();
  });

  it('refuses a corrupt continuation token and a bad encoding type', async () => {
    const a = h.client('rootA');
    const token = await failure(
      a.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: 'bm90IGpzb24=' })),
    );
    expect(token).toMatchObject({ name: 'InvalidArgument', status: 400 });
    const encoding = await failure(
      a.send(new ListObjectsV2Command({ Bucket: bucket, EncodingType: 'base64' as never })),
    );
    expect(encoding).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('pages ListObjects (v1) with markers', async () => {
    const a = h.client('rootA');
    const first = await a.send(new ListObjectsCommand({ Bucket: bucket, Prefix: 'docs/', MaxKeys: 2 }));
    expect(first.Contents?.map((c) => c.Key)).toEqual(['docs/guide.md', 'docs/img/icon.png']);
    expect(first.IsTruncated).toBe(true);
    expect(first.Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    const next = await a.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: 'docs/', MaxKeys: 2, Marker: 'docs/img/icon.png' }),
    );
    expect(next.Contents?.map((c) => c.Key)).toEqual(['docs/img/logo.png', 'docs/readme.md']);
    expect(next.IsTruncated).toBe(false);
    const delimited = await a.send(new ListObjectsCommand({ Bucket: bucket, Delimiter: '/', MaxKeys: 1 }));
    expect(delimited.NextMarker).toBe('a.txt');
  });

  it('needs s3:ListBucket, with s3:prefix usable in conditions', async () => {
    h.setPolicies('roleA', [
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: `arn:aws:s3:::${bucket}`,
            Condition: { StringLike: { 's3:prefix': 'logs/*' } },
          },
        ],
      },
    ]);
    const role = h.client('roleA');
    const logs = await role.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'logs/' }));
    expect(logs.KeyCount).toBe(3);
    const all = await failure(role.send(new ListObjectsV2Command({ Bucket: bucket })));
    expect(all).toMatchObject({ name: 'AccessDenied', status: 403 });
  });
});
