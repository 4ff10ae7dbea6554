/**
 * The Organizations API over the wire: the default organization's shape, pagination like AWS, the
 * management-only rule and IAM authorization of management-account roles.
 */
import { AttachRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListChildrenCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  type OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeTempDir,
  rejection,
  runAws,
  startTestCloud,
  type TestCloud,
  trustPolicy,
} from '../core/fixture.js';

describe('Organizations API', () => {
  let t: TestCloud;
  let org: OrganizationsClient;
  let home: { path: string; remove(): Promise<void> };

  beforeAll(async () => {
    t = await startTestCloud();
    org = t.organizations(t.root('management'));
    home = await makeTempDir();
  });
  afterAll(async () => {
    await t.close();
    await home.remove();
  });

  it('describes the organization, to members too', async () => {
    const out = await org.send(new DescribeOrganizationCommand({}));
    expect(out.Organization).toMatchObject({
      Id: t.cloud.organization.id,
      MasterAccountId: '111111111111',
      FeatureSet: 'ALL',
    });
    const member = await t.organizations(t.root('dev-orders')).send(new DescribeOrganizationCommand({}));
    expect(member.Organization?.Id).toBe(t.cloud.organization.id);
  });

  it('pages through fourteen accounts five at a time', async () => {
    const pages: string[][] = [];
    let token: string | undefined;
    do {
      const out = await org.send(new ListAccountsCommand({ MaxResults: 5, NextToken: token }));
      pages.push((out.Accounts ?? []).map((a) => a.Name!));
      token = out.NextToken;
    } while (token);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 4]);
    const names = pages.flat();
    expect(names.slice(0, 2)).toEqual(['management', 'tools']);
    expect(new Set(names).size).toBe(14);

    const viaPaginator: string[] = [];
    for await (const page of paginateListAccounts({ client: org, pageSize: 3 }, {})) {
      viaPaginator.push(...(page.Accounts ?? []).map((a) => a.Name!));
    }
    expect(viaPaginator).toEqual(names);
  });

  it('answers accounts in AWS shape', async () => {
    const out = await org.send(new DescribeAccountCommand({ AccountId: '300000000010' }));
    expect(out.Account).toMatchObject({
      Id: '300000000010',
      Name: 'prod-eu-payments',
      Status: 'ACTIVE',
      JoinedMethod: 'CREATED',
      Arn: `arn:aws:organizations::111111111111:account/${t.cloud.organization.id}/300000000010`,
    });
    expect(out.Account?.JoinedTimestamp).toBeInstanceOf(Date);
    const missing = await rejection(org.send(new DescribeAccountCommand({ AccountId: '999999999999' })));
    expect(missing.name).toBe('AccountNotFoundException');
    const malformed = await rejection(org.send(new DescribeAccountCommand({ AccountId: 'abc' })));
    expect(malformed.name).toBe('InvalidInputException');
    expect((malformed as unknown as { Reason: string }).Reason).toBe('INVALID_PATTERN');
  });

  it('walks the OU tree: roots, OUs, children, parents and tags', async () => {
    const roots = await org.send(new ListRootsCommand({}));
    expect(roots.Roots).toEqual([
      expect.objectContaining({
        Id: t.cloud.organization.rootId,
        Name: 'Root',
        Arn: t.cloud.organization.rootArn,
      }),
    ]);
    const rootId = roots.Roots![0]!.Id!;
    const top = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }));
    expect(top.OrganizationalUnits?.map((u) => u.Name)).toEqual(['infrastructure', 'workloads']);
    const workloads = top.OrganizationalUnits![1]!.Id!;
    const envs = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: workloads }));
    expect(envs.OrganizationalUnits?.map((u) => u.Name)).toEqual(['dev', 'qa', 'prod']);
    const prod = envs.OrganizationalUnits![2]!.Id!;
    const regions = await org.send(
      new ListChildrenCommand({ ParentId: prod, ChildType: 'ORGANIZATIONAL_UNIT' }),
    );
    expect(regions.Children).toHaveLength(2);
    expect(regions.Children?.every((c) => c.Type === 'ORGANIZATIONAL_UNIT')).toBe(true);
    const eu = regions.Children![1]!.Id!;
    const euAccounts = await org.send(new ListAccountsForParentCommand({ ParentId: eu }));
    expect(euAccounts.Accounts?.map((a) => a.Name)).toEqual([
      'prod-eu-payments',
      'prod-eu-orders',
      'prod-eu-analytics',
    ]);
    const accountChildren = await org.send(
      new ListChildrenCommand({ ParentId: rootId, ChildType: 'ACCOUNT' }),
    );
    expect(accountChildren.Children).toEqual([{ Id: '111111111111', Type: 'ACCOUNT' }]);

    expect((await org.send(new ListParentsCommand({ ChildId: '300000000010' }))).Parents).toEqual([
      { Id: eu, Type: 'ORGANIZATIONAL_UNIT' },
    ]);
    expect((await org.send(new ListParentsCommand({ ChildId: workloads }))).Parents).toEqual([
      { Id: rootId, Type: 'ROOT' },
    ]);

    expect((await org.send(new ListTagsForResourceCommand({ ResourceId: '300000000010' }))).Tags).toEqual([
      { Key: 'team', Value: 'payments' },
      { Key: 'environment', Value: 'prod' },
    ]);
    expect((await org.send(new ListTagsForResourceCommand({ ResourceId: prod }))).Tags).toEqual([
      { Key: 'environment', Value: 'prod' },
    ]);
    expect((await org.send(new ListTagsForResourceCommand({ ResourceId: rootId }))).Tags).toEqual([]);

    const badParent = await rejection(
      org.send(new ListAccountsForParentCommand({ ParentId: `ou-${rootId.slice(2)}-zzzzzzzz` })),
    );
    expect(badParent.name).toBe('ParentNotFoundException');
    expect((await rejection(org.send(new ListParentsCommand({ ChildId: '999999999999' })))).name).toBe(
      'ChildNotFoundException',
    );
  });

  it('rejects page sizes above 20 and tokens it did not hand out', async () => {
    const big = await rejection(org.send(new ListAccountsCommand({ MaxResults: 21 })));
    expect(big.name).toBe('InvalidInputException');
    const first = await org.send(new ListAccountsCommand({ MaxResults: 5 }));
    const foreign = await rejection(org.send(new ListRootsCommand({ NextToken: first.NextToken })));
    expect(foreign.name).toBe('InvalidInputException');
    expect((foreign as unknown as { Reason: string }).Reason).toBe('INVALID_PAGINATION_TOKEN');
  });

  it('is for the management account: members get AccessDeniedException', async () => {
    const err = await rejection(t.organizations(t.root('tools')).send(new ListAccountsCommand({})));
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toBe("You don't have permissions to access this resource.");
  });

  it("authorizes the management account's roles with IAM", async () => {
    const iam = t.iam(t.root('management'));
    const trust = trustPolicy({ Principal: { AWS: 'arn:aws:iam::111111111111:root' } });
    await iam.send(new CreateRoleCommand({ RoleName: 'org-reader', AssumeRolePolicyDocument: trust }));
    const session = await t.assume(t.root('management'), {
      RoleArn: 'arn:aws:iam::111111111111:role/org-reader',
      RoleSessionName: 'reader',
    });
    const denied = await rejection(t.organizations(session).send(new ListAccountsCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('is not authorized to perform: organizations:ListAccounts');
    await iam.send(
      new AttachRolePolicyCommand({
        RoleName: 'org-reader',
        PolicyArn: 'arn:aws:iam::aws:policy/AWSOrganizationsReadOnlyAccess',
      }),
    );
    const out = await t.organizations(session).send(new ListAccountsCommand({}));
    expect(out.Accounts).toHaveLength(14);
  });

  it('works with the aws CLI, which follows NextToken', async () => {
    const { stdout, stderr } = await runAws(
      [
        'organizations',
        'list-accounts',
        '--page-size',
        '5',
        '--endpoint-url',
        t.cloud.endpoint,
        '--output',
        'json',
      ],
      { creds: t.root('management'), home: home.path },
    );
    expect(stderr).toBe('');
    expect(JSON.parse(stdout).Accounts).toHaveLength(14);
  });
});

describe('an organization from org.yaml', () => {
  it('serves the accounts and OUs of the file', async () => {
    const dir = await makeTempDir();
    try {
      const t = await startTestCloud({
        org: {
          accounts: [{ name: 'hub', id: '123456789012' }],
          organizationalUnits: [
            { name: 'apps', accounts: [{ name: 'app-a' }, { name: 'app-b', tags: { tier: 'gold' } }] },
          ],
        },
        stateDir: dir.path,
      });
      try {
        const out = await t.organizations(t.root('hub')).send(new ListAccountsCommand({}));
        expect(out.Accounts?.map((a) => a.Name)).toEqual(['hub', 'app-a', 'app-b']);
        const appB = out.Accounts![2]!.Id!;
        expect(
          (await t.organizations(t.root('hub')).send(new ListTagsForResourceCommand({ ResourceId: appB })))
            .Tags,
        ).toEqual([{ Key: 'tier', Value: 'gold' }]);
      } finally {
        await t.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
