import { CreateKeyCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateFunctionCommand, InvokeCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../../core/fixture.js';
import { type LambdaCloud, MANAGEMENT, startLambdaCloud, TOOLS, zipOf } from './harness.js';

let t: LambdaCloud;

beforeAll(async () => {
  t = await startLambdaCloud();
});
afterAll(() => t.close());

const rootOf = (account: string) => `arn:aws:iam::${account}:root`;

describe('code in another account’s SSE-KMS bucket', () => {
  it('is denied until both the bucket policy and the key policy allow the caller', async () => {
    const tools = t.root('tools');
    const key = await t.kms(tools).send(new CreateKeyCommand({ Description: 'artifacts' }));
    const keyArn = key.KeyMetadata!.Arn!;
    await t.s3(tools).send(new CreateBucketCommand({ Bucket: 'tools-artifacts' }));
    await t.s3(tools).send(
      new PutObjectCommand({
        Bucket: 'tools-artifacts',
        Key: 'fn.zip',
        Body: zipOf({ 'index.js': 'exports.handler = async () => "from tools";' }),
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: keyArn,
      }),
    );
    const management = t.root('management');
    const role = await t.role(management, { name: 'exec' });
    const create = () =>
      t.lambda(management).send(
        new CreateFunctionCommand({
          FunctionName: 'from-tools',
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          Role: role,
          Code: { S3Bucket: 'tools-artifacts', S3Key: 'fn.zip' },
        }),
      );
    const noBucketPolicy = await rejection(create());
    expect(noBucketPolicy.name).toBe('AccessDeniedException');
    expect(noBucketPolicy.message).toBe(
      'Your access has been denied by S3, please make sure your request credentials have permission to GetObject for tools-artifacts/fn.zip. S3 Error Code: AccessDenied. S3 Error Message: Access Denied',
    );

    await t.s3(tools).send(
      new PutBucketPolicyCommand({
        Bucket: 'tools-artifacts',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: rootOf(MANAGEMENT) },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::tools-artifacts/*',
            },
          ],
        }),
      }),
    );
    const noKeyPolicy = await rejection(create());
    expect(noKeyPolicy.name).toBe('AccessDeniedException');

    await t.kms(tools).send(
      new PutKeyPolicyCommand({
        KeyId: keyArn,
        PolicyName: 'default',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: rootOf(TOOLS) }, Action: 'kms:*', Resource: '*' },
            {
              Effect: 'Allow',
              Principal: { AWS: rootOf(MANAGEMENT) },
              Action: 'kms:Decrypt',
              Resource: '*',
              Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
            },
          ],
        }),
      }),
    );
    const created = await create();
    expect(created.State).toBe('Active');
    const out = await t.lambda(management).send(new InvokeCommand({ FunctionName: 'from-tools' }));
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toBe('from tools');
  });
});
