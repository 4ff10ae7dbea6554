/**
 * Compatibility check: the same SDK v3 code runs against fleetpipe's local cloud and against `moto_server`
 * (an independent AWS emulator started here as a child process). Where both agree the test asserts the shared
 * behaviour; where they differ it asserts each side's behaviour, and docs/local-cloud.md ("Compared with
 * moto_server") says which one matches AWS's documentation.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { ConfigServiceClient, DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalCloud, type LocalCloudInstance } from '../../src/local-cloud/index.js';
import { allowPolicy, type Credentials, trustPolicy } from '../local-cloud/core/fixture.js';

type Side = 'local' | 'moto';

interface Target {
  side: Side;
  endpoint: string;
  /** Credentials of an administrator in `callerAccount`. */
  caller: Credentials;
  callerAccount: string;
  otherAccount: string;
  /** Credentials with which to create resources in `account`. */
  adminOf(account: string): Promise<Credentials>;
}

const MOTO_ACCOUNT = '123456789012';
const OTHER_ACCOUNT = '222222222222';

function config(target: Target, creds: Credentials) {
  return { endpoint: target.endpoint, region: 'us-east-1', credentials: { ...creds }, maxAttempts: 1 };
}

async function assumeRole(target: Target, creds: Credentials, roleArn: string): Promise<Credentials> {
  const sts = new STSClient(config(target, creds));
  const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'compat' }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** 'ok' when the call succeeds, otherwise the error's name and HTTP status ('AccessDenied 403'). */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (err) {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    return `${e.name} ${e.$metadata?.httpStatusCode ?? '-'}`;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function answersHttp(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('error', () => resolve(false));
    req.once('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/**
 * Starts moto_server on a free port: waits for its "Running on" line, then checks that it answers HTTP.
 * Fails (never skips) with a clear message when it cannot start within 20 s.
 */
async function startMoto(): Promise<{ child: ChildProcess; endpoint: string }> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no "Running on" line within 20 s')), 20_000);
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`Running on ${endpoint}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code}: ${output.trim()}`));
    });
  });
  try {
    await started;
    if (!(await answersHttp(`${endpoint}/moto-api/`))) throw new Error('it does not answer HTTP');
  } catch (err) {
    child.kill();
    throw new Error(
      `moto_server could not be started on ${endpoint} (${(err as Error).message}); ` +
        'this test needs `moto_server` on PATH (pip install "moto[server]").',
    );
  }
  child.stderr!.resume();
  return { child, endpoint };
}

let cloud: LocalCloudInstance;
let moto: { child: ChildProcess; endpoint: string } | undefined;
const targets: Record<Side, Target> = {} as Record<Side, Target>;

beforeAll(async () => {
  cloud = await createLocalCloud({ ephemeral: true });
  const creds = (account: string): Credentials => {
    const { accessKeyId, secretAccessKey } = cloud.credentialsFor(account);
    return { accessKeyId, secretAccessKey };
  };
  targets.local = {
    side: 'local',
    endpoint: cloud.endpoint,
    caller: creds('111111111111'),
    callerAccount: '111111111111',
    otherAccount: OTHER_ACCOUNT,
    adminOf: async (account) => creds(account),
  };
  moto = await startMoto();
  const motoCaller = { accessKeyId: 'AKIACOMPATTEST000001', secretAccessKey: 'compat-secret' };
  targets.moto = {
    side: 'moto',
    endpoint: moto.endpoint,
    caller: motoCaller,
    callerAccount: MOTO_ACCOUNT,
    otherAccount: OTHER_ACCOUNT,
    // moto's multi-account: a session of a role in another account acts in that account.
    adminOf: (account) =>
      account === MOTO_ACCOUNT
        ? Promise.resolve(motoCaller)
        : assumeRole(targets.moto, motoCaller, `arn:aws:iam::${account}:role/compat-bootstrap`),
  };
});

afterAll(async () => {
  const child = moto?.child;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
  }
  await cloud?.close();
});

