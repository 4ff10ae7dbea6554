import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ListStackResourcesCommand,
  UpdateStackCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalCloud } from '../../../../src/local-cloud/cloud.js';
import { cloudformationSlices } from '../../../../src/local-cloud/cloudformation/index.js';
import { StateStore } from '../../../../src/local-cloud/state/store.js';
import { errorOf, eventTrail, startTestCloud, type TestCloud } from './helpers.js';

const json = (template: unknown): string => JSON.stringify(template);

function thing(properties: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { Type: 'Test::Thing', Properties: properties, ...extra };
}

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t.close();
});

async function stackOf(name: string) {
  const out = await t.cfn.send(new DescribeStacksCommand({ StackName: name }));
  return out.Stacks![0]!;
}

describe('CreateStack', () => {
  it('creates resources along their dependencies and resolves outputs', async () => {
    const template = json({
      Resources: {
        First: thing({ Name: 'first', Value: 'one' }),
        Second: thing({ Name: 'second', Value: { 'Fn::GetAtt': ['First', 'Arn'] } }),
      },
      Outputs: {
        SecondValue: { Value: { 'Fn::GetAtt': ['Second', 'Value'] } },
        FirstId: { Value: { Ref: 'First' } },
      },
    });
    const { StackId } = await t.cfn.send(
      new CreateStackCommand({ StackName: 'plain', TemplateBody: template }),
    );
    expect(StackId).toMatch(/^arn:aws:cloudformation:us-east-1:\d{12}:stack\/plain\/[0-9a-f-]{36}$/);
    await t.idle();
    const waited = await waitUntilStackCreateComplete(
      { client: t.cfn, maxWaitTime: 10, minDelay: 1 },
      { StackName: 'plain' },
    );
    expect(waited.state).toBe('SUCCESS');
    const stack = await stackOf('plain');
    expect(stack.StackStatus).toBe('CREATE_COMPLETE');
    const first = t.calls.find((c) => c.stackName === 'plain' && c.logicalId === 'First')!;
    expect(stack.Outputs).toEqual(
      expect.arrayContaining([
        { OutputKey: 'SecondValue', OutputValue: `arn:test:thing/${first.physicalId}` },
        { OutputKey: 'FirstId', OutputValue: first.physicalId },
      ]),
    );
    const order = t.calls.filter((c) => c.stackName === 'plain').map((c) => `${c.op} ${c.logicalId}`);
    expect(order).toEqual(['create First', 'create Second']);
    expect(await eventTrail(t.cfn, 'plain')).toEqual([
      'plain CREATE_IN_PROGRESS',
      'First CREATE_IN_PROGRESS',
      'First CREATE_COMPLETE',
      'Second CREATE_IN_PROGRESS',
      'Second CREATE_COMPLETE',
      'plain CREATE_COMPLETE',
    ]);
    const resources = await t.cfn.send(new ListStackResourcesCommand({ StackName: 'plain' }));
    expect(
      resources.StackResourceSummaries?.map((r) => [r.LogicalResourceId, r.ResourceStatus]).sort(),
    ).toEqual([
      ['First', 'CREATE_COMPLETE'],
      ['Second', 'CREATE_COMPLETE'],
    ]);
  });

  it('answers AlreadyExistsException for a name in use', async () => {
    const template = json({ Resources: { Only: thing({ Name: 'x' }) } });
    await t.cfn.send(new CreateStackCommand({ StackName: 'twice', TemplateBody: template }));
    const err = await errorOf(
      t.cfn.send(new CreateStackCommand({ StackName: 'twice', TemplateBody: template })),
    );
    expect(err).toMatchObject({ name: 'AlreadyExistsException', message: 'Stack [twice] already exists' });
    await t.idle();
  });

  it('requires CAPABILITY_IAM for IAM resources', async () => {
    const template = json({
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } },
        },
      },
    });
    const err = await errorOf(
      t.cfn.send(new CreateStackCommand({ StackName: 'iam', TemplateBody: template })),
    );
    expect(err).toMatchObject({
      name: 'InsufficientCapabilitiesException',
      message: 'Requires capabilities : [CAPABILITY_IAM]',
      status: 400,
    });
  });

  it('rolls back after a failed resource: in-flight ones finish, the rest never start', async () => {
    const template = json({
      Resources: {
        Base: thing({ Name: 'base' }),
        Sibling: thing({ Name: 'sibling' }),
        Broken: thing({ Name: 'broken', Fail: 'create', Needs: { Ref: 'Base' } }),
        Later: thing({ Name: 'later', Needs: { Ref: 'Broken' } }),
      },
    });
    await t.cfn.send(new CreateStackCommand({ StackName: 'fails', TemplateBody: template }));
    await t.idle();
    const stack = await stackOf('fails');
    expect(stack.StackStatus).toBe('ROLLBACK_COMPLETE');
    const trail = await eventTrail(t.cfn, 'fails');
    expect(trail.slice(0, 5)).toEqual([
      'fails CREATE_IN_PROGRESS',
      'Base CREATE_IN_PROGRESS',
      'Sibling CREATE_IN_PROGRESS',
      'Base CREATE_COMPLETE',
      'Sibling CREATE_COMPLETE',
    ]);
    expect(trail.slice(5, 9)).toEqual([
      'Broken CREATE_IN_PROGRESS',
      'Broken CREATE_FAILED',
      'fails ROLLBACK_IN_PROGRESS',
      'Broken DELETE_COMPLETE',
    ]);
    expect(trail.slice(9, -1).sort()).toEqual([
      'Base DELETE_COMPLETE',
      'Base DELETE_IN_PROGRESS',
      'Sibling DELETE_COMPLETE',
      'Sibling DELETE_IN_PROGRESS',
    ]);
    expect(trail.at(-1)).toBe('fails ROLLBACK_COMPLETE');
    expect(trail).not.toContain('Later CREATE_IN_PROGRESS');
    const ops = t.calls.filter((c) => c.stackName === 'fails').map((c) => `${c.op} ${c.logicalId}`);
    expect(ops.sort()).toEqual(['create Base', 'create Sibling', 'delete Base', 'delete Sibling']);
    const events = await t.cfn.send(new DescribeStackEventsCommand({ StackName: 'fails' }));
    const failed = events.StackEvents!.find((e) => e.ResourceStatus === 'CREATE_FAILED')!;
    expect(failed.ResourceStatusReason).toBe('Thing Broken refused to be created');
    expect(events.StackEvents![0]!.ResourceStatus).toBe('ROLLBACK_COMPLETE');
    const rollback = events.StackEvents!.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')!;
    expect(rollback.ResourceStatusReason).toBe(
      'The following resource(s) failed to create: [Broken]. Rollback requested by user.',
    );
  });

  it('cancels a resource still in flight when another fails, and rolls it back too', async () => {
    let release = (): void => {};
    t.control.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = new Promise<void>((resolve) => {
      t.control.onHold = resolve;
    });
    const template = json({
      Resources: {
        Slow: thing({ Name: 'slow', Hold: 'yes' }),
        Broken: thing({ Name: 'broken', Fail: 'create' }),
      },
    });
    await t.cfn.send(new CreateStackCommand({ StackName: 'cancels', TemplateBody: template }));
    await held;
    t.control.onHold = undefined;
    t.control.hold = undefined;
    // Slow is still being created when Broken fails.
    const brokenFailed = async (): Promise<boolean> => {
      const out = await t.cfn.send(new DescribeStackEventsCommand({ StackName: 'cancels' }));
      return out.StackEvents!.some(
        (e) => e.LogicalResourceId === 'Broken' && e.ResourceStatus === 'CREATE_FAILED',
      );
    };
    for (let round = 0; round < 100 && !(await brokenFailed()); round++);
    expect(await brokenFailed()).toBe(true);
    release();
    await t.idle();
    expect((await stackOf('cancels')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = await t.cfn.send(new DescribeStackEventsCommand({ StackName: 'cancels' }));
    const slowFailed = events.StackEvents!.find(
      (e) => e.LogicalResourceId === 'Slow' && e.ResourceStatus === 'CREATE_FAILED',
    );
    expect(slowFailed?.ResourceStatusReason).toBe('Resource creation cancelled');
    expect(slowFailed?.PhysicalResourceId).toMatch(/^Slow-/);
    const rollback = events.StackEvents!.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS')!;
    expect(rollback.ResourceStatusReason).toBe(
      'The following resource(s) failed to create: [Broken, Slow]. Rollback requested by user.',
    );
    // Slow was really created: the rollback deletes it.
    const ops = t.calls.filter((c) => c.stackName === 'cancels').map((c) => `${c.op} ${c.logicalId}`);
    expect(ops).toEqual(['create Slow', 'delete Slow']);
  });

  it('stops at CREATE_FAILED with DisableRollback', async () => {
    const template = json({ Resources: { Broken: thing({ Name: 'b', Fail: 'create' }) } });
    await t.cfn.send(
      new CreateStackCommand({ StackName: 'kept', TemplateBody: template, DisableRollback: true }),
    );
    await t.idle();
    const stack = await stackOf('kept');
    expect(stack.StackStatus).toBe('CREATE_FAILED');
    expect(stack.StackStatusReason).toBe('The following resource(s) failed to create: [Broken]. ');
  });
});

