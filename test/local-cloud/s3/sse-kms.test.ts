import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KmsKeyRecord } from '../../../src/local-cloud/services/deps.js';
import { s3Slice } from '../../../src/local-cloud/services/s3/index.js';
import { send } from '../http/fixtures.js';
import { ACCOUNT_A, ACCOUNT_B, failure, keyPolicy, type S3Harness, startS3Harness } from './harness.js';

async function read(client: S3Client, bucket: string, key: string): Promise<string> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body!.transformToString();
}

const S3_ACCESS = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow' as const, Action: 's3:*', Resource: '*' }],
};

describe('S3 SSE-KMS', () => {
  let h: S3Harness;
  let key: KmsKeyRecord;
  const bucket = 'kms-bucket';

  beforeAll(async () => {
    h = await startS3Harness();
    key = h.kms.createKey({
      accountId: ACCOUNT_A,
      region: 'us-east-1',
      policy: keyPolicy(ACCOUNT_A),
      alias: 'alias/app',
    });
    const a = h.client('rootA');
    await a.send(new CreateBucketCommand({ Bucket: bucket }));
    await a.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'secret.txt',
        Body: 'top secret',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.arn,
      }),
    );
  });
  afterAll(() => h.close());

  const storedBlob = (objectKey: string): Buffer => {
    const record = h.store.get(s3Slice).buckets[bucket]!;
    return h.store.getBlob(record.objects[objectKey]![0]!.blob!);
  };

  it('stores the body sealed by KMS and returns the plaintext with the SSE headers', async () => {
    expect(storedBlob('secret.txt').includes(Buffer.from('top secret'))).toBe(false);
    const got = await h.client('rootA').send(new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' }));
    expect(await got.Body!.transformToString()).toBe('top secret');
    expect(got).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key.arn });
    // The KMS encryption context is the object ARN.
    const opened = h.kms.decrypt(storedBlob('secret.txt'), {
      'aws:s3:arn': `arn:aws:s3:::${bucket}/secret.txt`,
    });
    expect(opened.plaintext.toString()).toBe('top secret');
  });

  it('needs kms:Decrypt on the key to read, and kms:GenerateDataKey to write', async () => {
    h.setPolicies('roleA', [S3_ACCESS]);
    const role = h.client('roleA');
    const denied = await failure(read(role, bucket, 'secret.txt'));
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(denied.message).toBe(
      `User: arn:aws:sts::${ACCOUNT_A}:assumed-role/Writer/s3-test is not authorized to perform: kms:Decrypt on resource: ${key.arn} because no identity-based policy allows the kms:Decrypt action`,
    );
    // Metadata needs no key permission.
    const head = await role.send(new HeadObjectCommand({ Bucket: bucket, Key: 'secret.txt' }));
    expect(head.SSEKMSKeyId).toBe(key.arn);
    const write = await failure(
      role.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'new.txt',
          Body: 'x',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: key.arn,
        }),
      ),
    );
    expect(write.message).toContain(`kms:GenerateDataKey on resource: ${key.arn}`);

    h.setPolicies('roleA', [
      S3_ACCESS,
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: key.arn,
            Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
          },
        ],
      },
    ]);
    expect(await read(role, bucket, 'secret.txt')).toBe('top secret');
    await role.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'new.txt',
        Body: 'fresh',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'alias/app',
      }),
    );
    expect(await read(role, bucket, 'new.txt')).toBe('fresh');
  });

  it('lets another account read only when the bucket policy, its identity and the key policy allow', async () => {
    await h.client('rootA').send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: ACCOUNT_B },
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
            },
          ],
        }),
      }),
    );
    const b = h.client('rootB');
    const denied = await failure(read(b, bucket, 'secret.txt'));
    expect(denied.message).toContain('kms:Decrypt');
    expect(denied.message).toContain('because no resource-based policy allows the kms:Decrypt action');
    h.kms.setPolicy(
      key,
      keyPolicy(ACCOUNT_A, {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
        Action: 'kms:Decrypt',
        Resource: '*',
      }),
    );
    expect(await read(b, bucket, 'secret.txt')).toBe('top secret');
  });

  it('uses the bucket default key (with a Bucket Key, the bucket ARN as context) when the request names none', async () => {
    const a = h.client('rootA');
    await a.send(new CreateBucketCommand({ Bucket: 'kms-default' }));
    await a.send(
      new PutBucketEncryptionCommand({
        Bucket: 'kms-default',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.arn },
              BucketKeyEnabled: true,
            },
          ],
        },
      }),
    );
    const put = await a.send(new PutObjectCommand({ Bucket: 'kms-default', Key: 'auto.txt', Body: 'auto' }));
    expect(put).toMatchObject({
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: key.arn,
      BucketKeyEnabled: true,
    });
    const record = h.store.get(s3Slice).buckets['kms-default']!;
    const blob = h.store.getBlob(record.objects['auto.txt']![0]!.blob!);
    expect(h.kms.decrypt(blob, { 'aws:s3:arn': 'arn:aws:s3:::kms-default' }).plaintext.toString()).toBe(
      'auto',
    );
    expect(await read(a, 'kms-default', 'auto.txt')).toBe('auto');
  });

  it("uses the requester's AWS managed key aws/s3 for aws:kms without a key ID, usable only in its account", async () => {
    const a = h.client('rootA');
    const put = await a.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'managed.txt',
        Body: 'managed',
        ServerSideEncryption: 'aws:kms',
      }),
    );
    const managed = h.kms.resolveKey('alias/aws/s3', { accountId: ACCOUNT_A, region: 'us-east-1' });
    expect(put.SSEKMSKeyId).toBe(managed?.arn);
    expect(await read(a, bucket, 'managed.txt')).toBe('managed');
    // The aws/s3 key policy only serves callers of its own account: B cannot read, whatever S3 allows.
    const denied = await failure(read(h.client('rootB'), bucket, 'managed.txt'));
    expect(denied.message).toContain(`kms:Decrypt on resource: ${managed?.arn}`);
  });

  it('answers KMS.NotFoundException for an unknown key and KMS.DisabledException for a disabled one', async () => {
    const a = h.client('rootA');
    const missing = await failure(
      a.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'x',
          Body: 'x',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: 'alias/none',
        }),
      ),
    );
    expect(missing).toMatchObject({ name: 'KMS.NotFoundException', status: 400 });
    const disabled = h.kms.createKey({
      accountId: ACCOUNT_A,
      region: 'us-east-1',
      policy: keyPolicy(ACCOUNT_A),
    });
    h.kms.keys.set(disabled.keyId, { ...disabled, enabled: false });
    const err = await failure(
      a.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'x',
          Body: 'x',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: disabled.arn,
        }),
      ),
    );
    expect(err).toMatchObject({ name: 'KMS.DisabledException', status: 400 });
    const aesWithKey = await failure(
      a.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'x',
          Body: 'x',
          ServerSideEncryption: 'AES256',
          SSEKMSKeyId: key.arn,
        }),
      ),
    );
    expect(aesWithKey.name).toBe('InvalidArgument');
  });

  it('needs kms:Decrypt on the source key to copy an SSE-KMS object', async () => {
    h.setPolicies('roleA', [S3_ACCESS]);
    const err = await failure(
      h
        .client('roleA')
        .send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy.txt', CopySource: `${bucket}/secret.txt` })),
    );
    expect(err.message).toContain(`kms:Decrypt on resource: ${key.arn}`);
    const copied = await h
      .client('rootA')
      .send(new CopyObjectCommand({ Bucket: bucket, Key: 'copy.txt', CopySource: `${bucket}/secret.txt` }));
    // The copy is encrypted as the request or the target bucket says (here: SSE-S3), not as the source was.
    expect(copied.ServerSideEncryption).toBe('AES256');
    expect(await read(h.client('roleA'), bucket, 'copy.txt')).toBe('top secret');
  });

  it('refuses SSE-KMS objects to unsigned requests even when the bucket policy is public', async () => {
    await h.client('rootA').send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` },
          ],
        }),
      }),
    );
    const res = await send(h.cloud.endpoint, { method: 'GET', path: `/${bucket}/secret.txt` });
    expect(res.status).toBe(400);
    expect(res.body).toContain('require AWS Signature Version 4');
    const plain = await send(h.cloud.endpoint, { method: 'GET', path: `/${bucket}/copy.txt` });
    expect(plain.status).toBe(200);
  });
});
