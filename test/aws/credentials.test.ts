/**
 * Role sessions per target account, against the local cloud's STS: assumed once and cached, renewed
 * before they expire, shared by concurrent callers, and refused with the account and role named.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { RoleSessions } from '../../src/aws/credentials.js';
import { FleetpipeError } from '../../src/errors.js';
import { createLocalCloud, type LocalCloudInstance } from '../../src/local-cloud/index.js';

const ROLE = 'OrganizationAccountAccessRole';
let cloud: LocalCloudInstance;
let workload: string;

beforeAll(async () => {
  cloud = await createLocalCloud({ ephemeral: true });
  workload = cloud.accounts.find('dev-payments')!.id;
});
afterAll(async () => {
  await cloud?.close();
});

/** STS as `account`, counting AssumeRole calls. */
function countingSts(account: string): { sts: STSClient; calls: () => number } {
  const creds = cloud.credentialsFor(account);
  const sts = new STSClient({ endpoint: cloud.endpoint, region: creds.region, credentials: creds });
  let calls = 0;
  const send = sts.send.bind(sts);
  sts.send = ((command: unknown, ...rest: unknown[]) => {
    calls += 1;
    return (send as (c: unknown, ...r: unknown[]) => Promise<unknown>)(command, ...rest);
  }) as typeof sts.send;
  return { sts, calls: () => calls };
}

describe('RoleSessions', () => {
  it('assumes the role in the target account once and serves the session from its cache', async () => {
    const { sts, calls } = countingSts('management');
    const roles = new RoleSessions({ sts, roleName: ROLE, sessionName: 'fleetpipe-test' });
    const [a, b, c] = await Promise.all([
      roles.credentials(workload),
      roles.credentials(workload),
      roles.credentials(workload),
    ]);
    expect(calls()).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(await roles.credentials(workload)).toBe(a);
    expect(calls()).toBe(1);
    expect(a.expiration).toBeInstanceOf(Date);
    const who = new STSClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials: a });
    const identity = await who.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(workload);
    expect(identity.Arn).toBe(`arn:aws:sts::${workload}:assumed-role/${ROLE}/fleetpipe-test`);
    who.destroy();
    sts.destroy();
  });

  it('renews a session five minutes before it expires', async () => {
    const { sts, calls } = countingSts('management');
    let now = new Date();
    const roles = new RoleSessions({ sts, roleName: ROLE, sessionName: 'renewing', now: () => now });
    const first = await roles.credentials(workload);
    now = new Date(first.expiration!.getTime() - 6 * 60_000);
    expect(await roles.credentials(workload)).toBe(first);
    now = new Date(first.expiration!.getTime() - 4 * 60_000);
    const second = await roles.credentials(workload);
    expect(second).not.toBe(first);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(calls()).toBe(2);
    sts.destroy();
  });

  it('names the account and role when the role cannot be assumed, and does not cache the failure', async () => {
    // OrganizationAccountAccessRole trusts the management account only.
    const { sts, calls } = countingSts('tools');
    const roles = new RoleSessions({ sts, roleName: ROLE, sessionName: 'denied' });
    const err = await roles.credentials(workload).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FleetpipeError);
    const e = err as FleetpipeError;
    expect(e.code).toBe('AwsAssumeRoleFailed');
    expect(e.message).toContain(`arn:aws:iam::${workload}:role/${ROLE} in account ${workload}: AccessDenied`);
    expect(e.hint).toContain('trust policy');
    await roles.credentials(workload).catch(() => undefined);
    expect(calls()).toBe(2);
    sts.destroy();
  });

  it('refuses an account ID that is not 12 digits', async () => {
    const { sts } = countingSts('management');
    const roles = new RoleSessions({ sts, roleName: ROLE, sessionName: 'x' });
    const err = (await roles.credentials('30000001').catch((e: unknown) => e)) as FleetpipeError;
    expect(err.code).toBe('AwsAccountIdInvalid');
    expect(err.hint).toContain('12 digits');
    sts.destroy();
  });
});

describe('AwsClients', () => {
  it('makes one client per service, account and region, acting in that account', async () => {
    const { sts, calls } = countingSts('management');
    const roles = new RoleSessions({ sts, roleName: ROLE, sessionName: 'clients' });
    const aws = new AwsClients({ credentials: (id) => roles.provider(id), endpoint: cloud.endpoint });
    const target = { accountId: workload, region: 'eu-west-1' };
    const cfn = aws.cloudformation(target);
    expect(aws.cloudformation(target)).toBe(cfn);
    expect(aws.cloudformation({ ...target, region: 'us-east-1' })).not.toBe(cfn);
    expect(cfn).toBeInstanceOf(CloudFormationClient);
    const stacks = await cfn.send(new DescribeStacksCommand({}));
    expect(stacks.Stacks).toEqual([]);
    await aws.s3(target).config.credentials();
    expect(calls()).toBe(1);
    aws.destroy();
    sts.destroy();
  });
});
