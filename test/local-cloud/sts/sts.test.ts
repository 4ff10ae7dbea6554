/**
 * STS over the wire with the SDK v3 clients and the aws CLI: caller identity, cross-account role
 * chains, trust policy conditions, session limits, expiry and session tags.
 */
import {
  CreateRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowPolicy,
  type Credentials,
  makeTempDir,
  rejection,
  runAws,
  startTestCloud,
  type TestCloud,
  trustPolicy,
} from '../core/fixture.js';

const MANAGEMENT = '111111111111';
const TOOLS = '222222222222';
const DEV = '300000000001'; // dev-payments
const QA = '300000000004'; // qa-payments
const PROD_EU = '300000000010'; // prod-eu-payments
const OAAR = (account: string) => `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`;

describe('STS', () => {
  let t: TestCloud;
  let home: { path: string; remove(): Promise<void> };
  let orgId: string;

  /** Creates a role (and an inline policy) in an account, as that account's administrator. */
  async function createRole(
    account: string,
    input: {
      name: string;
      trust: string;
      policy?: string;
      maxSessionDuration?: number;
      tags?: Record<string, string>;
    },
  ) {
    const iam = t.iam(t.root(account));
    await iam.send(
      new CreateRoleCommand({
        RoleName: input.name,
        AssumeRolePolicyDocument: input.trust,
        MaxSessionDuration: input.maxSessionDuration,
        Tags: Object.entries(input.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    if (input.policy) {
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: input.name,
          PolicyName: 'access',
          PolicyDocument: input.policy,
        }),
      );
    }
    return `arn:aws:iam::${account}:role/${input.name}`;
  }

  const whoAmI = async (creds: Credentials) => t.sts(creds).send(new GetCallerIdentityCommand({}));

  beforeAll(async () => {
    t = await startTestCloud();
    home = await makeTempDir();
    orgId = t.cloud.organization.id;
    // tools: the pipeline's role, allowed to assume fleetpipe-deploy anywhere.
    await createRole(TOOLS, {
      name: 'pipeline-runner',
      trust: trustPolicy({ Principal: { AWS: `arn:aws:iam::${TOOLS}:root` } }),
      policy: allowPolicy('sts:AssumeRole', 'arn:aws:iam::*:role/fleetpipe-deploy'),
    });
    // tools: a role that matches the name pattern but may not assume anything.
    await createRole(TOOLS, {
      name: 'pipeline-idle',
      trust: trustPolicy({ Principal: { AWS: `arn:aws:iam::${TOOLS}:root` } }),
    });
    // workloads: the deploy role, trusting pipeline-* roles of the tools account inside the organization.
    for (const account of [DEV, QA]) {
      await createRole(account, {
        name: 'fleetpipe-deploy',
        trust: trustPolicy({
          Principal: { AWS: `arn:aws:iam::${TOOLS}:root` },
          Condition: {
            StringEquals: { 'aws:PrincipalOrgID': orgId },
            ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${TOOLS}:role/pipeline-*` },
          },
        }),
        policy: allowPolicy(['iam:GetRole', 'iam:ListRoles']),
      });
    }
  });
  afterAll(async () => {
    await t.close();
    await home.remove();
  });

  describe('GetCallerIdentity', () => {
    it('names the account root for administrator keys', async () => {
      const out = await whoAmI(t.root('tools'));
      expect({ UserId: out.UserId, Account: out.Account, Arn: out.Arn }).toEqual({
        UserId: TOOLS,
        Account: TOOLS,
        Arn: `arn:aws:iam::${TOOLS}:root`,
      });
    });

    it('names the assumed role and session for session keys', async () => {
      const session = await t.assume(t.root('management'), {
        RoleArn: OAAR(DEV),
        RoleSessionName: 'admin-session',
      });
      const role = await t
        .iam(t.root(DEV))
        .send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }));
      const out = await whoAmI(session);
      expect(out.Account).toBe(DEV);
      expect(out.Arn).toBe(`arn:aws:sts::${DEV}:assumed-role/OrganizationAccountAccessRole/admin-session`);
      expect(out.UserId).toBe(`${role.Role!.RoleId}:admin-session`);
      expect(role.Role!.RoleId).toMatch(/^AROA[A-Z2-7]{17}$/);
    });

    it('works with the aws CLI', async () => {
      const { code, stdout, stderr } = await runAws(
        ['sts', 'get-caller-identity', '--endpoint-url', t.cloud.endpoint, '--output', 'json'],
        { creds: t.root('qa-payments'), home: home.path },
      );
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ UserId: QA, Account: QA, Arn: `arn:aws:iam::${QA}:root` });
    });
  });

  describe('AssumeRole across accounts', () => {
    it('management assumes OrganizationAccountAccessRole in a workload account and administers it', async () => {
      const out = await t
        .sts(t.root('management'))
        .send(
          new AssumeRoleCommand({ RoleArn: OAAR(PROD_EU), RoleSessionName: 'ops', DurationSeconds: 900 }),
        );
      expect(out.AssumedRoleUser?.Arn).toBe(
        `arn:aws:sts::${PROD_EU}:assumed-role/OrganizationAccountAccessRole/ops`,
      );
      expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      expect(out.Credentials!.Expiration!.getTime()).toBe(t.clock.now().getTime() + 900_000);
      const session = {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      };
      const roles = await t.iam(session).send(new ListRolesCommand({}));
      expect(roles.Roles?.map((r) => r.RoleName)).toContain('OrganizationAccountAccessRole');
    });

    it('tools → pipeline-runner → fleetpipe-deploy in a workload (trust by PrincipalOrgID and PrincipalArn)', async () => {
      const runner = await t.assume(t.root('tools'), {
        RoleArn: `arn:aws:iam::${TOOLS}:role/pipeline-runner`,
        RoleSessionName: 'pipeline',
      });
      const deploy = await t.assume(runner, {
        RoleArn: `arn:aws:iam::${DEV}:role/fleetpipe-deploy`,
        RoleSessionName: 'deploy-dev',
      });
      expect((await whoAmI(deploy)).Arn).toBe(`arn:aws:sts::${DEV}:assumed-role/fleetpipe-deploy/deploy-dev`);
      const role = await t.iam(deploy).send(new GetRoleCommand({ RoleName: 'fleetpipe-deploy' }));
      expect(role.Role?.Arn).toBe(`arn:aws:iam::${DEV}:role/fleetpipe-deploy`);
    });

    it('denies a caller the trust policy does not name, in AWS words', async () => {
      const err = await rejection(
        t.sts(t.root('tools')).send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${DEV}:role/fleetpipe-deploy`,
            RoleSessionName: 'direct',
          }),
        ),
      );
      expect(err.name).toBe('AccessDenied');
      expect(err.$metadata?.httpStatusCode).toBe(403);
      expect(err.message).toBe(
        `User: arn:aws:iam::${TOOLS}:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${DEV}:role/fleetpipe-deploy`,
      );
    });

    it('denies another account', async () => {
      const err = await rejection(
        t.sts(t.root('qa-orders')).send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${DEV}:role/fleetpipe-deploy`,
            RoleSessionName: 'x1',
          }),
        ),
      );
      expect(err.name).toBe('AccessDenied');
    });

    it('needs the caller side too: a trusted role without sts:AssumeRole permission is denied', async () => {
      const idle = await t.assume(t.root('tools'), {
        RoleArn: `arn:aws:iam::${TOOLS}:role/pipeline-idle`,
        RoleSessionName: 'idle',
      });
      const err = await rejection(
        t.sts(idle).send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${QA}:role/fleetpipe-deploy`,
            RoleSessionName: 'x2',
          }),
        ),
      );
      expect(err.name).toBe('AccessDenied');
      expect(err.message).toContain(
        `assumed-role/pipeline-idle/idle is not authorized to perform: sts:AssumeRole`,
      );
    });

    it('answers AccessDenied, not NoSuchEntity, for a role that does not exist', async () => {
      const err = await rejection(
        t
          .sts(t.root('management'))
          .send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${DEV}:role/nope`, RoleSessionName: 'x3' })),
      );
      expect(err.name).toBe('AccessDenied');
    });

    it('checks sts:ExternalId', async () => {
      const roleArn = await createRole(QA, {
        name: 'vendor-access',
        trust: trustPolicy({
          Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` },
          Condition: { StringEquals: { 'sts:ExternalId': 'ticket-42' } },
        }),
      });
      const sts = t.sts(t.root('management'));
      expect(
        (await rejection(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'v1' })))).name,
      ).toBe('AccessDenied');
      expect(
        (
          await rejection(
            sts.send(
              new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'v2', ExternalId: 'ticket-43' }),
            ),
          )
        ).name,
      ).toBe('AccessDenied');
      const ok = await sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'v3', ExternalId: 'ticket-42' }),
      );
      expect(ok.AssumedRoleUser?.Arn).toContain('vendor-access/v3');
    });

    it('checks aws:PrincipalOrgPaths', async () => {
      const org = t.cloud.organization;
      const prod = org.organizationalUnits.find((u) => u.path === 'workloads/prod')!;
      const roleArn = await createRole(TOOLS, {
        name: 'prod-only',
        trust: trustPolicy({
          Principal: { AWS: '*' },
          Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `${prod.orgPath}*` } },
        }),
      });
      const ok = await t
        .sts(t.root('prod-eu-orders'))
        .send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'p1' }));
      expect(ok.AssumedRoleUser?.Arn).toContain('prod-only/p1');
      const err = await rejection(
        t.sts(t.root('dev-orders')).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'p2' })),
      );
      expect(err.name).toBe('AccessDenied');
    });
  });

  describe('session duration', () => {
    it('rejects a chained session longer than one hour', async () => {
      const runner = await t.assume(t.root('tools'), {
        RoleArn: `arn:aws:iam::${TOOLS}:role/pipeline-runner`,
        RoleSessionName: 'chain',
      });
      const err = await rejection(
        t.sts(runner).send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${DEV}:role/fleetpipe-deploy`,
            RoleSessionName: 'long',
            DurationSeconds: 3601,
          }),
        ),
      );
      expect(err.name).toBe('ValidationError');
      expect(err.message).toBe(
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
      );
    });

    it("allows up to the role's MaxSessionDuration, and no more", async () => {
      const roleArn = await createRole(MANAGEMENT, {
        name: 'long-sessions',
        trust: trustPolicy({ Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` } }),
        maxSessionDuration: 7200,
      });
      const sts = t.sts(t.root('management'));
      const ok = await sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'l1', DurationSeconds: 7200 }),
      );
      expect(ok.Credentials!.Expiration!.getTime() - t.clock.now().getTime()).toBe(7_200_000);
      const err = await rejection(
        sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'l2', DurationSeconds: 7201 })),
      );
      expect(err.message).toBe(
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      );
      const tooShort = await rejection(
        sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'l3', DurationSeconds: 899 })),
      );
      expect(tooShort.name).toBe('ValidationError');
      expect(tooShort.message).toContain("at 'durationSeconds' failed to satisfy constraint");
    });

    it('answers ExpiredToken once the session has expired', async () => {
      const session = await t.assume(t.root('management'), {
        RoleArn: OAAR(QA),
        RoleSessionName: 'short',
        DurationSeconds: 900,
      });
      const start = t.clock.offsetMs;
      try {
        t.clock.advance(899_000);
        expect((await whoAmI(session)).Account).toBe(QA);
        t.clock.advance(2_000);
        const err = await rejection(whoAmI(session));
        expect(err.name).toBe('ExpiredToken');
      } finally {
        t.clock.offsetMs = start;
      }
    });
  });

  describe('request checks', () => {
    it('validates the session name and the session policy', async () => {
      const sts = t.sts(t.root('management'));
      const badName = await rejection(
        sts.send(new AssumeRoleCommand({ RoleArn: OAAR(DEV), RoleSessionName: 'has space' })),
      );
      expect(badName.name).toBe('ValidationError');
      expect(badName.message).toContain("at 'roleSessionName' failed to satisfy constraint");
      const malformed = await rejection(
        sts.send(
          new AssumeRoleCommand({
            RoleArn: OAAR(DEV),
            RoleSessionName: 'pol',
            Policy: '{"Statement":[{"Effect":"Allow"}]}',
          }),
        ),
      );
      // The SDK names the modelled error after its shape; the wire code is MalformedPolicyDocument.
      expect(malformed.name).toBe('MalformedPolicyDocumentException');
      expect((malformed as unknown as { Code: string }).Code).toBe('MalformedPolicyDocument');
    });

    it('limits a session to its session policy', async () => {
      const session = await t.assume(t.root('management'), {
        RoleArn: OAAR(DEV),
        RoleSessionName: 'scoped',
        Policy: allowPolicy('iam:GetRole'),
      });
      const iam = t.iam(session);
      expect(
        (await iam.send(new GetRoleCommand({ RoleName: 'OrganizationAccountAccessRole' }))).Role,
      ).toBeDefined();
      const err = await rejection(iam.send(new ListRolesCommand({})));
      expect(err.name).toBe('AccessDenied');
      expect(err.message).toContain('because no session policy allows the iam:ListRoles action');
    });
  });

  describe('session tags', () => {
    let tagged: string;
    beforeAll(async () => {
      tagged = await createRole(MANAGEMENT, {
        name: 'tagged',
        tags: { team: 'platform', cost: 'shared' },
        trust: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` },
              Action: ['sts:AssumeRole', 'sts:TagSession'],
            },
          ],
        }),
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['iam:GetRole', 'sts:AssumeRole', 'sts:TagSession'],
              Resource: '*',
              Condition: {
                StringEquals: { 'aws:PrincipalTag/team': 'payments', 'aws:PrincipalTag/cost': 'shared' },
              },
            },
          ],
        }),
      });
    });

    it('become principal tags, overriding the role tags', async () => {
      const asRoleTags = await t.assume(t.root('management'), { RoleArn: tagged, RoleSessionName: 'plain' });
      expect((await rejection(t.iam(asRoleTags).send(new GetRoleCommand({ RoleName: 'tagged' })))).name).toBe(
        'AccessDenied',
      );
      const asPayments = await t.assume(t.root('management'), {
        RoleArn: tagged,
        RoleSessionName: 'payments',
        Tags: [{ Key: 'team', Value: 'payments' }],
      });
      const role = await t.iam(asPayments).send(new GetRoleCommand({ RoleName: 'tagged' }));
      expect(role.Role?.Tags).toEqual([
        { Key: 'team', Value: 'platform' },
        { Key: 'cost', Value: 'shared' },
      ]);
    });

    it('need sts:TagSession in the trust policy', async () => {
      const err = await rejection(
        t.sts(t.root('management')).send(
          new AssumeRoleCommand({
            RoleArn: OAAR(DEV),
            RoleSessionName: 'tags',
            Tags: [{ Key: 'team', Value: 'x' }],
          }),
        ),
      );
      expect(err.name).toBe('AccessDenied');
      expect(err.message).toContain('is not authorized to perform: sts:TagSession on resource');
    });

    it('pass on along a role chain when transitive, and cannot be overridden there', async () => {
      const first = await t.assume(t.root('management'), {
        RoleArn: tagged,
        RoleSessionName: 'first',
        Tags: [{ Key: 'team', Value: 'payments' }],
        TransitiveTagKeys: ['team'],
      });
      // The chained session gets team=payments from the chain, so its condition still holds.
      const second = await t.assume(first, { RoleArn: tagged, RoleSessionName: 'second' });
      expect((await t.iam(second).send(new GetRoleCommand({ RoleName: 'tagged' }))).Role?.RoleName).toBe(
        'tagged',
      );
      const err = await rejection(
        t.sts(first).send(
          new AssumeRoleCommand({
            RoleArn: tagged,
            RoleSessionName: 'third',
            Tags: [{ Key: 'team', Value: 'other' }],
          }),
        ),
      );
      expect(err.name).toBe('ValidationError');
    });
  });

  it('aws sts assume-role hands out working credentials', async () => {
    const { stdout, code, stderr } = await runAws(
      [
        'sts',
        'assume-role',
        '--role-arn',
        OAAR(DEV),
        '--role-session-name',
        'cli',
        '--endpoint-url',
        t.cloud.endpoint,
        '--output',
        'json',
      ],
      { creds: t.root('management'), home: home.path },
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const c = JSON.parse(stdout).Credentials;
    const out = await whoAmI({
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    });
    expect(out.Arn).toBe(`arn:aws:sts::${DEV}:assumed-role/OrganizationAccountAccessRole/cli`);
  });
});
