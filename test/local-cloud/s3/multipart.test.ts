import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  type CompletedPart,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeChecksum } from '../../../src/local-cloud/http/index.js';
import { ACCOUNT_A, failure, keyPolicy, type S3Harness, startS3Harness } from './harness.js';

const MiB = 1024 * 1024;

function bytes(n: number, seed: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = (i * 13 + seed) & 0xff;
  return out;
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest();

describe('S3 multipart uploads (SDK v3)', () => {
  let h: S3Harness;
  const bucket = 'multipart-bucket';
  const parts = [bytes(5 * MiB, 1), bytes(5 * MiB, 2), bytes(1234, 3)];

  beforeAll(async () => {
    h = await startS3Harness();
    await h.client('rootA').send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(() => h.close());

  async function upload(key: string, options: { checksum?: 'CRC32'; sse?: string } = {}) {
    const a = h.client('rootA');
    const created = await a.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        ContentType: 'application/x-big',
        ChecksumAlgorithm: options.checksum,
        ServerSideEncryption: options.sse as never,
        SSEKMSKeyId: options.sse === 'aws:kms' ? 'alias/mp' : undefined,
      }),
    );
    const uploaded = [];
    for (const [i, body] of parts.entries()) {
      const out = await a.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: created.UploadId,
          PartNumber: i + 1,
          Body: body,
          ChecksumAlgorithm: options.checksum,
        }),
      );
      uploaded.push({ PartNumber: i + 1, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32 });
    }
    return { uploadId: created.UploadId!, uploaded };
  }

  it('assembles the parts, with the MD5-of-MD5s ETag and a composite checksum', async () => {
    const a = h.client('rootA');
    const { uploadId, uploaded } = await upload('big.bin', { checksum: 'CRC32' });
    const listed = await a.send(new ListPartsCommand({ Bucket: bucket, Key: 'big.bin', UploadId: uploadId }));
    expect(listed.Parts?.map((p) => p.Size)).toEqual(parts.map((p) => p.length));
    const inProgress = await a.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    expect(inProgress.Uploads?.map((u) => u.Key)).toEqual(['big.bin']);

    const done = await a.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'big.bin',
        UploadId: uploadId,
        MultipartUpload: { Parts: uploaded },
      }),
    );
    const etag = `"${createHash('md5')
      .update(Buffer.concat(parts.map(md5)))
      .digest('hex')}-3"`;
    expect(done.ETag).toBe(etag);
    const partCrcs = parts.map((p) => Buffer.from(computeChecksum('CRC32', p), 'base64'));
    expect(done.ChecksumCRC32).toBe(`${computeChecksum('CRC32', partCrcs)}-3`);
    expect(done.Location).toMatch(/\/multipart-bucket\/big\.bin$/);

    const got = await a.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'big.bin', ChecksumMode: 'ENABLED' }),
    );
    const body = Buffer.from(await got.Body!.transformToByteArray());
    expect(body.equals(Buffer.concat(parts))).toBe(true);
    expect(got).toMatchObject({ ETag: etag, ContentType: 'application/x-big' });
    const second = await a.send(new GetObjectCommand({ Bucket: bucket, Key: 'big.bin', PartNumber: 2 }));
    expect(second.PartsCount).toBe(3);
    expect(second.ContentRange).toBe(`bytes ${5 * MiB}-${10 * MiB - 1}/${10 * MiB + 1234}`);
    expect(Buffer.from(await second.Body!.transformToByteArray()).equals(parts[1]!)).toBe(true);
    expect((await a.send(new ListMultipartUploadsCommand({ Bucket: bucket }))).Uploads).toBeUndefined();
  });

  it('checks part order, part ETags and the minimum part size', async () => {
    const a = h.client('rootA');
    const { uploadId, uploaded } = await upload('checked.bin');
    const complete = (list: CompletedPart[]) =>
      a.send(
        new CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: 'checked.bin',
          UploadId: uploadId,
          MultipartUpload: { Parts: list },
        }),
      );
    expect((await failure(complete([uploaded[1]!, uploaded[0]!]))).name).toBe('InvalidPartOrder');
    expect((await failure(complete([{ ...uploaded[0]!, ETag: '"0000"' }]))).name).toBe('InvalidPart');
    const unknownPart = await failure(complete([uploaded[2]!, { PartNumber: 4, ETag: uploaded[2]!.ETag }]));
    expect(unknownPart).toMatchObject({ name: 'InvalidPart', status: 400 });
    // Part 3 (1234 bytes) may only be the last part.
    await a.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: 'checked.bin',
        UploadId: uploadId,
        PartNumber: 9,
        Body: 'tiny',
      }),
    );
    const listed = await a.send(
      new ListPartsCommand({ Bucket: bucket, Key: 'checked.bin', UploadId: uploadId }),
    );
    const tiny = listed.Parts!.find((p) => p.PartNumber === 9)!;
    const tooSmall = await failure(complete([uploaded[2]!, { PartNumber: 9, ETag: tiny.ETag }]));
    expect(tooSmall).toMatchObject({ name: 'EntityTooSmall', status: 400 });
    expect(tooSmall.raw['PartNumber']).toBe('3');
    // The same parts still complete when listed validly.
    await complete(uploaded);
  });

  it('aborts an upload, after which its ID is unknown', async () => {
    const a = h.client('rootA');
    const { uploadId } = await upload('aborted.bin');
    await a.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: 'aborted.bin', UploadId: uploadId }));
    const err = await failure(
      a.send(new ListPartsCommand({ Bucket: bucket, Key: 'aborted.bin', UploadId: uploadId })),
    );
    expect(err).toMatchObject({ name: 'NoSuchUpload', status: 404 });
    expect(
      (await failure(a.send(new HeadObjectCommand({ Bucket: bucket, Key: 'aborted.bin' })))).status,
    ).toBe(404);
  });

  it('copies a byte range of an object into a part with UploadPartCopy', async () => {
    const a = h.client('rootA');
    const source = bytes(6 * MiB, 9);
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'copy-source.bin', Body: source }));
    const created = await a.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'assembled.bin' }));
    const first = await a.send(
      new UploadPartCopyCommand({
        Bucket: bucket,
        Key: 'assembled.bin',
        UploadId: created.UploadId,
        PartNumber: 1,
        CopySource: `${bucket}/copy-source.bin`,
        CopySourceRange: `bytes=0-${5 * MiB - 1}`,
      }),
    );
    const second = await a.send(
      new UploadPartCopyCommand({
        Bucket: bucket,
        Key: 'assembled.bin',
        UploadId: created.UploadId,
        PartNumber: 2,
        CopySource: `${bucket}/copy-source.bin`,
        CopySourceRange: `bytes=${5 * MiB}-${6 * MiB - 1}`,
      }),
    );
    await a.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'assembled.bin',
        UploadId: created.UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: first.CopyPartResult?.ETag },
            { PartNumber: 2, ETag: second.CopyPartResult?.ETag },
          ],
        },
      }),
    );
    const got = await a.send(new GetObjectCommand({ Bucket: bucket, Key: 'assembled.bin' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(source)).toBe(true);
  });

  it('seals an SSE-KMS multipart object with the key chosen at the start', async () => {
    h.kms.createKey({
      accountId: ACCOUNT_A,
      region: 'us-east-1',
      policy: keyPolicy(ACCOUNT_A),
      alias: 'alias/mp',
    });
    const a = h.client('rootA');
    const { uploadId, uploaded } = await upload('sealed.bin', { sse: 'aws:kms' });
    const done = await a.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'sealed.bin',
        UploadId: uploadId,
        MultipartUpload: { Parts: uploaded },
      }),
    );
    expect(done.ServerSideEncryption).toBe('aws:kms');
    const got = await a.send(new GetObjectCommand({ Bucket: bucket, Key: 'sealed.bin' }));
    expect(got.SSEKMSKeyId).toMatch(/^arn:aws:kms:us-east-1:111111111111:key\//);
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.concat(parts))).toBe(true);
  });
});