describe('resource types', () => {
  it('fails a resource of an unsupported type with a reason naming the type', async () => {
    const template = json({ Resources: { Odd: { Type: 'Test::Unknown', Properties: {} } } });
    await t.cfn.send(new CreateStackCommand({ StackName: 'odd', TemplateBody: template }));
    await t.idle();
    const events = await t.cfn.send(new DescribeStackEventsCommand({ StackName: 'odd' }));
    const failed = events.StackEvents!.find((e) => e.ResourceStatus === 'CREATE_FAILED')!;
    expect(failed.ResourceStatusReason).toBe(
      'Resource type Test::Unknown is not supported by the local cloud.',
    );
    expect((await stackOf('odd')).StackStatus).toBe('ROLLBACK_COMPLETE');
  });
});

describe('UpdateStack', () => {
  const v1 = json({
    Resources: { Named: thing({ Name: 'one', Value: 'a' }), Plain: thing({ Name: 'plain', Value: 'a' }) },
    Outputs: { NamedId: { Value: { Ref: 'Named' } } },
  });

  beforeAll(async () => {
    await t.cfn.send(new CreateStackCommand({ StackName: 'upd', TemplateBody: v1 }));
    await t.idle();
  });

  it('answers "No updates are to be performed." when nothing changes', async () => {
    const err = await errorOf(t.cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: v1 })));
    expect(err).toMatchObject({
      name: 'ValidationError',
      message: 'No updates are to be performed.',
      status: 400,
    });
  });

  it('replaces a resource when a replacement property changes and updates others in place', async () => {
    const before = t.calls.filter((c) => c.stackName === 'upd' && c.op === 'create');
    const oldNamed = before.find((c) => c.logicalId === 'Named')!.physicalId;
    const oldPlain = before.find((c) => c.logicalId === 'Plain')!.physicalId;
    const v2 = json({
      Resources: { Named: thing({ Name: 'two', Value: 'a' }), Plain: thing({ Name: 'plain', Value: 'b' }) },
      Outputs: { NamedId: { Value: { Ref: 'Named' } } },
    });
    const mark = t.calls.length;
    await t.cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: v2 }));
    await t.idle();
    const stack = await stackOf('upd');
    expect(stack.StackStatus).toBe('UPDATE_COMPLETE');
    const calls = t.calls
      .slice(mark)
      .map((c) => `${c.op} ${c.logicalId} ${c.physicalId === oldNamed ? 'old' : ''}`);
    expect(calls.sort()).toEqual(['create Named ', 'delete Named old', 'update Plain ']);
    const newNamed = t.calls.slice(mark).find((c) => c.op === 'create')!.physicalId;
    expect(stack.Outputs).toEqual([{ OutputKey: 'NamedId', OutputValue: newNamed }]);
    expect(t.calls.slice(mark).find((c) => c.op === 'update')!.physicalId).toBe(oldPlain);
    const trail = await eventTrail(t.cfn, 'upd');
    const update = trail.slice(trail.indexOf('upd UPDATE_IN_PROGRESS'));
    expect(update[0]).toBe('upd UPDATE_IN_PROGRESS');
    expect(update).toContain('upd UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    const cleanup = update.indexOf('upd UPDATE_COMPLETE_CLEANUP_IN_PROGRESS');
    expect(update.slice(cleanup + 1)).toEqual([
      'Named DELETE_IN_PROGRESS',
      'Named DELETE_COMPLETE',
      'upd UPDATE_COMPLETE',
    ]);
  });

  it('rolls a failed update back to the previous resources', async () => {
    const current = await t.cfn.send(new ListStackResourcesCommand({ StackName: 'upd' }));
    const named = current.StackResourceSummaries!.find(
      (r) => r.LogicalResourceId === 'Named',
    )!.PhysicalResourceId;
    const v3 = json({
      Resources: {
        Named: thing({ Name: 'three', Value: 'a' }),
        Plain: thing({ Name: 'plain', Value: 'c', Fail: 'update' }),
      },
      Outputs: { NamedId: { Value: { Ref: 'Named' } } },
    });
    await t.cfn.send(new UpdateStackCommand({ StackName: 'upd', TemplateBody: v3 }));
    await t.idle();
    const stack = await stackOf('upd');
    expect(stack.StackStatus).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(stack.StackStatusReason).toBeUndefined();
    const after = await t.cfn.send(new ListStackResourcesCommand({ StackName: 'upd' }));
    expect(
      after.StackResourceSummaries!.find((r) => r.LogicalResourceId === 'Named')!.PhysicalResourceId,
    ).toBe(named);
    expect(stack.Outputs).toEqual([{ OutputKey: 'NamedId', OutputValue: named }]);
    const trail = await eventTrail(t.cfn, 'upd');
    const last = trail.slice(trail.lastIndexOf('upd UPDATE_IN_PROGRESS'));
    expect(last).toContain('Plain UPDATE_FAILED');
    expect(last).toContain('upd UPDATE_ROLLBACK_IN_PROGRESS');
    expect(last.at(-1)).toBe('upd UPDATE_ROLLBACK_COMPLETE');
  });
});

