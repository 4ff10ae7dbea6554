/**
 * A whole local cloud for the Lambda API tests: SDK clients per credentials, zips from file maps, and
 * execution roles (trusting lambda.amazonaws.com unless told otherwise) with inline policies.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { CreateFunctionCommand, type CreateFunctionCommandInput, LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { createZip } from '../../../../src/build/zip.js';
import { type Credentials, sdkConfig, startTestCloud, type TestCloud } from '../../core/fixture.js';

export const MANAGEMENT = '111111111111';
export const TOOLS = '222222222222';

export interface LambdaCloud extends TestCloud {
  lambda(creds: Credentials): LambdaClient;
  s3(creds: Credentials): S3Client;
  kms(creds: Credentials): KMSClient;
  logs(creds: Credentials): CloudWatchLogsClient;
  /** Creates a role in the credentials' account; returns its ARN. */
  role(creds: Credentials, input: { name: string; service?: string; policy?: object }): Promise<string>;
  /** Creates a function from inline code with defaults (nodejs22.x, index.handler). */
  createFunction(
    creds: Credentials,
    input: Partial<CreateFunctionCommandInput> & {
      FunctionName: string;
      Role: string;
      files?: Record<string, string>;
    },
  ): Promise<string>;
}

export function zipOf(files: Record<string, string>): Buffer {
  return createZip(
    Object.entries(files).map(([path, text]) => ({ path, data: Buffer.from(text), mode: 0o644 })),
  );
}

export const LOGS_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    },
  ],
};

export async function startLambdaCloud(): Promise<LambdaCloud> {
  const test = await startTestCloud();
  const config = (creds: Credentials) => sdkConfig(test.cloud, test.clock, creds);
  const lambda = (creds: Credentials) => new LambdaClient(config(creds));
  return {
    ...test,
    lambda,
    s3: (creds) => new S3Client({ ...config(creds), forcePathStyle: true }),
    kms: (creds) => new KMSClient(config(creds)),
    logs: (creds) => new CloudWatchLogsClient(config(creds)),
    async role(creds, input) {
      const iam = test.iam(creds);
      const out = await iam.send(
        new CreateRoleCommand({
          RoleName: input.name,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: input.service ?? 'lambda.amazonaws.com' },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        }),
      );
      if (input.policy) {
        await iam.send(
          new PutRolePolicyCommand({
            RoleName: input.name,
            PolicyName: 'inline',
            PolicyDocument: JSON.stringify(input.policy),
          }),
        );
      }
      return out.Role!.Arn!;
    },
    async createFunction(creds, input) {
      const { files, ...rest } = input;
      const out = await lambda(creds).send(
        new CreateFunctionCommand({
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          Code: { ZipFile: zipOf(files ?? { 'index.js': 'exports.handler = async (e) => e;' }) },
          ...rest,
        }),
      );
      return out.FunctionArn!;
    },
  };
}
