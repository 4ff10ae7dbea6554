/**
 * End to end, build once → deploy many: examples/config-rules is built once with fleetpipe's library,
 * the artifact is uploaded to the tools account's bucket (readable by the organization through a bucket
 * policy), deployed with CloudFormation in a workload account (one nested stack per function), the
 * s3-bucket-encryption Config rule is evaluated by its real Lambda against two buckets, and the stack
 * is deleted again. All against one local cloud.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import {
  ConfigServiceClient,
  DescribeConfigRulesCommand,
  GetComplianceDetailsByConfigRuleCommand,
  StartConfigRulesEvaluationCommand,
} from '@aws-sdk/client-config-service';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import type { Manifest } from '../../src/build/manifest.js';
import { createLocalCloud, type LocalCloudInstance } from '../../src/local-cloud/index.js';
import {
  type Credentials,
  makeTempDir,
  rejection,
  sdkConfig,
  TestClock,
} from '../local-cloud/core/fixture.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/config-rules');
const TOOLS = '222222222222';
const WORKLOAD = 'dev-payments';
const ARTIFACT_BUCKET = 'acme-fleetpipe-artifacts-use1';
const STACK = 'acme-guardrails';
const RULE = 'acme-guardrails-s3-bucket-encryption';

describe('examples/config-rules: build once, deploy from the tools bucket to a workload account', () => {
  const clock = new TestClock();
  let cloud: LocalCloudInstance;
  let work: { path: string; remove(): Promise<void> };
  let manifest: Manifest;
  let outDir: string;
  let workload: Credentials;
  let cfn: CloudFormationClient;
  let stackId = '';

  const creds = (account: string): Credentials => {
    const { accessKeyId, secretAccessKey } = cloud.credentialsFor(account);
    return { accessKeyId, secretAccessKey };
  };
  const config = (c: Credentials) => sdkConfig(cloud, clock, c);

  async function stack(): Promise<Stack> {
    const out = await cfn.send(new DescribeStacksCommand({ StackName: STACK }));
    return out.Stacks![0]!;
  }
  async function failureReasons(): Promise<string> {
    const out = await cfn.send(new DescribeStackEventsCommand({ StackName: stackId || STACK }));
    return (out.StackEvents ?? [])
      .filter((e) => e.ResourceStatusReason)
      .map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}: ${e.ResourceStatusReason}`)
      .join('\n');
  }

  beforeAll(async () => {
    work = await makeTempDir('fleetpipe-e2e-');
    const projectDir = path.join(work.path, 'project');
    await cp(EXAMPLE, projectDir, {
      recursive: true,
      filter: (src) => !['dist', '.fleetpipe'].includes(path.basename(src)),
    });
    // The rule accepts only SSE-KMS here: S3 encrypts every bucket with SSE-S3 by default, so with
    // requireKms false no bucket could be NON_COMPLIANT.
    const fnYaml = path.join(projectDir, 'functions/s3-bucket-encryption/function.yaml');
    const text = await readFile(fnYaml, 'utf8');
    expect(text).toContain('requireKms: false');
    await writeFile(fnYaml, text.replace('requireKms: false', 'requireKms: true'));

    outDir = path.join(work.path, 'out');
    const built = await build({ projectDir, outDir, cacheDir: path.join(work.path, 'cache') });
    manifest = built.manifest;
    cloud = await createLocalCloud({ now: clock.now });
    workload = creds(WORKLOAD);
    cfn = new CloudFormationClient(config(workload));
  });

  afterAll(async () => {
    await cloud?.close();
    await work?.remove();
  });

  it('uploads the artifact to the tools account, readable by the organization', async () => {
    const s3 = new S3Client({ ...config(creds(TOOLS)), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: ARTIFACT_BUCKET }));
    const keys = [
      manifest.root.key,
      ...manifest.functions.flatMap((f) => [f.template.key, f.code.key]),
      ...manifest.shards.map((s) => s.key),
    ];
    expect(manifest.functions.length).toBe(5);
    for (const key of keys) {
      await s3.send(
        new PutObjectCommand({
          Bucket: ARTIFACT_BUCKET,
          Key: key,
          Body: await readFile(path.join(outDir, key)),
        }),
      );
    }
    // Before the policy, the workload account cannot read the artifact.
    const reader = new S3Client({ ...config(workload), forcePathStyle: true });
    const denied = await rejection(
      reader.send(new GetObjectCommand({ Bucket: ARTIFACT_BUCKET, Key: manifest.root.key })),
    );
    expect(denied.name).toBe('AccessDenied');
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: ARTIFACT_BUCKET,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'OrganizationReadsArtifacts',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${ARTIFACT_BUCKET}/*`,
              Condition: { StringEquals: { 'aws:PrincipalOrgID': cloud.organization.id } },
            },
          ],
        }),
      }),
    );
  });

  it('creates the stack in the workload account: one nested stack per function', async () => {
    const { StackId } = await cfn.send(
      new CreateStackCommand({
        StackName: STACK,
        TemplateURL: `https://${ARTIFACT_BUCKET}.s3.us-east-1.amazonaws.com/${manifest.root.key}`,
        Parameters: [
          { ParameterKey: 'ArtifactBucket', ParameterValue: ARTIFACT_BUCKET },
          { ParameterKey: 'ArtifactPrefix', ParameterValue: '' },
        ],
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    await cloud.internal.cloudformation.idle();
    stackId = StackId!;
    const created = await stack();
    expect(created.StackStatus, await failureReasons()).toBe('CREATE_COMPLETE');

    const resources = await cfn.send(new ListStackResourcesCommand({ StackName: STACK }));
    const nested = (resources.StackResourceSummaries ?? []).filter(
      (r) => r.ResourceType === 'AWS::CloudFormation::Stack',
    );
    expect(nested.map((r) => r.LogicalResourceId).sort()).toEqual(
      manifest.functions.map((f) => f.logicalId).sort(),
    );
    expect(nested.every((r) => r.ResourceStatus === 'CREATE_COMPLETE')).toBe(true);

    const lambda = new LambdaClient(config(workload));
    for (const fn of manifest.functions) {
      const got = await lambda.send(new GetFunctionCommand({ FunctionName: fn.name }));
      expect(got.Configuration?.Runtime).toBe(fn.runtime);
      expect(got.Configuration?.FunctionArn).toContain(`:${cloud.accounts.find(WORKLOAD)?.id ?? 'none'}:`);
    }

    const rules = manifest.functions.flatMap((f) => (f.configRule ? [f.configRule] : []));
    expect(rules).toContain(RULE);
    const described = await new ConfigServiceClient(config(workload)).send(
      new DescribeConfigRulesCommand({ ConfigRuleNames: rules }),
    );
    expect((described.ConfigRules ?? []).map((r) => r.ConfigRuleName).sort()).toEqual([...rules].sort());
  });

  it('evaluates the s3-bucket-encryption rule with its deployed function', async () => {
    const s3 = new S3Client({ ...config(workload), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'payments-kms-encrypted' }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'payments-kms-encrypted',
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
        },
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'payments-default-encryption' }));

    const configService = new ConfigServiceClient(config(workload));
    await configService.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [RULE] }));
    const compliance = async () => {
      const out = await configService.send(
        new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: RULE }),
      );
      return Object.fromEntries(
        (out.EvaluationResults ?? []).map((r) => [
          r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId,
          r.ComplianceType,
        ]),
      );
    };
    let results: Record<string, string | undefined> = {};
    for (let round = 0; round < 5 && Object.keys(results).length < 2; round++) {
      await cloud.internal.config.idle();
      await cloud.internal.lambda.idle();
      results = await compliance();
    }
    expect(results).toEqual({
      'payments-kms-encrypted': 'COMPLIANT',
      'payments-default-encryption': 'NON_COMPLIANT',
    });
  });

  it('deletes the stack and its functions', async () => {
    await cfn.send(new DeleteStackCommand({ StackName: STACK }));
    await cloud.internal.cloudformation.idle();
    // A deleted stack is described by its ID only.
    const deleted = await cfn.send(new DescribeStacksCommand({ StackName: stackId }));
    expect(deleted.Stacks?.[0]?.StackStatus, await failureReasons()).toBe('DELETE_COMPLETE');

    const lambda = new LambdaClient(config(workload));
    for (const fn of manifest.functions) {
      const gone = await rejection(lambda.send(new GetFunctionCommand({ FunctionName: fn.name })));
      expect(gone.name).toBe('ResourceNotFoundException');
    }
  });
});
