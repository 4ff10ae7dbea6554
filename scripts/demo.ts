/**
 * `npm start`'s second half: the built example, deployed on a local cloud — no AWS account needed.
 *
 *   tsx scripts/demo.ts [dist] [--regions us-east-1,eu-west-1] [--accounts 6]
 *
 * 1. starts an ephemeral local cloud (an organization of 14 accounts);
 * 2. in the tools account, one artifact bucket per region, encrypted with a KMS key the organization
 *    may decrypt with, and readable by the organization only (aws:PrincipalOrgID);
 * 3. publishes the artifact, built once, to every regional bucket;
 * 4. from the management account, assumes OrganizationAccountAccessRole in each workload account and
 *    deploys the orchestration stack there in every region, with a change set per stack;
 *    one target fails on purpose (a log group its stack creates was made by hand there): its root cause
 *    is reported, the log group removed, and the target deployed again (`--clean` skips this);
 * 5. evaluates one deployed Config rule with its real Lambda, and deploys one target again (nothing to do);
 * 6. stops the cloud. Nothing is left behind.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  StartConfigRulesEvaluationCommand,
} from '@aws-sdk/client-config-service';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { AwsClients } from '../src/aws/clients.js';
import { type AwsCredentials, RoleSessions } from '../src/aws/credentials.js';
import type { Manifest } from '../src/build/manifest.js';
import { publishArtifact } from '../src/deploy/publish.js';
import { mapPool } from '../src/pool.js';
import { deployStack } from '../src/deploy/stack-operation.js';
import { createLocalCloud, type LocalCloudInstance } from '../src/local-cloud/index.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    regions: { type: 'string', default: 'us-east-1,eu-west-1' },
    accounts: { type: 'string', default: '6' },
    /** No staged failure: every target deploys. */
    clean: { type: 'boolean', default: false },
  },
});
const distDir = path.resolve(positionals[0] ?? 'examples/config-rules/dist');
const regions = values.regions.split(',').filter(Boolean);
const accountLimit = Number(values.accounts);

const started = process.hrtime.bigint();
const since = (): string => `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)}s`;
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function artifactBucket(project: string, region: string): string {
  return `${project}-artifacts-${region}`;
}

async function setUpArtifacts(cloud: LocalCloudInstance, manifest: Manifest): Promise<void> {
  const tools = cloud.credentialsFor('tools');
  const orgId = cloud.organization.id;
  for (const region of regions) {
    const config = { endpoint: cloud.endpoint, region, credentials: tools };
    const kms = new KMSClient(config);
    const toolsRoot = `arn:aws:iam::${cloud.accounts.find('tools')!.id}:root`;
    const key = await kms.send(
      new CreateKeyCommand({
        Description: `${manifest.project} artifacts (${region})`,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'ToolsAccountAdministers',
              Effect: 'Allow',
              Principal: { AWS: toolsRoot },
              Action: 'kms:*',
              Resource: '*',
            },
            {
              Sid: 'OrganizationDecrypts',
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: ['kms:Decrypt', 'kms:DescribeKey'],
              Resource: '*',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
            },
          ],
        }),
      }),
    );
    kms.destroy();
    const keyArn = key.KeyMetadata!.Arn!;
    const s3 = new S3Client({ ...config, forcePathStyle: true });
    const bucket = artifactBucket(manifest.project, region);
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as 'eu-west-1' } }),
      }),
    );
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [
            { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } },
          ],
        },
      }),
    );
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'OrganizationReads',
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
              Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
            },
          ],
        }),
      }),
    );
    const published = await publishArtifact({ s3, bucket, distDir, manifest, kmsKeyId: keyArn });
    s3.destroy();
    say(
      `  published to s3://${bucket}: ${published.uploaded} objects, ${(published.bytes / 1024).toFixed(1)} KB, SSE-KMS`,
    );
  }
}

interface Target {
  account: { id: string; name: string };
  region: string;
}

async function deployTo(
  aws: AwsClients,
  manifest: Manifest,
  target: Target,
): Promise<{ outcome: string; detail: string }> {
  const bucket = artifactBucket(manifest.project, target.region);
  const result = await deployStack({
    cfn: aws.cloudformation({ accountId: target.account.id, region: target.region }),
    stackName: manifest.project,
    templateUrl: `https://${bucket}.s3.${target.region}.amazonaws.com/${manifest.root.key}`,
    parameters: { ArtifactBucket: bucket, ArtifactPrefix: '' },
    capabilities: ['CAPABILITY_IAM'],
    mode: 'deploy',
    poll: { intervalMs: 20, timeoutMs: 120_000 },
  });
  const detail = result.rootCause
    ? `${[...result.rootCause.stackPath, result.rootCause.logicalId].join(' > ')}: ${result.rootCause.reason}`
    : `${result.changes.length} changes`;
  return { outcome: result.outcome, detail };
}

