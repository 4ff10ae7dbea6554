/**
 * A local cloud for the stack operation tests: CloudFormation and S3 clients of one workload account,
 * a template bucket in that account, and small template builders (log groups, topics, nested stacks).
 */
import { CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createLocalCloud, type LocalCloudInstance } from '../../src/local-cloud/index.js';

export const WORKLOAD = 'dev-payments';
export const REGION = 'us-east-1';

export interface DeployCloud {
  cloud: LocalCloudInstance;
  cfn: CloudFormationClient;
  s3: S3Client;
  accountId: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  bucket: string;
  /** Uploads a template (or any body) and returns its TemplateURL. */
  put(key: string, body: unknown): Promise<string>;
  /** The stack, or undefined when DescribeStacks says it does not exist. */
  stack(nameOrId: string): Promise<Stack | undefined>;
  close(): Promise<void>;
}

export async function startDeployCloud(bucket = 'fleetpipe-test-templates'): Promise<DeployCloud> {
  const cloud = await createLocalCloud({ port: 0 });
  const { accessKeyId, secretAccessKey } = cloud.credentialsFor(WORKLOAD);
  const credentials = { accessKeyId, secretAccessKey };
  const config = {
    endpoint: cloud.endpoint,
    region: REGION,
    credentials: { ...credentials },
    maxAttempts: 1,
  };
  const cfn = new CloudFormationClient(config);
  const s3 = new S3Client({ ...config, credentials: { ...credentials }, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const accountId = cloud.accounts.find(WORKLOAD)?.id;
  if (!accountId) throw new Error(`no account ${WORKLOAD} in the local cloud`);
  return {
    cloud,
    cfn,
    s3,
    accountId,
    credentials,
    bucket,
    async put(key, body) {
      const text = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text }));
      return `https://${bucket}.s3.${REGION}.amazonaws.com/${key}`;
    },
    async stack(nameOrId) {
      try {
        return (await cfn.send(new DescribeStacksCommand({ StackName: nameOrId }))).Stacks?.[0];
      } catch (err) {
        if (err instanceof Error && /does not exist/.test(err.message)) return undefined;
        throw err;
      }
    },
    async close() {
      cfn.destroy();
      s3.destroy();
      await cloud.close();
    },
  };
}

export const logGroup = (properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  Type: 'AWS::Logs::LogGroup',
  Properties: { RetentionInDays: 7, ...properties },
  ...extra,
});

export const topic = () => ({ Type: 'AWS::SNS::Topic', Properties: {} });

export const nestedStack = (
  templateUrl: string,
  parameters?: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  Type: 'AWS::CloudFormation::Stack',
  Properties: { TemplateURL: templateUrl, ...(parameters ? { Parameters: parameters } : {}) },
  ...extra,
});

export const template = (resources: Record<string, unknown>, parameters?: Record<string, unknown>) => ({
  AWSTemplateFormatVersion: '2010-09-09',
  ...(parameters ? { Parameters: parameters } : {}),
  Resources: resources,
});

/** Changes as `path action [replacement]` lines, sorted, for comparing plans. */
export const changeLines = (changes: { path: string[]; action: string; replacement?: string }[]) =>
  changes.map((c) => `${c.path.join('/')} ${c.action}${c.replacement ? ` ${c.replacement}` : ''}`).sort();
