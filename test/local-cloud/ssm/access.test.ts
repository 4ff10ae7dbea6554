/**
 * IAM on Parameter Store: every operation is authorized as `ssm:<Operation>` on the parameter's ARN
 * (GetParametersByPath on the path's), with `ssm:Overwrite`, `ssm:Recursive`, `aws:ResourceTag/*` and
 * `aws:RequestTag/*`; and the tagging operations.
 */
import {
  AddTagsToResourceCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, rejection } from '../core/fixture.js';
import { ACCOUNT, policy, type SsmCloud, startSsmCloud, TOOLS } from './harness.js';

let t: SsmCloud;
let root: Credentials;
let admin: SSMClient;
const arn = (name: string) => `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${name}`;

beforeAll(async () => {
  t = await startSsmCloud();
  root = t.root('management');
  admin = t.ssm(root);
  for (const name of ['/app/key', '/app/deep/key', '/other/key']) {
    await admin.send(new PutParameterCommand({ Name: name, Value: `v${name}`, Type: 'String' }));
  }
  await admin.send(
    new PutParameterCommand({
      Name: '/team/payments',
      Value: 'p',
      Type: 'String',
      Tags: [{ Key: 'team', Value: 'payments' }],
    }),
  );
  await admin.send(
    new PutParameterCommand({
      Name: '/team/search',
      Value: 's',
      Type: 'String',
      Tags: [{ Key: 'team', Value: 'search' }],
    }),
  );
});
afterAll(() => t.close());