async function evaluateRule(
  cloud: LocalCloudInstance,
  manifest: Manifest,
  target: Target,
  credentials: AwsCredentials,
) {
  // The S3 encryption rule evaluates buckets, which are easy to make here; any rule will do otherwise.
  const rules = manifest.functions.flatMap((f) => (f.configRule ? [f.configRule] : []));
  const rule = rules.find((r) => r.includes('s3')) ?? rules[0];
  if (!rule) return;
  const config = { endpoint: cloud.endpoint, region: target.region, credentials };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const kmsBucket = `${target.account.name}-encrypted-with-kms`;
  await s3.send(new CreateBucketCommand({ Bucket: kmsBucket }));
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: kmsBucket,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }],
      },
    }),
  );
  await s3.send(new CreateBucketCommand({ Bucket: `${target.account.name}-default-encryption` }));
  s3.destroy();
  const configService = new ConfigServiceClient(config);
  await configService.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [rule] }));
  await cloud.internal.config.idle();
  await cloud.internal.lambda.idle();
  const out = await configService.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule }));
  configService.destroy();
  say(`  Config rule ${rule} in ${target.account.name}/${target.region}, evaluated by its deployed Lambda:`);
  for (const r of out.EvaluationResults ?? []) {
    const q = r.EvaluationResultIdentifier?.EvaluationResultQualifier;
    say(`    ${(q?.ResourceId ?? '').padEnd(44)} ${r.ComplianceType}`);
  }
}

async function main(): Promise<void> {
  const manifest = JSON.parse(await readFile(path.join(distDir, 'manifest.json'), 'utf8')) as Manifest;
  say('');
  say(
    `Deploying ${manifest.project} (${manifest.functions.length} functions) on a local cloud — no AWS account used`,
  );
  const cloud = await createLocalCloud({ ephemeral: true });
  try {
    say(
      `  local cloud on ${cloud.endpoint}: organization ${cloud.organization.id}, ${cloud.accounts.list().length} accounts`,
    );
    await setUpArtifacts(cloud, manifest);
    const workloads = cloud.accounts
      .list()
      .filter((a) => a.name !== 'management' && a.name !== 'tools')
      .slice(0, accountLimit);
    const targets: Target[] = workloads.flatMap((account) => regions.map((region) => ({ account, region })));
    say(
      `  deploying to ${workloads.length} accounts × ${regions.length} regions = ${targets.length} stacks, 8 at a time`,
    );
    // From the management account into each workload account, as a pipeline would with its deploy role.
    const management = cloud.credentialsFor('management');
    const sts = new STSClient({
      endpoint: cloud.endpoint,
      region: management.region,
      credentials: management,
    });
    const roles = new RoleSessions({
      sts,
      roleName: 'OrganizationAccountAccessRole',
      sessionName: 'fleetpipe-demo',
    });
    const aws = new AwsClients({ credentials: (id) => roles.provider(id), endpoint: cloud.endpoint });
    // A staged failure, to show root-cause reporting: in the last target, a log group one function's
    // stack creates already exists (made by hand), so that stack cannot be created there.
    const drifted = values.clean || targets.length < 2 ? undefined : targets[targets.length - 1]!;
    const logGroup = `/aws/lambda/${manifest.functions[0]!.name}`;
    const logsIn = async (target: Target) =>
      new CloudWatchLogsClient({
        endpoint: cloud.endpoint,
        region: target.region,
        credentials: await roles.credentials(target.account.id),
      });
    if (drifted) {
      const logs = await logsIn(drifted);
      await logs.send(new CreateLogGroupCommand({ logGroupName: logGroup }));
      logs.destroy();
      say(`  staged: ${logGroup} was created by hand in ${drifted.account.name}/${drifted.region}`);
    }
    const results = await mapPool(targets, 8, async (target) => {
      const r = await deployTo(aws, manifest, target);
      say(
        `    ${`${target.account.name} (${target.account.id})`.padEnd(34)} ${target.region.padEnd(12)} ${r.outcome.padEnd(9)} ${r.detail}  [${since()}]`,
      );
      return r;
    });
    const failed = results.filter((r) => r.outcome === 'failed').length;
    say(
      `  ${results.length - failed} of ${results.length} stacks deployed${failed ? `, ${failed} failed` : ''}`,
    );
    const unexpected = targets.filter((t, i) => (results[i]!.outcome === 'failed') !== (t === drifted));
    if (drifted) {
      const logs = await logsIn(drifted);
      await logs.send(new DeleteLogGroupCommand({ logGroupName: logGroup }));
      logs.destroy();
      const retried = await deployTo(aws, manifest, drifted);
      say(
        `  removed the hand-made log group; ${drifted.account.name}/${drifted.region} deployed again: ${retried.outcome}`,
      );
      if (retried.outcome !== 'created') unexpected.push(drifted);
    }
    const first = targets[0]!;
    await evaluateRule(cloud, manifest, first, await roles.credentials(first.account.id));
    const again = await deployTo(aws, manifest, first);
    aws.destroy();
    sts.destroy();
    say(`  deploying ${first.account.name}/${first.region} again: ${again.outcome}`);
    say(`done in ${since()}`);
    if (unexpected.length > 0) process.exitCode = 1;
  } finally {
    await cloud.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
