/**
 * Stack operations beyond create/update/delete: termination protection, stack policies, CancelUpdateStack,
 * ContinueUpdateRollback (with ResourcesToSkip), "export in use" protection with ListImports, and paging.
 */
import {
  CancelUpdateStackCommand,
  CloudFormationClient,
  ContinueUpdateRollbackCommand,
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStacksCommand,
  GetStackPolicyCommand,
  ListImportsCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  type Stack,
  UpdateStackCommand,
  UpdateTerminationProtectionCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, eventTrail, startTestCloud, type TestCloud } from './helpers.js';

let t: TestCloud;

beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t.close();
});

const json = (template: unknown): string => JSON.stringify(template);

interface ThingSpec {
  Value: string;
  Fail?: string;
  Hold?: string;
  DependsOn?: string;
}

/** A template of Test::Things, each with a `<Id>Value` output of its Value attribute. */
function things(spec: Record<string, ThingSpec>, extra: { Outputs?: Record<string, unknown> } = {}): string {
  const resources: Record<string, unknown> = {};
  const outputs: Record<string, unknown> = { ...extra.Outputs };
  for (const [id, { DependsOn, ...properties }] of Object.entries(spec)) {
    resources[id] = {
      Type: 'Test::Thing',
      Properties: { Name: id.toLowerCase(), ...properties },
      ...(DependsOn ? { DependsOn } : {}),
    };
    outputs[`${id}Value`] = { Value: { 'Fn::GetAtt': [id, 'Value'] } };
  }
  return json({ Resources: resources, Outputs: outputs });
}

async function describe1(name: string): Promise<Stack> {
  const out = await t.cfn.send(new DescribeStacksCommand({ StackName: name }));
  return out.Stacks![0]!;
}

function outputsOf(stack: Stack): Record<string, string> {
  return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
}

/** The reason of the stack's newest event with this status. */
async function stackReason(name: string, status: string): Promise<string | undefined> {
  const events = await t.cfn.send(new DescribeStackEventsCommand({ StackName: name }));
  const event = events.StackEvents!.find(
    (e) => e.ResourceType === 'AWS::CloudFormation::Stack' && e.ResourceStatus === status,
  );
  return event?.ResourceStatusReason;
}

async function settle(name: string): Promise<Stack> {
  await t.idle();
  return describe1(name);
}

describe('termination protection', () => {
  it('refuses DeleteStack while it is on, and deletes once it is turned off', async () => {
    await t.cfn.send(
      new CreateStackCommand({
        StackName: 'guarded',
        TemplateBody: things({ A: { Value: 'a' } }),
        EnableTerminationProtection: true,
      }),
    );
    expect((await settle('guarded')).EnableTerminationProtection).toBe(true);
    const refused = await errorOf(t.cfn.send(new DeleteStackCommand({ StackName: 'guarded' })));
    expect(refused).toMatchObject({
      name: 'ValidationError',
      message: 'Stack [guarded] cannot be deleted while TerminationProtection is enabled',
    });
    expect((await describe1('guarded')).StackStatus).toBe('CREATE_COMPLETE');
    await t.cfn.send(
      new UpdateTerminationProtectionCommand({ StackName: 'guarded', EnableTerminationProtection: false }),
    );
    const { StackId } = await describe1('guarded');
    await t.cfn.send(new DeleteStackCommand({ StackName: 'guarded' }));
    await t.idle();
    expect((await describe1(StackId!)).StackStatus).toBe('DELETE_COMPLETE');
  });
});

