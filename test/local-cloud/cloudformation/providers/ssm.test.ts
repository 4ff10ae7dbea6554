/**
 * AWS::SSM::Parameter, driven directly against a local cloud with Parameter Store: create (named and
 * generated names, tags), update (new version, tag changes, cleared properties), delete (tolerating a
 * parameter already gone), SecureString refused, and permissions checked as the acting credentials.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  DescribeParametersCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ssmParameterProvider as provider } from '../../../../src/local-cloud/cloudformation/providers/ssm-parameter.js';
import { type Credentials, rejection, sdkConfig } from '../../core/fixture.js';
import { policy, type SsmCloud, startSsmCloud } from '../../ssm/harness.js';
import { ACCOUNT, providerContext } from './context.js';

let t: SsmCloud;
let root: Credentials;
let ssm: SSMClient;

beforeAll(async () => {
  t = await startSsmCloud();
  root = t.root(ACCOUNT);
  ssm = t.ssm(root);
});
afterAll(() => t.close());

const tagsOf = async (name: string) =>
  (await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name }))).TagList;

describe('AWS::SSM::Parameter', () => {
  it('declares Name as the property that replaces the parameter', () => {
    expect(provider.type).toBe('AWS::SSM::Parameter');
    expect(provider.replaceOn).toEqual(['Name']);
  });

  it('creates, updates and deletes a named parameter with tags', async () => {
    const ctx = providerContext(t, root, { logicalId: 'DbUrl' });
    const props = {
      Name: '/app/db-url',
      Type: 'String',
      Value: 'postgres://one',
      Description: 'database',
      Tags: { team: 'payments', env: 'dev' },
    };
    const created = await provider.create(props, ctx);
    expect(created).toEqual({
      physicalId: '/app/db-url',
      attributes: { Type: 'String', Value: 'postgres://one' },
    });
    expect((await ssm.send(new GetParameterCommand({ Name: '/app/db-url' }))).Parameter).toMatchObject({
      Value: 'postgres://one',
      Version: 1,
    });
    expect(await tagsOf('/app/db-url')).toEqual([
      { Key: 'env', Value: 'dev' },
      { Key: 'team', Value: 'payments' },
    ]);

    const next = {
      Name: '/app/db-url',
      Type: 'StringList',
      Value: 'a,b',
      Tags: { team: 'search', owner: 'me' },
    };
    const updated = await provider.update('/app/db-url', next, props, ctx);
    expect(updated.attributes).toEqual({ Type: 'StringList', Value: 'a,b' });
    expect((await ssm.send(new GetParameterCommand({ Name: '/app/db-url' }))).Parameter).toMatchObject({
      Type: 'StringList',
      Value: 'a,b',
      Version: 2,
    });
    expect(await tagsOf('/app/db-url')).toEqual([
      { Key: 'owner', Value: 'me' },
      { Key: 'team', Value: 'search' },
    ]);
    const described = await ssm.send(
      new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: ['/app/db-url'] }] }),
    );
    expect(described.Parameters?.[0]?.Description).toBeUndefined();

    await provider.delete('/app/db-url', next, ctx);
    expect((await rejection(ssm.send(new GetParameterCommand({ Name: '/app/db-url' })))).name).toBe(
      'ParameterNotFound',
    );
    await provider.delete('/app/db-url', next, ctx);
  });

  it('generates CFN-<logicalId>-<suffix> when the template names none', async () => {
    const ctx = providerContext(t, root, { logicalId: 'Generated' });
    const created = await provider.create(
      { Type: 'String', Value: 'v', Tier: 'Standard', DataType: 'text' },
      ctx,
    );
    expect(created.physicalId).toMatch(/^CFN-Generated-[A-Z0-9]{12}$/);
    expect((await ssm.send(new GetParameterCommand({ Name: created.physicalId }))).Parameter?.Value).toBe(
      'v',
    );
  });

  it('refuses SecureString and unknown types, and a missing Value', async () => {
    const ctx = providerContext(t, root, { logicalId: 'Secret' });
    const secure = await rejection(
      provider.create({ Name: 'secret', Type: 'SecureString', Value: 'x' }, ctx),
    );
    expect(secure.message).toBe('SSM Parameters of type SecureString cannot be created using CloudFormation');
    const unknown = await rejection(provider.create({ Name: 'n', Type: 'Number', Value: '1' }, ctx));
    expect(unknown.message).toContain('String, StringList');
    const noValue = await rejection(provider.create({ Name: 'n', Type: 'String' }, ctx));
    expect(noValue.message).toBe('Property Value cannot be empty.');
  });

  it("fails with AWS's reason when the acting role may not tag", async () => {
    const session = await t.session(root, {
      role: 'CfnNoTags',
      account: ACCOUNT,
      policy: policy({ Effect: 'Allow', Action: 'ssm:PutParameter', Resource: '*' }),
    });
    const ctx = providerContext(t, session, { logicalId: 'Tagged' });
    const err = await rejection(
      provider.create({ Name: '/cfn/tagged', Type: 'String', Value: 'v', Tags: { a: 'b' } }, ctx),
    );
    expect(err.message).toMatch(
      /is not authorized to perform: ssm:AddTagsToResource on resource: .* \(Service: Ssm, Status Code: 403, Request ID: .+\)$/,
    );
  });

  it('reports the service error of a bad value as the resource reason', async () => {
    const ctx = providerContext(t, root, { logicalId: 'Port' });
    const err = await rejection(
      provider.create({ Name: '/cfn/port', Type: 'String', Value: 'http', AllowedPattern: '^\\d+$' }, ctx),
    );
    expect(err.message).toMatch(
      /^Parameter value, cannot be validated against allowedPattern: \^\\d\+\$ \(Service: Ssm/,
    );
  });
});

describe('AWS::SSM::Parameter in a stack', () => {
  let s: SsmCloud;
  beforeAll(async () => {
    s = await startSsmCloud({
      cloudformationProviders: new Map([[provider.type, provider]]),
    });
  });
  afterAll(() => s.close());

  it('creates the parameter with CreateStack, resolves Ref and GetAtt, and removes it with DeleteStack', async () => {
    const admin = s.root(ACCOUNT);
    const cfn = new CloudFormationClient(sdkConfig(s.cloud, s.clock, admin));
    const template = {
      Resources: {
        Endpoint: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'https://api' } },
      },
      Outputs: {
        Name: { Value: { Ref: 'Endpoint' } },
        Value: { Value: { 'Fn::GetAtt': ['Endpoint', 'Value'] } },
      },
    };
    await cfn.send(new CreateStackCommand({ StackName: 'params', TemplateBody: JSON.stringify(template) }));
    await s.cloud.internal.cloudformation.idle();
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'params' }))).Stacks![0]!;
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
    expect(outputs['Name']).toMatch(/^CFN-Endpoint-[A-Z0-9]{12}$/);
    expect(outputs['Value']).toBe('https://api');
    const client = s.ssm(admin);
    expect((await client.send(new GetParameterCommand({ Name: outputs['Name'] }))).Parameter?.Value).toBe(
      'https://api',
    );
    await cfn.send(new DeleteStackCommand({ StackName: 'params' }));
    await s.cloud.internal.cloudformation.idle();
    expect((await rejection(client.send(new GetParameterCommand({ Name: outputs['Name'] })))).name).toBe(
      'ParameterNotFound',
    );
  });
});
