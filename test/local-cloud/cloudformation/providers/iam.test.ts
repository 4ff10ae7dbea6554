import {
  GetPolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRoleTagsCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinProviders,
  ProviderError,
  type ResourceProvider,
} from '../../../../src/local-cloud/cloudformation/providers/index.js';
import {
  allowPolicy,
  type Credentials,
  rejection,
  startTestCloud,
  type TestCloud,
  trustPolicy,
} from '../../core/fixture.js';
import { ACCOUNT, providerContext } from './context.js';

const providers = builtinProviders();
const provider = (type: string): ResourceProvider => providers.get(type)!;

const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

describe('IAM providers', () => {
  let t: TestCloud;
  let root: Credentials;
  beforeAll(async () => {
    t = await startTestCloud();
    root = t.root(ACCOUNT);
  });
  afterAll(() => t.close());

  it('creates, updates and deletes a role with a generated name', async () => {
    const role = provider('AWS::IAM::Role');
    const ctx = providerContext(t, root, { logicalId: 'ExecutionRole' });
    const props = {
      AssumeRolePolicyDocument: TRUST,
      Policies: [{ PolicyName: 'logs', PolicyDocument: JSON.parse(allowPolicy('logs:PutLogEvents')) }],
      Tags: [{ Key: 'team', Value: 'a' }],
    };
    const created = await role.create(props, ctx);
    expect(created.physicalId).toMatch(/^app-ExecutionRole-[A-Z0-9]{12}$/);
    const iam = t.iam(root);
    const got = await iam.send(new GetRoleCommand({ RoleName: created.physicalId }));
    expect(created.attributes).toEqual({ Arn: got.Role!.Arn, RoleId: got.Role!.RoleId });
    expect(got.Role!.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/${created.physicalId}`);
    const inline = await iam.send(
      new GetRolePolicyCommand({ RoleName: created.physicalId, PolicyName: 'logs' }),
    );
    expect(decodeURIComponent(inline.PolicyDocument!)).toContain('logs:PutLogEvents');

    const next = {
      AssumeRolePolicyDocument: TRUST,
      Description: 'changed',
      Policies: [{ PolicyName: 'config', PolicyDocument: JSON.parse(allowPolicy('config:PutEvaluations')) }],
      ManagedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      Tags: [{ Key: 'team', Value: 'b' }],
    };
    const updated = await role.update(created.physicalId, next, props, ctx);
    expect(updated).toEqual(created);
    const after = await iam.send(new GetRoleCommand({ RoleName: created.physicalId }));
    expect(after.Role!.Description).toBe('changed');
    await expect(
      iam.send(new GetRolePolicyCommand({ RoleName: created.physicalId, PolicyName: 'logs' })),
    ).rejects.toThrow();
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: created.physicalId }));
    expect(attached.AttachedPolicies!.map((p) => p.PolicyArn)).toEqual([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
    const tags = await iam.send(new ListRoleTagsCommand({ RoleName: created.physicalId }));
    expect(tags.Tags).toEqual([{ Key: 'team', Value: 'b' }]);

    await role.delete(created.physicalId, next, ctx);
    const gone = await rejection(iam.send(new GetRoleCommand({ RoleName: created.physicalId })));
    expect(gone.name).toBe('NoSuchEntityException');
    await role.delete(created.physicalId, next, ctx);
  });

  it('keeps a given RoleName and Path, and replaces on them', async () => {
    const role = provider('AWS::IAM::Role');
    expect(role.replaceOn).toEqual(expect.arrayContaining(['RoleName', 'Path']));
    const ctx = providerContext(t, root, { logicalId: 'Named' });
    const created = await role.create(
      { RoleName: 'named-role', Path: '/svc/', AssumeRolePolicyDocument: JSON.stringify(TRUST) },
      ctx,
    );
    expect(created.physicalId).toBe('named-role');
    expect(created.attributes['Arn']).toBe(`arn:aws:iam::${ACCOUNT}:role/svc/named-role`);
    await role.delete('named-role', {}, ctx);
  });

  it('fails with the AccessDenied reason CloudFormation shows when the session may not create roles', async () => {
    const iam = t.iam(root);
    const { CreateRoleCommand, PutRolePolicyCommand } = await import('@aws-sdk/client-iam');
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'cfn-limited',
        AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'cfn-limited',
        PolicyName: 'only-get',
        PolicyDocument: allowPolicy('iam:GetRole'),
      }),
    );
    const session = await t.assume(root, {
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/cfn-limited`,
      RoleSessionName: 'AWSCloudFormation',
    });
    const err = await rejection(
      provider('AWS::IAM::Role').create(
        { AssumeRolePolicyDocument: TRUST },
        providerContext(t, session, { logicalId: 'ExecutionRole' }),
      ),
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe('AccessDenied');
    expect(err.message).toMatch(
      new RegExp(
        `^User: arn:aws:sts::${ACCOUNT}:assumed-role/cfn-limited/AWSCloudFormation is not authorized to perform: iam:CreateRole on resource: .+ \\(Service: Iam, Status Code: 403, Request ID: [^)]+\\)$`,
      ),
    );
  });

  it('puts an inline policy on roles and manages a customer managed policy', async () => {
    const role = provider('AWS::IAM::Role');
    const ctx = providerContext(t, root, { logicalId: 'Holder' });
    const holder = await role.create({ RoleName: 'holder', AssumeRolePolicyDocument: TRUST }, ctx);
    const iam = t.iam(root);

    const policy = provider('AWS::IAM::Policy');
    const pctx = providerContext(t, root, { logicalId: 'Extra' });
    const pprops = { PolicyName: 'extra', PolicyDocument: allowPolicy('s3:GetObject'), Roles: ['holder'] };
    const inline = await policy.create(pprops, pctx);
    expect(inline.physicalId).toMatch(/^app-Extra-[A-Z0-9]{12}$/);
    await iam.send(new GetRolePolicyCommand({ RoleName: 'holder', PolicyName: 'extra' }));
    const renamed = { ...pprops, PolicyName: 'extra2' };
    await policy.update(inline.physicalId, renamed, pprops, pctx);
    await iam.send(new GetRolePolicyCommand({ RoleName: 'holder', PolicyName: 'extra2' }));
    expect(
      (await rejection(iam.send(new GetRolePolicyCommand({ RoleName: 'holder', PolicyName: 'extra' })))).name,
    ).toBe('NoSuchEntityException');
    await policy.delete(inline.physicalId, renamed, pctx);
    await policy.delete(inline.physicalId, renamed, pctx);

    const managed = provider('AWS::IAM::ManagedPolicy');
    const mctx = providerContext(t, root, { logicalId: 'Shared' });
    const mprops = { PolicyDocument: JSON.parse(allowPolicy('sqs:SendMessage')), Roles: ['holder'] };
    const created = await managed.create(mprops, mctx);
    expect(created.physicalId).toMatch(
      new RegExp(`^arn:aws:iam::${ACCOUNT}:policy/app-Shared-[A-Z0-9]{12}$`),
    );
    const v2 = { PolicyDocument: JSON.parse(allowPolicy('sqs:ReceiveMessage')), Roles: [] };
    const updated = await managed.update(created.physicalId, v2, mprops, mctx);
    expect(updated.attributes['DefaultVersionId']).toBe('v2');
    const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'holder' }));
    expect(attached.AttachedPolicies).toEqual([]);
    await managed.delete(created.physicalId, v2, mctx);
    const gone = await rejection(iam.send(new GetPolicyCommand({ PolicyArn: created.physicalId })));
    expect(gone.name).toBe('NoSuchEntityException');
    await managed.delete(created.physicalId, v2, mctx);
    await role.delete(holder.physicalId, {}, ctx);
  });
});
