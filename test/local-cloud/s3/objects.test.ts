import { createHash } from 'node:crypto';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_B, failure, type S3Harness, startS3Harness } from './harness.js';

const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

function bytes(n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + 3) & 0xff;
  return out;
}

describe('S3 objects (SDK v3)', () => {
  let h: S3Harness;
  const bucket = 'objects-bucket';

  beforeAll(async () => {
    h = await startS3Harness();
    await h.client('rootA').send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => h.close());

  it('stores and returns bytes, ETag, metadata, content headers and checksum', async () => {
    const a = h.client('rootA');
    const body = bytes(70_000);
    const put = await a.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'dir/data.bin',
        Body: body,
        ContentType: 'application/x-test',
        CacheControl: 'max-age=60',
        ContentDisposition: 'attachment; filename="data.bin"',
        Metadata: { purpose: 'Testing', 'build-id': '42' },
        ChecksumAlgorithm: 'SHA256',
      }),
    );
    expect(put.ETag).toBe(`"${md5(body)}"`);
    expect(put.ServerSideEncryption).toBe('AES256');
    expect(put.ChecksumSHA256).toBe(createHash('sha256').update(body).digest('base64'));
    expect(put.VersionId).toBeUndefined();

    const got = await a.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'dir/data.bin', ChecksumMode: 'ENABLED' }),
    );
    const data = Buffer.from(await got.Body!.transformToByteArray());
    expect(data.equals(body)).toBe(true);
    expect(got).toMatchObject({
      ETag: `"${md5(body)}"`,
      ContentLength: body.length,
      ContentType: 'application/x-test',
      CacheControl: 'max-age=60',
      ContentDisposition: 'attachment; filename="data.bin"',
      Metadata: { purpose: 'Testing', 'build-id': '42' },
      ServerSideEncryption: 'AES256',
      AcceptRanges: 'bytes',
      ChecksumSHA256: put.ChecksumSHA256,
    });
    expect(got.LastModified).toBeInstanceOf(Date);

    const head = await a.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dir/data.bin' }));
    expect(head).toMatchObject({
      ContentLength: body.length,
      ETag: put.ETag,
      Metadata: { purpose: 'Testing' },
    });
  });

  it('keeps keys with spaces, plus signs, percent signs and non-ASCII characters intact', async () => {
    const a = h.client('rootA');
    const key = 'spaces and + plus/ünïcødé/%41?#.txt';
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from('odd') }));
    const got = await a.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await got.Body!.transformToString()).toBe('odd');
  });

  it('serves a single byte range with 206 and refuses unsatisfiable ones with InvalidRange', async () => {
    const a = h.client('rootA');
    const body = Buffer.from('0123456789');
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'range.txt', Body: body }));
    const cases: [string, string, string][] = [
      ['bytes=2-5', '2345', 'bytes 2-5/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-3', '789', 'bytes 7-9/10'],
      ['bytes=8-100', '89', 'bytes 8-9/10'],
    ];
    for (const [range, text, contentRange] of cases) {
      const got = await a.send(new GetObjectCommand({ Bucket: bucket, Key: 'range.txt', Range: range }));
      expect(got.$metadata.httpStatusCode).toBe(206);
      expect(got.ContentRange).toBe(contentRange);
      expect(await got.Body!.transformToString()).toBe(text);
    }
    const bad = await failure(
      a.send(new GetObjectCommand({ Bucket: bucket, Key: 'range.txt', Range: 'bytes=10-' })),
    );
    expect(bad).toMatchObject({ name: 'InvalidRange', status: 416 });
    expect(bad.raw['ActualObjectSize']).toBe('10');
    // Not a single well-formed range: the whole object, as S3 does.
    const whole = await a.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'range.txt', Range: 'bytes=0-1,4-5' }),
    );
    expect(whole.$metadata.httpStatusCode).toBe(200);
    expect(await whole.Body!.transformToString()).toBe('0123456789');
  });

  it('answers conditional reads with 304 and 412', async () => {
    const a = h.client('rootA');
    const put = await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'cond.txt', Body: 'conditional' }));
    const head = await a.send(new HeadObjectCommand({ Bucket: bucket, Key: 'cond.txt' }));
    const later = new Date(head.LastModified!.getTime() + 60_000);
    const earlier = new Date(head.LastModified!.getTime() - 60_000);

    const notModified = await failure(
      a.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfNoneMatch: put.ETag })),
    );
    expect(notModified.status).toBe(304);
    const notModifiedSince = await failure(
      a.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfModifiedSince: later })),
    );
    expect(notModifiedSince.status).toBe(304);
    const failed = await failure(
      a.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfMatch: '"nope"' })),
    );
    expect(failed).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(failed.raw['Condition']).toBe('If-Match');
    const unmodified = await failure(
      a.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfUnmodifiedSince: earlier })),
    );
    expect(unmodified.status).toBe(412);

    const ok = await a.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt', IfMatch: put.ETag, IfModifiedSince: earlier }),
    );
    expect(await ok.Body!.transformToString()).toBe('conditional');
    // If-Match passing makes If-Unmodified-Since irrelevant (RFC 9110 order).
    const precedence = await a.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: 'cond.txt',
        IfMatch: put.ETag,
        IfUnmodifiedSince: earlier,
      }),
    );
    expect(precedence.$metadata.httpStatusCode).toBe(200);
  });

  it('supports conditional writes with If-None-Match: *', async () => {
    const a = h.client('rootA');
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'once.txt', Body: 'first', IfNoneMatch: '*' }));
    const second = await failure(
      a.send(new PutObjectCommand({ Bucket: bucket, Key: 'once.txt', Body: 'second', IfNoneMatch: '*' })),
    );
    expect(second).toMatchObject({ name: 'PreconditionFailed', status: 412 });
  });

  it('answers NoSuchKey to callers who may list the bucket and AccessDenied to others', async () => {
    const missing = await failure(
      h.client('rootA').send(new GetObjectCommand({ Bucket: bucket, Key: 'absent' })),
    );
    expect(missing).toMatchObject({ name: 'NoSuchKey', status: 404 });
    expect(missing.raw['Key']).toBe('absent');

    h.setPolicies('roleA', [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
      },
    ]);
    const role = h.client('roleA');
    const hidden = await failure(role.send(new GetObjectCommand({ Bucket: bucket, Key: 'absent' })));
    expect(hidden).toMatchObject({ name: 'AccessDenied', status: 403 });
    const readable = await role.send(new GetObjectCommand({ Bucket: bucket, Key: 'cond.txt' }));
    expect(await readable.Body!.transformToString()).toBe('conditional');
    const noWrite = await failure(role.send(new PutObjectCommand({ Bucket: bucket, Key: 'w', Body: 'x' })));
    expect(noWrite.name).toBe('AccessDenied');
    expect(noWrite.message).toBe(
      `User: arn:aws:sts::111111111111:assumed-role/Writer/s3-test is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::${bucket}/w because no identity-based policy allows the s3:PutObject action`,
    );
  });

  it('deletes objects idempotently', async () => {
    const a = h.client('rootA');
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'del.txt', Body: 'x' }));
    const first = await a.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del.txt' }));
    expect(first.$metadata.httpStatusCode).toBe(204);
    const second = await a.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'del.txt' }));
    expect(second.$metadata.httpStatusCode).toBe(204);
    expect((await failure(a.send(new HeadObjectCommand({ Bucket: bucket, Key: 'del.txt' })))).status).toBe(
      404,
    );
  });

  it('deletes many keys with DeleteObjects, reporting per-key errors, quietly or not', async () => {
    const a = h.client('rootA');
    for (const k of ['m/1', 'm/2', 'm/3'])
      await a.send(new PutObjectCommand({ Bucket: bucket, Key: k, Body: k }));
    const out = await a.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [{ Key: 'm/1' }, { Key: 'm/2' }, { Key: 'never-there' }] },
      }),
    );
    expect(out.Deleted?.map((d) => d.Key)).toEqual(['m/1', 'm/2', 'never-there']);
    expect(out.Errors).toBeUndefined();
    const quiet = await a.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: 'm/3' }], Quiet: true } }),
    );
    expect(quiet.Deleted).toBeUndefined();
    expect((await failure(a.send(new HeadObjectCommand({ Bucket: bucket, Key: 'm/3' })))).status).toBe(404);

    h.setPolicies('roleA', [
      {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:DeleteObject', Resource: `arn:aws:s3:::${bucket}/allowed/*` },
        ],
      },
    ]);
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'allowed/x', Body: 'x' }));
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'denied/x', Body: 'x' }));
    const mixed = await h.client('roleA').send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: [{ Key: 'allowed/x' }, { Key: 'denied/x' }] },
      }),
    );
    expect(mixed.Deleted?.map((d) => d.Key)).toEqual(['allowed/x']);
    expect(mixed.Errors).toEqual([expect.objectContaining({ Key: 'denied/x', Code: 'AccessDenied' })]);
  });

  it('copies objects within and across buckets, with COPY and REPLACE metadata directives', async () => {
    const a = h.client('rootA');
    await a.send(new CreateBucketCommand({ Bucket: 'copy-target' }));
    const put = await a.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'src.txt',
        Body: 'copy me',
        ContentType: 'text/plain',
        Metadata: { origin: 'src' },
      }),
    );
    const copied = await a.send(
      new CopyObjectCommand({ Bucket: 'copy-target', Key: 'dst.txt', CopySource: `${bucket}/src.txt` }),
    );
    expect(copied.CopyObjectResult?.ETag).toBe(put.ETag);
    const dst = await a.send(new GetObjectCommand({ Bucket: 'copy-target', Key: 'dst.txt' }));
    expect(await dst.Body!.transformToString()).toBe('copy me');
    expect(dst).toMatchObject({ ContentType: 'text/plain', Metadata: { origin: 'src' } });

    await a.send(
      new CopyObjectCommand({
        Bucket: 'copy-target',
        Key: 'replaced.txt',
        CopySource: `/${bucket}/src.txt`,
        MetadataDirective: 'REPLACE',
        Metadata: { fresh: 'yes' },
        ContentType: 'text/markdown',
      }),
    );
    const replaced = await a.send(new HeadObjectCommand({ Bucket: 'copy-target', Key: 'replaced.txt' }));
    expect(replaced).toMatchObject({ ContentType: 'text/markdown', Metadata: { fresh: 'yes' } });

    const toItself = await failure(
      a.send(new CopyObjectCommand({ Bucket: bucket, Key: 'src.txt', CopySource: `${bucket}/src.txt` })),
    );
    expect(toItself).toMatchObject({ name: 'InvalidRequest', status: 400 });
    expect(toItself.message).toContain('copy an object to itself');
    const missing = await failure(
      a.send(new CopyObjectCommand({ Bucket: bucket, Key: 'x', CopySource: `${bucket}/not-there` })),
    );
    expect(missing.name).toBe('NoSuchKey');
    const unmet = await failure(
      a.send(
        new CopyObjectCommand({
          Bucket: bucket,
          Key: 'x',
          CopySource: `${bucket}/src.txt`,
          CopySourceIfMatch: '"0"',
        }),
      ),
    );
    expect(unmet).toMatchObject({ name: 'PreconditionFailed', status: 412 });
  });

  it('needs s3:GetObject on the source and s3:PutObject on the target for a cross-account copy', async () => {
    const a = h.client('rootA');
    const b = h.client('rootB');
    await b.send(new CreateBucketCommand({ Bucket: 'bravo-target' }));
    const denied = await failure(
      b.send(new CopyObjectCommand({ Bucket: 'bravo-target', Key: 'x', CopySource: `${bucket}/src.txt` })),
    );
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toContain(`s3:GetObject on resource: arn:aws:s3:::${bucket}/src.txt`);
    await a.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
            },
          ],
        }),
      }),
    );
    await b.send(
      new CopyObjectCommand({ Bucket: 'bravo-target', Key: 'x', CopySource: `${bucket}/src.txt` }),
    );
    const got = await b.send(new GetObjectCommand({ Bucket: 'bravo-target', Key: 'x' }));
    expect(await got.Body!.transformToString()).toBe('copy me');
    // Writing into A's bucket still needs A's permission.
    const reverse = await failure(
      b.send(new CopyObjectCommand({ Bucket: bucket, Key: 'from-b', CopySource: 'bravo-target/x' })),
    );
    expect(reverse.message).toContain(`s3:PutObject on resource: arn:aws:s3:::${bucket}/from-b`);
  });

  it('addresses buckets virtual-hosted style', async () => {
    const v = h.client('rootA', { virtualHost: true });
    await v.send(new PutObjectCommand({ Bucket: bucket, Key: 'vhost/key.txt', Body: 'virtual' }));
    const got = await h.client('rootA').send(new GetObjectCommand({ Bucket: bucket, Key: 'vhost/key.txt' }));
    expect(await got.Body!.transformToString()).toBe('virtual');
    const back = await v.send(new GetObjectCommand({ Bucket: bucket, Key: 'vhost/key.txt' }));
    expect(await back.Body!.transformToString()).toBe('virtual');
  });

  it('checks x-amz-expected-bucket-owner', async () => {
    const a = h.client('rootA');
    await a.send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'src.txt', ExpectedBucketOwner: '111111111111' }),
    );
    const wrong = await failure(
      a.send(new GetObjectCommand({ Bucket: bucket, Key: 'src.txt', ExpectedBucketOwner: ACCOUNT_B })),
    );
    expect(wrong).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('rejects ACLs other than private (Object Ownership: bucket owner enforced)', async () => {
    const err = await failure(
      h
        .client('rootA')
        .send(new PutObjectCommand({ Bucket: bucket, Key: 'acl', Body: 'x', ACL: 'public-read' })),
    );
    expect(err).toMatchObject({ name: 'AccessControlListNotSupported', status: 400 });
  });

  it('refuses user metadata over 2 KB with MetadataTooLarge', async () => {
    const err = await failure(
      h.client('rootA').send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'meta',
          Body: 'x',
          Metadata: { big: 'v'.repeat(2100) },
        }),
      ),
    );
    expect(err).toMatchObject({ name: 'MetadataTooLarge', status: 400 });
  });
});