describe('DeleteStack', () => {
  it('deletes resources in reverse dependency order; the stack is found by ID only afterwards', async () => {
    const template = json({
      Resources: { Parent: thing({ Name: 'p' }), Child: thing({ Name: 'c', Needs: { Ref: 'Parent' } }) },
    });
    const { StackId } = await t.cfn.send(
      new CreateStackCommand({ StackName: 'gone', TemplateBody: template }),
    );
    await t.idle();
    const mark = t.calls.length;
    await t.cfn.send(new DeleteStackCommand({ StackName: 'gone' }));
    await t.idle();
    expect(t.calls.slice(mark).map((c) => `${c.op} ${c.logicalId}`)).toEqual([
      'delete Child',
      'delete Parent',
    ]);
    const err = await errorOf(t.cfn.send(new DescribeStacksCommand({ StackName: 'gone' })));
    expect(err).toMatchObject({ name: 'ValidationError', message: 'Stack with id gone does not exist' });
    const byId = await stackOf(StackId!);
    expect(byId.StackStatus).toBe('DELETE_COMPLETE');
    expect(byId.DeletionTime).toBeInstanceOf(Date);
  });
});

describe('restart', () => {
  it('marks a stack whose operation was cut short by a crash as failed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cfn-restart-'));
    try {
      const first = await createLocalCloud({ stateDir: dir });
      const account = first.credentialsFor('management');
      const accountId = first.accounts.managementAccountId;
      await first.close();
      const stackId = `arn:aws:cloudformation:us-east-1:${accountId}:stack/cut/00000000-0000-4000-8000-000000000000`;
      const store = StateStore.open({ dir: join(dir, 'state'), slices: cloudformationSlices });
      store.dispatch('cloudformation', 'created', {
        stackId,
        stackName: 'cut',
        accountId,
        region: 'us-east-1',
        status: 'CREATE_IN_PROGRESS',
        createdAt: '2026-01-01T00:00:00.000Z',
        templateBody: '{}',
        parameters: [],
        parameterValues: {},
        capabilities: [],
        disableRollback: false,
        tags: [],
        resources: {},
        outputs: [],
        events: [],
      });
      store.close();
      const second = await createLocalCloud({ stateDir: dir });
      try {
        const cfn = new CloudFormationClient({
          endpoint: second.endpoint,
          region: account.region,
          credentials: account,
        });
        const out = await cfn.send(new DescribeStacksCommand({ StackName: 'cut' }));
        cfn.destroy();
        expect(out.Stacks![0]).toMatchObject({
          StackStatus: 'CREATE_FAILED',
          StackStatusReason: 'The local cloud stopped while this operation was running.',
        });
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
