// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates.
/**
 * Packaged functions for synthesis tests, without files or zips: a spec from
 * the shared maker (test/build/helpers/spec.ts), and a code hash derived from the name.
 */
import { createHash } from 'node:crypto';
import type { CfnResource, CfnTemplate } from '../../../src/build/synth/cfn.js';
import type { FunctionSpec, PackagedFunction } from '../../../src/build/types.js';
import { makeSpec as makeSharedSpec } from '../helpers/spec.js';

export const Project = 'acme';

/** The shared spec maker, named as fleetpipe names functions in project `acme`. */
export function makeSpec(dirName: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return makeSharedSpec({
    dir: `/project/functions/${dirName}`,
    name: `${Project}-${dirName}`,
    ...overrides,
  });
}

export function makePackaged(
  dirName: string,
  overrides: Partial<FunctionSpec> = {},
  code = 'v1',
): PackagedFunction {
  const spec = makeSpec(dirName, overrides);
  const codeSha256 = createHash('sha256').update(`${spec.name}:${code}`).digest('hex');
  return {
    spec,
    codeSha256,
    codeKey: `functions/${spec.name}/${codeSha256}.zip`,
    zipBytes: 1000,
    unzippedBytes: 3000,
    fileCount: 1,
    cached: false,
  };
}

/** `count` plain functions named fn-0000, fn-0001, … */
export function makeMany(count: number, start = 0): PackagedFunction[] {
  return Array.from({ length: count }, (_, i) => makePackaged(`fn-${String(start + i).padStart(4, '0')}`));
}

export const TwelveRegions = [
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ca-central-1',
  'eu-central-1',
  'eu-north-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'sa-east-1',
  'us-east-1',
  'us-west-2',
];

/** A small, representative set: every kind of Config rule, schedules, env, IAM, targets, both runtimes. */
export function representativeFunctions(): PackagedFunction[] {
  return [
    makePackaged('s3-bucket-encryption', {
      description: 'S3 buckets must have default encryption',
      iamStatements: [
        {
          effect: 'Allow',
          actions: ['s3:GetEncryptionConfiguration', 's3:GetBucketTagging'],
          resources: ['arn:${AWS::Partition}:s3:::*'],
        },
      ],
      configRule: {
        name: 's3-bucket-encryption',
        resourceTypes: ['AWS::S3::Bucket'],
        inputParameters: { algorithm: 'aws:kms', strict: true },
        scope: { tagKey: 'compliance', tagValue: 'required' },
      },
      environment: { LOG_LEVEL: 'info', ALLOWED: 'aws:kms' },
    }),
    makePackaged('iam-password-policy', {
      runtime: 'python3.13',
      family: 'python',
      handler: 'app.lambda_handler',
      entry: 'app.py',
      packaging: 'python',
      architecture: 'x86_64',
      iamStatements: [{ effect: 'Allow', actions: ['iam:GetAccountPasswordPolicy'], resources: ['*'] }],
      configRule: { name: 'iam-password-policy', frequency: 'TwentyFour_Hours' },
    }),
    makePackaged('sg-open-ports', {
      memorySize: 512,
      timeout: 120,
      reservedConcurrency: 2,
      iamStatements: [
        {
          sid: 'ReadSecurityGroups',
          effect: 'Allow',
          actions: 'ec2:DescribeSecurityGroups',
          resources: '*',
          conditions: { StringEquals: { 'aws:RequestedRegion': '${AWS::Region}' } },
        },
      ],
      configRule: {
        name: 'sg-open-ports',
        description: 'No security group allows 0.0.0.0/0 on admin ports',
        resourceTypes: ['AWS::EC2::SecurityGroup'],
        frequency: 'Six_Hours',
        inputParameters: { ports: '22,3389' },
      },
      targets: { regions: ['eu-west-1', 'us-east-1'], excludeAccounts: ['111111111111', 'Sandbox'] },
    }),
    makePackaged('single-bucket-check', {
      configRule: {
        name: 'single-bucket-check',
        resourceTypes: ['AWS::S3::Bucket'],
        scope: { resourceId: 'my-important-bucket' },
      },
      targets: { accounts: ['123456789012', '210987654321'] },
    }),
    makePackaged('daily-report', {
      runtime: 'python3.12',
      family: 'python',
      handler: 'report.handler',
      entry: 'report.py',
      packaging: 'python',
      logRetentionDays: 90,
      schedule: {
        expression: 'cron(0 6 * * ? *)',
        input: { report: 'daily', recipients: ['sec@example.com'] },
        enabled: true,
      },
      environment: { REPORT_BUCKET: 'acme-reports' },
      iamStatements: [
        {
          effect: 'Allow',
          actions: ['s3:PutObject'],
          resources: ['arn:aws:s3:::acme-reports-${AWS::AccountId}/*'],
        },
        { effect: 'Deny', actions: ['s3:DeleteObject'], resources: ['*'] },
      ],
      targets: { accounts: ['Security', 'Audit/Logs'], excludeRegions: ['ap-east-1'] },
      tags: { team: 'security', CostCenter: '42' },
    }),
    makePackaged('tag-sweeper', {
      packaging: 'node-bundle',
      entry: 'src/index.ts',
      handler: 'index.handler',
      schedule: { expression: 'rate(1 hour)', enabled: false },
      tags: { team: 'platform' },
      // More regions than one Fn::Or takes: the condition nests.
      targets: { regions: TwelveRegions },
    }),
  ];
}

// ── template queries (targeted assertions, not snapshots) ──────────────────

export function parse(body: string): CfnTemplate {
  return JSON.parse(body) as CfnTemplate;
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** The one resource of a type; fails the test if there are none or several. */
export function onlyResource(template: CfnTemplate, type: string): CfnResource {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}`);
  return found[0]![1];
}

export function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The error `fn` throws; fails the test when it throws nothing. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but nothing was thrown');
}