describe.each(['local', 'moto'] as const)('compatibility: %s', (side) => {
  const t = () => targets[side];

  it('STS: GetCallerIdentity and cross-account AssumeRole honour (or not) the trust policy', async () => {
    const target = t();
    const sts = new STSClient(config(target, target.caller));
    const me = await sts.send(new GetCallerIdentityCommand({}));
    expect(me.Account).toBe(target.callerAccount);

    const otherIam = new IAMClient(config(target, await target.adminOf(target.otherAccount)));
    await otherIam.send(
      new CreateRoleCommand({
        RoleName: 'compat-trusted',
        AssumeRolePolicyDocument: trustPolicy({
          Principal: { AWS: `arn:aws:iam::${target.callerAccount}:root` },
        }),
      }),
    );
    await otherIam.send(
      new CreateRoleCommand({
        RoleName: 'compat-untrusted',
        AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: 'arn:aws:iam::999999999999:root' } }),
      }),
    );

    const session = await assumeRole(
      target,
      target.caller,
      `arn:aws:iam::${OTHER_ACCOUNT}:role/compat-trusted`,
    );
    const who = await new STSClient(config(target, session)).send(new GetCallerIdentityCommand({}));
    expect(who.Account).toBe(OTHER_ACCOUNT);
    expect(who.Arn).toBe(`arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/compat-trusted/compat`);

    const untrusted = await outcome(
      assumeRole(target, target.caller, `arn:aws:iam::${OTHER_ACCOUNT}:role/compat-untrusted`),
    );
    // AWS refuses with AccessDenied; moto does not evaluate trust policies.
    expect(untrusted).toBe(side === 'local' ? 'AccessDenied 403' : 'ok');
  });

  it('S3: objects, ListObjectsV2 paging and an aws:SecureTransport deny', async () => {
    const target = t();
    const s3 = new S3Client({ ...config(target, target.caller), forcePathStyle: true });
    const bucket = `compat-${side}-bucket`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'hello.txt', Body: 'hello' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' }));
    expect(await got.Body!.transformToString()).toBe('hello');

    const paged = `compat-${side}-paged`;
    await s3.send(new CreateBucketCommand({ Bucket: paged }));
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      await s3.send(new PutObjectCommand({ Bucket: paged, Key: key, Body: key }));
    }
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: paged, MaxKeys: 2, ContinuationToken: token }),
      );
      pages.push((page.Contents ?? []).map((o) => o.Key!));
      expect(page.KeyCount).toBe(pages.at(-1)!.length);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token && pages.length < 10);
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);

    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:GetObject',
              Resource: `arn:aws:s3:::${bucket}/*`,
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        }),
      }),
    );
    const overHttp = await outcome(s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' })));
    // Both deny; AWS answers 403 with an AccessDenied XML error, moto a 403 with an empty body (the SDK
    // can only call it "Unknown").
    expect(overHttp).toBe(side === 'local' ? 'AccessDenied 403' : 'Unknown 403');
  });

  it('KMS: encrypt/decrypt roundtrip and a key policy that denies another principal', async () => {
    const target = t();
    const kms = new KMSClient(config(target, target.caller));
    const key = await kms.send(new CreateKeyCommand({ Description: 'compat' }));
    const keyId = key.KeyMetadata!.KeyId!;
    const plaintext = new TextEncoder().encode('secret bytes');
    const enc = await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: plaintext }));
    const dec = await kms.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob! }));
    expect(new TextDecoder().decode(dec.Plaintext)).toBe('secret bytes');
    expect(dec.KeyId).toBe(key.KeyMetadata!.Arn);

    const iam = new IAMClient(config(target, target.caller));
    const deniedRole = `arn:aws:iam::${target.callerAccount}:role/compat-kms-denied`;
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'compat-kms-denied',
        AssumeRolePolicyDocument: trustPolicy({
          Principal: { AWS: `arn:aws:iam::${target.callerAccount}:root` },
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'compat-kms-denied',
        PolicyName: 'kms',
        PolicyDocument: allowPolicy('kms:*'),
      }),
    );
    const guarded = await kms.send(
      new CreateKeyCommand({
        Description: 'compat guarded',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'Admin',
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${target.callerAccount}:root` },
              Action: 'kms:*',
              Resource: '*',
            },
            { Sid: 'Deny', Effect: 'Deny', Principal: { AWS: deniedRole }, Action: 'kms:*', Resource: '*' },
          ],
        }),
      }),
    );
    const session = await assumeRole(target, target.caller, deniedRole);
    const denied = await outcome(
      new KMSClient(config(target, session)).send(
        new EncryptCommand({ KeyId: guarded.KeyMetadata!.KeyId!, Plaintext: plaintext }),
      ),
    );
    // AWS: an explicit Deny in the key policy wins; moto does not evaluate key policies.
    expect(denied).toBe(side === 'local' ? 'AccessDeniedException 403' : 'ok');
  });

  it('CloudFormation: log group + role stack, its events, and a Config rule', async () => {
    const target = t();
    const cfn = new CloudFormationClient(config(target, target.caller));
    const waitForStack = async (name: string): Promise<Stack> => {
      for (let attempt = 0; attempt < 500; attempt++) {
        const out = await cfn.send(new DescribeStacksCommand({ StackName: name }));
        const stack = out.Stacks![0]!;
        if (!stack.StackStatus!.endsWith('_IN_PROGRESS')) return stack;
        // Each DescribeStacks is a round trip; no timed sleep between them.
      }
      throw new Error(`stack ${name} did not settle`);
    };

    const template = {
      Resources: {
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `compat-${side}-logs` } },
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            },
          },
        },
      },
    };
    await cfn.send(
      new CreateStackCommand({
        StackName: 'compat-stack',
        TemplateBody: JSON.stringify(template),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    expect((await waitForStack('compat-stack')).StackStatus).toBe('CREATE_COMPLETE');
    const events = (await cfn.send(new DescribeStackEventsCommand({ StackName: 'compat-stack' })))
      .StackEvents!;
    const summary = events.map((e) => `${e.LogicalResourceId}:${e.ResourceStatus}`);
    // Both report the stack's own events; only the local cloud (like AWS) reports each resource's.
    expect(summary).toContain('compat-stack:CREATE_IN_PROGRESS');
    expect(summary).toContain('compat-stack:CREATE_COMPLETE');
    const resourceEvents = [
      'Logs:CREATE_IN_PROGRESS',
      'Logs:CREATE_COMPLETE',
      'Role:CREATE_IN_PROGRESS',
      'Role:CREATE_COMPLETE',
    ];
    if (side === 'local') expect(summary).toEqual(expect.arrayContaining(resourceEvents));
    else expect(summary.filter((s) => resourceEvents.includes(s))).toEqual([]);
    for (const event of events) {
      expect(event.StackName).toBe('compat-stack');
      expect(event.EventId).toBeTruthy();
      expect(event.Timestamp).toBeInstanceOf(Date);
    }

    const ruleTemplate = {
      Resources: {
        Rule: {
          Type: 'AWS::Config::ConfigRule',
          Properties: {
            ConfigRuleName: `compat-${side}-rule`,
            Source: { Owner: 'AWS', SourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED' },
            Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'] },
          },
        },
      },
    };
    await cfn.send(
      new CreateStackCommand({ StackName: 'compat-rule', TemplateBody: JSON.stringify(ruleTemplate) }),
    );
    const ruleStack = await waitForStack('compat-rule');
    const configClient = new ConfigServiceClient(config(target, target.caller));
    const rules = await configClient.send(new DescribeConfigRulesCommand({}));
    // Both report CREATE_COMPLETE; the local cloud (like AWS) creates the rule, moto ignores the resource.
    expect(ruleStack.StackStatus).toBe('CREATE_COMPLETE');
    const names = (rules.ConfigRules ?? []).map((r) => r.ConfigRuleName);
    expect(names).toEqual(side === 'local' ? [`compat-${side}-rule`] : []);
  });
});
