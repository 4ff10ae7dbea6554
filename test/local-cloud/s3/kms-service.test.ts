/** S3's SSE-KMS with the real KMS service (AES-256-GCM, key policies, aliases) behind it. */
import { CreateAliasCommand, CreateKeyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Slice } from '../../../src/local-cloud/services/s3/index.js';
import { ACCOUNT_A, ACCOUNT_B, failure, keyPolicy, type S3Harness, startS3Harness } from './harness.js';

describe('S3 SSE-KMS with the KMS service', () => {
  let h: S3Harness;
  let keyArn: string;
  const bucket = 'real-kms-bucket';

  beforeAll(async () => {
    h = await startS3Harness({ realKms: true });
    const kms = new KMSClient({ ...h.clientConfig('rootA'), maxAttempts: 1 });
    const created = await kms.send(new CreateKeyCommand({ Policy: JSON.stringify(keyPolicy(ACCOUNT_A)) }));
    keyArn = created.KeyMetadata!.Arn!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/artifacts', TargetKeyId: keyArn }));
    const a = h.client('rootA');
    await a.send(new CreateBucketCommand({ Bucket: bucket }));
    await a.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: 'alias/artifacts',
              },
            },
          ],
        },
      }),
    );
    await a.send(
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
  });
  afterAll(() => h.close());

  it('encrypts with the bucket default key (alias resolved in the writer account) and decrypts on read', async () => {
    const a = h.client('rootA');
    const put = await a.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'artifact.zip', Body: 'zip bytes' }),
    );
    expect(put).toMatchObject({ ServerSideEncryption: 'aws:kms', SSEKMSKeyId: keyArn });
    const stored = h.store.get(s3Slice).buckets[bucket]!.objects['artifact.zip']![0]!;
    expect(h.store.getBlob(stored.blob!).includes(Buffer.from('zip bytes'))).toBe(false);
    const got = await a.send(new GetObjectCommand({ Bucket: bucket, Key: 'artifact.zip' }));
    expect(await got.Body!.transformToString()).toBe('zip bytes');
  });

  it('lets another account read only once the key policy allows it', async () => {
    const b = h.client('rootB');
    const denied = await failure(b.send(new GetObjectCommand({ Bucket: bucket, Key: 'artifact.zip' })));
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(denied.message).toContain(`kms:Decrypt on resource: ${keyArn}`);
    const kms = new KMSClient({ ...h.clientConfig('rootA'), maxAttempts: 1 });
    await kms.send(
      new PutKeyPolicyCommand({
        KeyId: keyArn,
        PolicyName: 'default',
        Policy: JSON.stringify(
          keyPolicy(ACCOUNT_A, {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
            Action: 'kms:Decrypt',
            Resource: '*',
            Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
          }),
        ),
      }),
    );
    const got = await b.send(new GetObjectCommand({ Bucket: bucket, Key: 'artifact.zip' }));
    expect(await got.Body!.transformToString()).toBe('zip bytes');
  });

  it('uses the AWS managed key aws/s3 that KMS creates on first use', async () => {
    const a = h.client('rootA');
    const put = await a.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'managed.txt',
        Body: 'managed',
        ServerSideEncryption: 'aws:kms',
      }),
    );
    const managed = h.kmsInternal.resolveKey('alias/aws/s3', { accountId: ACCOUNT_A, region: 'us-east-1' });
    expect(managed).toBeDefined();
    expect(put.SSEKMSKeyId).toBe(managed!.arn);
    const got = await a.send(new GetObjectCommand({ Bucket: bucket, Key: 'managed.txt' }));
    expect(await got.Body!.transformToString()).toBe('managed');
  });
});
