/**
 * Helpers for tests that drive a whole local cloud (createLocalCloud) with the SDK v3 clients and the
 * `aws` CLI: a movable clock shared by the cloud and the clients' signers, clients per credentials,
 * AssumeRole shortcuts and a temp-dir helper.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { type AssumeRoleCommandInput, AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  type CreateLocalCloudOptions,
  createLocalCloud,
  type LocalCloudInstance,
} from '../../../src/local-cloud/index.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The cloud's clock: the real time when the test started plus an offset the test moves. SDK clients
 * sign with the same offset (systemClockOffset), so moving it never trips the 15-minute skew check.
 */
export class TestClock {
  private readonly base = Date.now();
  offsetMs = 0;
  readonly now = () => new Date(this.base + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TestCloud {
  cloud: LocalCloudInstance;
  clock: TestClock;
  root(account: string): Credentials;
  sts(creds: Credentials): STSClient;
  iam(creds: Credentials): IAMClient;
  organizations(creds: Credentials): OrganizationsClient;
  /** Assumes a role and returns the session's credentials. */
  assume(creds: Credentials, input: AssumeRoleCommandInput): Promise<Credentials>;
  close(): Promise<void>;
}

export function sdkConfig(cloud: LocalCloudInstance, clock: TestClock, creds: Credentials) {
  return {
    endpoint: cloud.endpoint,
    region: 'us-east-1',
    // A copy: the SDK marks the credentials object it is given.
    credentials: { ...creds },
    maxAttempts: 1,
    systemClockOffset: clock.offsetMs,
  };
}

export async function startTestCloud(options: CreateLocalCloudOptions = {}): Promise<TestCloud> {
  const clock = new TestClock();
  const cloud = await createLocalCloud({ now: clock.now, ...options });
  const sts = (creds: Credentials) => new STSClient(sdkConfig(cloud, clock, creds));
  return {
    cloud,
    clock,
    root: (account) => {
      const { accessKeyId, secretAccessKey } = cloud.credentialsFor(account);
      return { accessKeyId, secretAccessKey };
    },
    sts,
    iam: (creds) => new IAMClient(sdkConfig(cloud, clock, creds)),
    organizations: (creds) => new OrganizationsClient(sdkConfig(cloud, clock, creds)),
    assume: async (creds, input) => {
      const out = await sts(creds).send(new AssumeRoleCommand(input));
      const c = out.Credentials!;
      return {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      };
    },
    close: () => cloud.close(),
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { name: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export async function makeTempDir(
  prefix = 'fleetpipe-lc-',
): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Runs the `aws` CLI with only the given credentials in its environment. */
export function runAws(
  args: string[],
  options: { creds?: Credentials; home: string; env?: Record<string, string> },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    HOME: options.home,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_MAX_ATTEMPTS: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...options.env,
  };
  if (options.creds) {
    env['AWS_ACCESS_KEY_ID'] = options.creds.accessKeyId;
    env['AWS_SECRET_ACCESS_KEY'] = options.creds.secretAccessKey;
    if (options.creds.sessionToken) env['AWS_SESSION_TOKEN'] = options.creds.sessionToken;
  }
  return new Promise((resolve) => {
    execFile('aws', args, { env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

export const trustPolicy = (statement: Record<string, unknown>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }],
  });

export const allowPolicy = (action: string | string[], resource: string | string[] = '*') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: action, Resource: resource }],
  });