describe('authorization', () => {
  it('allows ssm:GetParameter only where the policy grants it, and never reveals what exists elsewhere', async () => {
    const session = await t.session(root, {
      role: 'AppReader',
      account: ACCOUNT,
      policy: policy({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: arn('/app/*') }),
    });
    const ssm = t.ssm(session);
    expect((await ssm.send(new GetParameterCommand({ Name: '/app/key' }))).Parameter?.Value).toBe(
      'v/app/key',
    );
    const denied = await rejection(ssm.send(new GetParameterCommand({ Name: '/other/key' })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      `User: arn:aws:sts::${ACCOUNT}:assumed-role/AppReader/ssm-test is not authorized to perform: ssm:GetParameter on resource: ${arn('/other/key')} because no identity-based policy allows the ssm:GetParameter action`,
    );
    const missing = await rejection(ssm.send(new GetParameterCommand({ Name: '/other/missing' })));
    expect(missing.name).toBe('AccessDeniedException');
    expect((await rejection(ssm.send(new GetParameterCommand({ Name: '/app/missing' })))).name).toBe(
      'ParameterNotFound',
    );
  });

  it('denies a role without ssm:GetParameter', async () => {
    const session = await t.session(root, {
      role: 'Lister',
      account: ACCOUNT,
      policy: policy({ Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' }),
    });
    const err = await rejection(t.ssm(session).send(new GetParameterCommand({ Name: '/app/key' })));
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toContain('ssm:GetParameter on resource');
  });

  it('authorizes GetParametersByPath once, on the path, with ssm:Recursive', async () => {
    const session = await t.session(root, {
      role: 'PathReader',
      account: ACCOUNT,
      policy: policy(
        { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: arn('/app') },
        {
          Effect: 'Deny',
          Action: 'ssm:GetParametersByPath',
          Resource: '*',
          Condition: { StringEquals: { 'ssm:Recursive': 'true' } },
        },
      ),
    });
    const ssm = t.ssm(session);
    const out = await ssm.send(new GetParametersByPathCommand({ Path: '/app' }));
    expect(out.Parameters?.map((p) => p.Name)).toEqual(['/app/key']);
    const recursive = await rejection(
      ssm.send(new GetParametersByPathCommand({ Path: '/app', Recursive: true })),
    );
    expect(recursive.message).toContain('with an explicit deny');
    const other = await rejection(ssm.send(new GetParametersByPathCommand({ Path: '/other' })));
    expect(other.message).toContain(`ssm:GetParametersByPath on resource: ${arn('/other')}`);
  });

  it('offers ssm:Overwrite to policies', async () => {
    const session = await t.session(root, {
      role: 'CreateOnly',
      account: ACCOUNT,
      policy: policy(
        { Effect: 'Allow', Action: 'ssm:PutParameter', Resource: '*' },
        {
          Effect: 'Deny',
          Action: 'ssm:PutParameter',
          Resource: '*',
          Condition: { StringEquals: { 'ssm:Overwrite': 'true' } },
        },
      ),
    });
    const ssm = t.ssm(session);
    await ssm.send(new PutParameterCommand({ Name: '/new/one', Value: 'v', Type: 'String' }));
    const err = await rejection(
      ssm.send(new PutParameterCommand({ Name: '/new/one', Value: 'w', Overwrite: true })),
    );
    expect(err.name).toBe('AccessDeniedException');
  });

  it('needs ssm:AddTagsToResource as well to create a parameter with tags', async () => {
    const session = await t.session(root, {
      role: 'PutOnly',
      account: ACCOUNT,
      policy: policy({ Effect: 'Allow', Action: 'ssm:PutParameter', Resource: '*' }),
    });
    const ssm = t.ssm(session);
    const err = await rejection(
      ssm.send(
        new PutParameterCommand({
          Name: '/tagged/x',
          Value: 'v',
          Type: 'String',
          Tags: [{ Key: 'a', Value: 'b' }],
        }),
      ),
    );
    expect(err.message).toContain(`ssm:AddTagsToResource on resource: ${arn('/tagged/x')}`);
    await ssm.send(new PutParameterCommand({ Name: '/tagged/x', Value: 'v', Type: 'String' }));
  });

  it('evaluates aws:ResourceTag conditions against the parameter tags', async () => {
    const session = await t.session(root, {
      role: 'Payments',
      account: ACCOUNT,
      policy: policy({
        Effect: 'Allow',
        Action: 'ssm:GetParameter',
        Resource: '*',
        Condition: { StringEquals: { 'aws:ResourceTag/team': 'payments' } },
      }),
    });
    const ssm = t.ssm(session);
    expect((await ssm.send(new GetParameterCommand({ Name: '/team/payments' }))).Parameter?.Value).toBe('p');
    expect((await rejection(ssm.send(new GetParameterCommand({ Name: '/team/search' })))).name).toBe(
      'AccessDeniedException',
    );
  });

  it("refuses another account's parameter named by ARN", async () => {
    const err = await rejection(
      t.ssm(t.root('tools')).send(new GetParameterCommand({ Name: arn('/app/key') })),
    );
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toContain(`arn:aws:iam::${TOOLS}:root`);
  });
});

describe('tags', () => {
  it('adds, overwrites, lists and removes tags of a parameter', async () => {
    const target = { ResourceType: 'Parameter' as const, ResourceId: '/app/key' };
    await admin.send(
      new AddTagsToResourceCommand({
        ...target,
        Tags: [
          { Key: 'env', Value: 'dev' },
          { Key: 'owner', Value: 'me' },
        ],
      }),
    );
    await admin.send(new AddTagsToResourceCommand({ ...target, Tags: [{ Key: 'env', Value: 'prod' }] }));
    expect((await admin.send(new ListTagsForResourceCommand(target))).TagList).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'owner', Value: 'me' },
    ]);
    await admin.send(new RemoveTagsFromResourceCommand({ ...target, TagKeys: ['owner', 'absent'] }));
    expect((await admin.send(new ListTagsForResourceCommand(target))).TagList).toEqual([
      { Key: 'env', Value: 'prod' },
    ]);
  });

  it('answers InvalidResourceId for a missing parameter or another resource type, and limits tags to 50', async () => {
    const missing = await rejection(
      admin.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: '/nope' })),
    );
    expect(missing.name).toBe('InvalidResourceId');
    const document = await rejection(
      admin.send(new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: 'doc' })),
    );
    expect(document.name).toBe('InvalidResourceId');
    const many = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const err = await rejection(
      admin.send(
        new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: '/other/key', Tags: many }),
      ),
    );
    expect(err.name).toBe('TooManyTagsError');
    const reserved = await rejection(
      admin.send(
        new AddTagsToResourceCommand({
          ResourceType: 'Parameter',
          ResourceId: '/other/key',
          Tags: [{ Key: 'aws:owner', Value: 'x' }],
        }),
      ),
    );
    expect(reserved.name).toBe('ValidationException');
  });

  it('authorizes tagging with aws:RequestTag and aws:TagKeys', async () => {
    const session = await t.session(root, {
      role: 'Tagger',
      account: ACCOUNT,
      policy: policy({
        Effect: 'Allow',
        Action: ['ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource'],
        Resource: '*',
        Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['cost-center'] } },
      }),
    });
    const ssm = t.ssm(session);
    const target = { ResourceType: 'Parameter' as const, ResourceId: '/other/key' };
    await ssm.send(new AddTagsToResourceCommand({ ...target, Tags: [{ Key: 'cost-center', Value: '42' }] }));
    const err = await rejection(
      ssm.send(new AddTagsToResourceCommand({ ...target, Tags: [{ Key: 'owner', Value: 'x' }] })),
    );
    expect(err.name).toBe('AccessDeniedException');
    await ssm.send(new RemoveTagsFromResourceCommand({ ...target, TagKeys: ['cost-center'] }));
  });
});
