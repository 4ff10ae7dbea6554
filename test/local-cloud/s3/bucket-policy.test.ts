import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyStatement } from '../../../src/local-cloud/iam/index.js';
import { send } from '../http/fixtures.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  ALLOW_ALL,
  failure,
  ORG_ID,
  type S3Harness,
  startS3Harness,
} from './harness.js';

function policy(...statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

async function read(client: S3Client, bucket: string, key: string): Promise<string> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body!.transformToString();
}

describe('S3 bucket policies (SDK v3)', () => {
  let h: S3Harness;
  const bucket = 'policy-bucket';

  beforeAll(async () => {
    h = await startS3Harness({ https: true });
    const a = h.client('rootA');
    await a.send(new CreateBucketCommand({ Bucket: bucket }));
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'shared/report.txt', Body: 'report' }));
    await a.send(new PutObjectCommand({ Bucket: bucket, Key: 'private/secret.txt', Body: 'secret' }));
  });
  afterAll(() => h.close());

  const setPolicy = (text: string) =>
    h.client('rootA').send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: text }));

  it('stores, returns and deletes a policy; NoSuchBucketPolicy without one', async () => {
    const a = h.client('rootA');
    const none = await failure(a.send(new GetBucketPolicyCommand({ Bucket: bucket })));
    expect(none).toMatchObject({ name: 'NoSuchBucketPolicy', status: 404 });
    const text = policy({
      Effect: 'Allow',
      Principal: { AWS: ACCOUNT_B },
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${bucket}/*`,
    });
    await setPolicy(text);
    expect((await a.send(new GetBucketPolicyCommand({ Bucket: bucket }))).Policy).toBe(text);
    await a.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    expect((await failure(a.send(new GetBucketPolicyCommand({ Bucket: bucket })))).name).toBe(
      'NoSuchBucketPolicy',
    );
  });

  it.each([
    ['not JSON', '{"Version": ', "first byte must be '{'|Syntax"],
    [
      'no Principal',
      policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }),
      'Principal',
    ],
    [
      'another bucket',
      policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::elsewhere/*',
      }),
      'invalid resource',
    ],
    [
      'a non-S3 action',
      policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 'kms:Decrypt',
        Resource: `arn:aws:s3:::${bucket}/*`,
      }),
      'Action does not apply',
    ],
  ])('refuses a policy with %s as MalformedPolicy', async (_what, text, message) => {
    const err = await failure(setPolicy(text));
    expect(err).toMatchObject({ name: 'MalformedPolicy', status: 400 });
    expect(err.message).toMatch(new RegExp(message));
  });

  it('lets another account read only when both the bucket policy and its identity policies allow', async () => {
    await h.client('rootA').send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    const denied = await failure(read(h.client('rootB'), bucket, 'shared/report.txt'));
    expect(denied).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(denied.message).toContain('because no resource-based policy allows the s3:GetObject action');

    await setPolicy(
      policy({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_B}:root` },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/shared/*`],
      }),
    );
    expect(await read(h.client('rootB'), bucket, 'shared/report.txt')).toBe('report');
    const outside = await failure(read(h.client('rootB'), bucket, 'private/secret.txt'));
    expect(outside.name).toBe('AccessDenied');

    // A role session of B: the bucket policy delegates to account B, whose identity policies must allow.
    h.setPolicies('roleB', []);
    const noIdentity = await failure(read(h.client('roleB'), bucket, 'shared/report.txt'));
    expect(noIdentity.message).toContain('because no identity-based policy allows the s3:GetObject action');
    h.setPolicies('roleB', [ALLOW_ALL]);
    expect(await read(h.client('roleB'), bucket, 'shared/report.txt')).toBe('report');
    const listed = await h
      .client('roleB')
      .send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'shared/' }));
    expect(listed.KeyCount).toBe(1);
  });

  it('grants by aws:PrincipalArn and aws:PrincipalOrgID conditions', async () => {
    h.setPolicies('roleB', [ALLOW_ALL]);
    await setPolicy(
      policy(
        {
          Sid: 'ReaderRoleOnly',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/shared/*`,
          Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT_B}:role/Reader` } },
        },
        {
          Sid: 'Organization',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::${bucket}/private/*`,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
        },
      ),
    );
    expect(await read(h.client('roleB'), bucket, 'shared/report.txt')).toBe('report');
    expect((await failure(read(h.client('rootB'), bucket, 'shared/report.txt'))).name).toBe('AccessDenied');
    expect(await read(h.client('rootB'), bucket, 'private/secret.txt')).toBe('secret');
    const outsider = await failure(read(h.client('rootC'), bucket, 'private/secret.txt'));
    expect(outsider).toMatchObject({ name: 'AccessDenied', status: 403 });
  });

  it('applies an explicit deny to the owner too, but the owner root can still replace the policy', async () => {
    await setPolicy(
      policy({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      }),
    );
    const denied = await failure(read(h.client('rootA'), bucket, 'shared/report.txt'));
    expect(denied.message).toContain('with an explicit deny in a resource-based policy');
    await h.client('rootA').send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    expect(await read(h.client('rootA'), bucket, 'shared/report.txt')).toBe('report');
  });

  it('answers MethodNotAllowed to another account that the policy lets manage the policy', async () => {
    await setPolicy(
      policy({
        Effect: 'Allow',
        Principal: { AWS: ACCOUNT_B },
        Action: 's3:GetBucketPolicy',
        Resource: `arn:aws:s3:::${bucket}`,
      }),
    );
    const err = await failure(h.client('rootB').send(new GetBucketPolicyCommand({ Bucket: bucket })));
    expect(err).toMatchObject({ name: 'MethodNotAllowed', status: 405 });
    const rootC = await failure(h.client('rootC').send(new GetBucketPolicyCommand({ Bucket: bucket })));
    expect(rootC.status).toBe(403);
  });

  it('enforces a TLS-only policy with aws:SecureTransport: denied over HTTP, allowed over HTTPS', async () => {
    await setPolicy(
      policy({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const overHttp = await failure(read(h.client('rootA'), bucket, 'shared/report.txt'));
    expect(overHttp.message).toContain('with an explicit deny in a resource-based policy');
    expect(await read(h.client('rootA', { https: true }), bucket, 'shared/report.txt')).toBe('report');
    await h.client('rootA', { https: true }).send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  });

  it('lets anonymous requests in only as far as the policy allows "*"', async () => {
    const anonymous = (path: string) => send(h.cloud.endpoint, { method: 'GET', path });
    const before = await anonymous(`/${bucket}/shared/report.txt`);
    expect(before.status).toBe(403);
    expect(before.body).toContain('<Code>AccessDenied</Code>');
    await setPolicy(
      policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${bucket}/shared/*`,
      }),
    );
    const after = await anonymous(`/${bucket}/shared/report.txt`);
    expect(after.status).toBe(200);
    expect(after.body).toBe('report');
    expect((await anonymous(`/${bucket}/private/secret.txt`)).status).toBe(403);
    expect((await anonymous(`/${bucket}?list-type=2`)).status).toBe(403);
    expect((await anonymous('/')).status).toBe(403);
    await h.client('rootA').send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  });

  it('evaluates s3:x-amz-server-side-encryption and the KMS key ID header in conditions', async () => {
    const key = h.kms.createKey({
      accountId: ACCOUNT_A,
      region: 'us-east-1',
      policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: ACCOUNT_A }, Action: 'kms:*', Resource: '*' }],
      },
    });
    await setPolicy(
      policy(
        {
          Sid: 'RequireKms',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
          Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
        },
        {
          Sid: 'RequireKey',
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${bucket}/*`,
          Condition: {
            StringNotEqualsIfExists: { 's3:x-amz-server-side-encryption-aws-kms-key-id': key.arn },
          },
        },
      ),
    );
    const a = h.client('rootA');
    const plain = await failure(
      a.send(new PutObjectCommand({ Bucket: bucket, Key: 'enc/plain', Body: 'x' })),
    );
    expect(plain.message).toContain('explicit deny');
    const aes = await failure(
      a.send(
        new PutObjectCommand({ Bucket: bucket, Key: 'enc/aes', Body: 'x', ServerSideEncryption: 'AES256' }),
      ),
    );
    expect(aes.name).toBe('AccessDenied');
    const otherKey = await failure(
      a.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'enc/other',
          Body: 'x',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: `arn:aws:kms:us-east-1:${ACCOUNT_A}:key/00000000-0000-4000-8000-0000000000aa`,
        }),
      ),
    );
    expect(otherKey.name).toBe('AccessDenied');
    const ok = await a.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'enc/kms',
        Body: 'x',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: key.arn,
      }),
    );
    expect(ok.SSEKMSKeyId).toBe(key.arn);
    await a.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  });
});