describe('stack policy', () => {
  const policy = json({
    Statement: [
      { Effect: 'Allow', Action: 'Update:*', Principal: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'Update:*', Principal: '*', Resource: 'LogicalResourceId/Locked' },
    ],
  });

  it('fails an update of a protected resource and rolls back; the others may change', async () => {
    await t.cfn.send(
      new CreateStackCommand({
        StackName: 'policed',
        TemplateBody: things({ Free: { Value: 'f1' }, Locked: { Value: 'l1' } }),
        StackPolicyBody: policy,
      }),
    );
    expect((await settle('policed')).StackStatus).toBe('CREATE_COMPLETE');
    const stored = await t.cfn.send(new GetStackPolicyCommand({ StackName: 'policed' }));
    expect(JSON.parse(stored.StackPolicyBody!)).toEqual(JSON.parse(policy));

    await t.cfn.send(
      new UpdateStackCommand({
        StackName: 'policed',
        TemplateBody: things({ Free: { Value: 'f2' }, Locked: { Value: 'l2' } }),
      }),
    );
    const after = await settle('policed');
    expect(after.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(outputsOf(after)).toEqual({ FreeValue: 'f1', LockedValue: 'l1' });
    const locked = await t.cfn.send(new DescribeStackEventsCommand({ StackName: 'policed' }));
    const failed = locked.StackEvents!.find(
      (e) => e.LogicalResourceId === 'Locked' && e.ResourceStatus === 'UPDATE_FAILED',
    );
    expect(failed?.ResourceStatusReason).toBe('Action denied by stack policy: Update:Modify');

    await t.cfn.send(
      new UpdateStackCommand({
        StackName: 'policed',
        TemplateBody: things({ Free: { Value: 'f2' }, Locked: { Value: 'l1' } }),
      }),
    );
    expect(outputsOf(await settle('policed'))).toEqual({ FreeValue: 'f2', LockedValue: 'l1' });
  });

  it('denies removing a protected resource (Update:Delete) and allows it with a policy for the update', async () => {
    await t.cfn.send(
      new UpdateStackCommand({ StackName: 'policed', TemplateBody: things({ Free: { Value: 'f3' } }) }),
    );
    const denied = await settle('policed');
    expect(denied.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await stackReason('policed', 'UPDATE_ROLLBACK_IN_PROGRESS')).toBe(
      'The following resource(s) failed to update: [Locked]. ',
    );
    const trail = await eventTrail(t.cfn, 'policed');
    expect(trail.slice(-5)).toContain('Locked UPDATE_FAILED');

    await t.cfn.send(
      new UpdateStackCommand({
        StackName: 'policed',
        TemplateBody: things({ Free: { Value: 'f3' } }),
        StackPolicyDuringUpdateBody: json({
          Statement: [{ Effect: 'Allow', Action: 'Update:*', Principal: '*', Resource: '*' }],
        }),
      }),
    );
    const removed = await settle('policed');
    expect(removed.StackStatus).toBe('UPDATE_COMPLETE');
    expect(outputsOf(removed)).toEqual({ FreeValue: 'f3' });
    // The stack keeps its own policy: the override was for that update only.
    const stored = await t.cfn.send(new GetStackPolicyCommand({ StackName: 'policed' }));
    expect(JSON.parse(stored.StackPolicyBody!)).toEqual(JSON.parse(policy));
  });

  it('refuses a malformed policy when the call is made', async () => {
    const err = await errorOf(
      t.cfn.send(
        new CreateStackCommand({
          StackName: 'bad-policy',
          TemplateBody: things({ A: { Value: 'a' } }),
          StackPolicyBody: json({
            Statement: [{ Effect: 'Allow', Action: 's3:*', Principal: '*', Resource: '*' }],
          }),
        }),
      ),
    );
    expect(err.name).toBe('ValidationError');
    expect(err.message).toContain('s3:* is not an action');
  });
});

describe('CancelUpdateStack', () => {
  it('stops the update before its next resources and rolls back what was done', async () => {
    await t.cfn.send(
      new CreateStackCommand({
        StackName: 'cancelled',
        TemplateBody: things({
          First: { Value: 'a1', Hold: 'yes' },
          Second: { Value: 'b1', DependsOn: 'First' },
        }),
      }),
    );
    await t.idle();
    let release = (): void => {};
    t.control.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = new Promise<void>((resolve) => {
      t.control.onHold = resolve;
    });
    const mark = t.calls.length;
    await t.cfn.send(
      new UpdateStackCommand({
        StackName: 'cancelled',
        TemplateBody: things({
          First: { Value: 'a2', Hold: 'yes' },
          Second: { Value: 'b2', DependsOn: 'First' },
        }),
      }),
    );
    await held;
    t.control.onHold = undefined;
    t.control.hold = undefined;
    await t.cfn.send(new CancelUpdateStackCommand({ StackName: 'cancelled' }));
    release();
    const after = await settle('cancelled');
    expect(after.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(outputsOf(after)).toEqual({ FirstValue: 'a1', SecondValue: 'b1' });
    const trail = await eventTrail(t.cfn, 'cancelled');
    expect(trail.filter((e) => e.startsWith('Second'))).toEqual([
      'Second CREATE_IN_PROGRESS',
      'Second CREATE_COMPLETE',
    ]);
    const ops = t.calls.slice(mark).map((c) => `${c.op} ${c.logicalId}`);
    expect(ops).toEqual(['update First', 'update First']);
    const events = await t.cfn.send(new DescribeStackEventsCommand({ StackName: 'cancelled' }));
    const rollback = events.StackEvents!.find((e) => e.ResourceStatus === 'UPDATE_ROLLBACK_IN_PROGRESS');
    expect(rollback?.ResourceStatusReason).toBe('Stack update cancelled');
    // First was in flight: its update went through, is marked cancelled, and is rolled back.
    const first = events.StackEvents!.find(
      (e) => e.LogicalResourceId === 'First' && e.ResourceStatus === 'UPDATE_FAILED',
    );
    expect(first?.ResourceStatusReason).toBe('Resource update cancelled');
  });

  it('answers a ValidationError when no update is running', async () => {
    const err = await errorOf(t.cfn.send(new CancelUpdateStackCommand({ StackName: 'cancelled' })));
    expect(err).toMatchObject({
      name: 'ValidationError',
      message: 'CancelUpdateStack cannot be called from current stack status',
    });
  });
});

describe('ContinueUpdateRollback', () => {
  const original = { A: { Value: 'v1' }, B: { Value: 'b1', DependsOn: 'A' } };
  const failing = { A: { Value: 'v2' }, B: { Value: 'b1', Fail: 'update', DependsOn: 'A' } };

  async function failedRollback(name: string): Promise<void> {
    await t.cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: things(original) }));
    await t.idle();
    t.control.refuseValues.add('v1');
    await t.cfn.send(new UpdateStackCommand({ StackName: name, TemplateBody: things(failing) }));
    const stuck = await settle(name);
    expect(stuck.StackStatus).toBe('UPDATE_ROLLBACK_FAILED');
    expect(stuck.StackStatusReason).toBe('The following resource(s) failed to update: [A]. ');
    const a = await t.cfn.send(new DescribeStackResourceCommand({ StackName: name, LogicalResourceId: 'A' }));
    expect(a.StackResourceDetail?.ResourceStatus).toBe('UPDATE_FAILED');
  }

  it('finishes the rollback once its cause is fixed; updates are refused until then', async () => {
    await failedRollback('stuck');
    const refused = await errorOf(
      t.cfn.send(new UpdateStackCommand({ StackName: 'stuck', TemplateBody: things(original) })),
    );
    expect(refused.message).toMatch(/is in UPDATE_ROLLBACK_FAILED state and can not be updated\.$/);
    const notSkippable = await errorOf(
      t.cfn.send(new ContinueUpdateRollbackCommand({ StackName: 'stuck', ResourcesToSkip: ['B'] })),
    );
    expect(notSkippable.name).toBe('ValidationError');
    expect(notSkippable.message).toContain('B cannot be skipped');

    t.control.refuseValues.delete('v1');
    await t.cfn.send(new ContinueUpdateRollbackCommand({ StackName: 'stuck' }));
    const done = await settle('stuck');
    expect(done.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(outputsOf(done)).toEqual({ AValue: 'v1', BValue: 'b1' });
    const trail = await eventTrail(t.cfn, 'stuck');
    expect(trail.slice(-5)).toEqual([
      'stuck UPDATE_ROLLBACK_IN_PROGRESS',
      'A UPDATE_IN_PROGRESS',
      'A UPDATE_COMPLETE',
      'stuck UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'stuck UPDATE_ROLLBACK_COMPLETE',
    ]);
    const again = await errorOf(t.cfn.send(new ContinueUpdateRollbackCommand({ StackName: 'stuck' })));
    expect(again.message).toContain(
      'is in UPDATE_ROLLBACK_COMPLETE state and can not continue update rollback',
    );
  });

  it('skips the resources named in ResourcesToSkip', async () => {
    await failedRollback('skipping');
    await t.cfn.send(new ContinueUpdateRollbackCommand({ StackName: 'skipping', ResourcesToSkip: ['A'] }));
    const done = await settle('skipping');
    t.control.refuseValues.delete('v1');
    expect(done.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    const a = await t.cfn.send(
      new DescribeStackResourceCommand({ StackName: 'skipping', LogicalResourceId: 'A' }),
    );
    expect(a.StackResourceDetail?.ResourceStatus).toBe('UPDATE_COMPLETE');
    // Skipped: left as the failed update made it, inconsistent with the template, as AWS warns.
    expect(outputsOf(done).AValue).toBe('v2');
    const trail = await eventTrail(t.cfn, 'skipping');
    expect(trail.slice(-4)).toEqual([
      'skipping UPDATE_ROLLBACK_IN_PROGRESS',
      'A UPDATE_COMPLETE',
      'skipping UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS',
      'skipping UPDATE_ROLLBACK_COMPLETE',
    ]);
  });
});

describe('exports in use', () => {
  it('protects an imported export from deletion and change; ListImports names the importers', async () => {
    await t.cfn.send(
      new CreateStackCommand({
        StackName: 'exporter',
        TemplateBody: things(
          { E: { Value: 'e1' } },
          {
            Outputs: {
              Shared: { Value: { 'Fn::GetAtt': ['E', 'Value'] }, Export: { Name: 'shared-value' } },
            },
          },
        ),
      }),
    );
    await t.idle();
    await t.cfn.send(
      new CreateStackCommand({
        StackName: 'importer',
        TemplateBody: json({
          Resources: {
            I: {
              Type: 'Test::Thing',
              Properties: { Name: 'i', Value: { 'Fn::ImportValue': 'shared-value' } },
            },
          },
        }),
      }),
    );
    expect((await settle('importer')).StackStatus).toBe('CREATE_COMPLETE');
    const imports = await t.cfn.send(new ListImportsCommand({ ExportName: 'shared-value' }));
    expect(imports.Imports).toEqual(['importer']);

    await t.cfn.send(
      new UpdateStackCommand({
        StackName: 'exporter',
        TemplateBody: things(
          { E: { Value: 'e2' } },
          {
            Outputs: {
              Shared: { Value: { 'Fn::GetAtt': ['E', 'Value'] }, Export: { Name: 'shared-value' } },
            },
          },
        ),
      }),
    );
    const changed = await settle('exporter');
    expect(changed.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await stackReason('exporter', 'UPDATE_ROLLBACK_IN_PROGRESS')).toBe(
      'Export shared-value cannot be updated as it is in use by importer',
    );

    await t.cfn.send(new DeleteStackCommand({ StackName: 'exporter' }));
    const kept = await settle('exporter');
    expect(kept.StackStatus).toBe('DELETE_FAILED');
    expect(kept.StackStatusReason).toBe('Export shared-value cannot be deleted as it is in use by importer');

    await t.cfn.send(new DeleteStackCommand({ StackName: 'importer' }));
    await t.idle();
    const none = await errorOf(t.cfn.send(new ListImportsCommand({ ExportName: 'shared-value' })));
    expect(none).toMatchObject({
      name: 'ValidationError',
      message: "Export 'shared-value' is not imported by any stack.",
    });
    const { StackId } = await describe1('exporter');
    await t.cfn.send(new DeleteStackCommand({ StackName: 'exporter' }));
    await t.idle();
    expect((await describe1(StackId!)).StackStatus).toBe('DELETE_COMPLETE');
  });
});

describe('paging', () => {
  it('pages events and resources with NextToken, and refuses a token from another call', async () => {
    const spec = Object.fromEntries(Array.from({ length: 110 }, (_, i) => [`T${i}`, { Value: `${i}` }]));
    await t.cfn.send(new CreateStackCommand({ StackName: 'big', TemplateBody: things(spec) }));
    expect((await settle('big')).StackStatus).toBe('CREATE_COMPLETE');
    const first = await t.cfn.send(new DescribeStackEventsCommand({ StackName: 'big' }));
    expect(first.StackEvents).toHaveLength(100);
    expect(first.NextToken).toBeDefined();
    expect(await eventTrail(t.cfn, 'big')).toHaveLength(2 * 110 + 2);
    const resources = await t.cfn.send(new ListStackResourcesCommand({ StackName: 'big' }));
    expect(resources.StackResourceSummaries).toHaveLength(100);
    const rest = await t.cfn.send(
      new ListStackResourcesCommand({ StackName: 'big', NextToken: resources.NextToken }),
    );
    expect(rest.StackResourceSummaries).toHaveLength(10);
    expect(rest.NextToken).toBeUndefined();
    const wrong = await errorOf(
      t.cfn.send(new DescribeStackEventsCommand({ StackName: 'big', NextToken: resources.NextToken })),
    );
    expect(wrong.name).toBe('ValidationError');
  });
});

describe('SSM parameter types', () => {
  it('resolves AWS::SSM::Parameter::Value<String> from Parameter Store and shows the ResolvedValue', async () => {
    const creds = t.cloud.credentialsFor('management');
    const ssm = new SSMClient({ endpoint: t.cloud.endpoint, region: creds.region, credentials: creds });
    await ssm.send(new PutParameterCommand({ Name: '/fleet/stage', Type: 'String', Value: 'qa' }));
    ssm.destroy();
    const template = json({
      Parameters: { Stage: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/fleet/stage' } },
      Resources: { S: { Type: 'Test::Thing', Properties: { Name: 's', Value: { Ref: 'Stage' } } } },
      Outputs: { Stage: { Value: { 'Fn::GetAtt': ['S', 'Value'] } } },
    });
    await t.cfn.send(new CreateStackCommand({ StackName: 'from-ssm', TemplateBody: template }));
    const created = await settle('from-ssm');
    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    expect(created.Parameters).toEqual([
      { ParameterKey: 'Stage', ParameterValue: '/fleet/stage', ResolvedValue: 'qa' },
    ]);
    expect(outputsOf(created)).toEqual({ Stage: 'qa' });
    const missing = await errorOf(
      t.cfn.send(
        new CreateStackCommand({
          StackName: 'from-nowhere',
          TemplateBody: template,
          Parameters: [{ ParameterKey: 'Stage', ParameterValue: '/fleet/absent' }],
        }),
      ),
    );
    expect(missing.name).toBe('ValidationError');
    expect(missing.message).toContain('Stage');
  });

  it("refuses a caller who may not read the parameter, in AWS's words", async () => {
    const admin = t.cloud.credentialsFor('management');
    const account = t.cloud.accounts.find('management')!.id;
    const config = { endpoint: t.cloud.endpoint, region: admin.region, credentials: admin };
    const iam = new IAMClient(config);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'stacks-only',
        AssumeRolePolicyDocument: json({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'stacks-only',
        PolicyName: 'cfn',
        PolicyDocument: json({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' }],
        }),
      }),
    );
    iam.destroy();
    const sts = new STSClient(config);
    const session = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/stacks-only`, RoleSessionName: 'ci' }),
    );
    sts.destroy();
    const c = session.Credentials!;
    const cfn = new CloudFormationClient({
      ...config,
      maxAttempts: 1,
      credentials: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      },
    });
    const template = json({
      Parameters: { Stage: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/fleet/stage' } },
      Resources: { S: { Type: 'Test::Thing', Properties: { Name: 's', Value: { Ref: 'Stage' } } } },
    });
    const denied = await errorOf(
      cfn.send(new CreateStackCommand({ StackName: 'no-ssm', TemplateBody: template })),
    );
    expect(denied).toMatchObject({
      name: 'ValidationError',
      message: "AccessDenied. User doesn't have permission to call ssm:GetParameters",
    });
    const changeSet = await errorOf(
      cfn.send(
        new CreateChangeSetCommand({
          StackName: 'no-ssm',
          ChangeSetName: 'try',
          ChangeSetType: 'CREATE',
          TemplateBody: template,
        }),
      ),
    );
    expect(changeSet.message).toBe("AccessDenied. User doesn't have permission to call ssm:GetParameters");
    const none = await t.cfn.send(new ListStacksCommand({}));
    expect(none.StackSummaries!.some((x) => x.StackName === 'no-ssm')).toBe(false);
    cfn.destroy();
  });
});
