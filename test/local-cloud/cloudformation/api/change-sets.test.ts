import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CHANGES } from '../../../../src/local-cloud/cloudformation/api/change-sets.js';
import { errorOf, eventTrail, startTestCloud, type TestCloud } from '../engine/helpers.js';

const json = (template: unknown): string => JSON.stringify(template);
const thing = (properties: Record<string, unknown>) => ({ Type: 'Test::Thing', Properties: properties });

const V1 = json({ Resources: { Keep: thing({ Name: 'keep', Value: 'a' }), Swap: thing({ Name: 'one' }) } });
const V2 = json({
  Resources: {
    Keep: thing({ Name: 'keep', Value: 'b' }),
    Swap: thing({ Name: 'two' }),
    Fresh: thing({ Name: 'f' }),
  },
});

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t.close();
});

async function statusOf(name: string): Promise<string | undefined> {
  const out = await t.cfn.send(new DescribeStacksCommand({ StackName: name }));
  return out.Stacks![0]!.StackStatus;
}

describe('change sets', () => {
  it('creates a stack through a CREATE change set', async () => {
    const created = await t.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'cs',
        ChangeSetName: 'first',
        ChangeSetType: 'CREATE',
        TemplateBody: V1,
      }),
    );
    await t.idle();
    expect(created.Id).toMatch(/:changeSet\/first\//);
    expect(await statusOf('cs')).toBe('REVIEW_IN_PROGRESS');
    const described = await t.cfn.send(
      new DescribeChangeSetCommand({ StackName: 'cs', ChangeSetName: 'first' }),
    );
    expect(described).toMatchObject({
      Status: 'CREATE_COMPLETE',
      ExecutionStatus: 'AVAILABLE',
      StackId: created.StackId,
    });
    expect(
      described.Changes!.map((c) => [c.ResourceChange!.Action, c.ResourceChange!.LogicalResourceId]),
    ).toEqual([
      ['Add', 'Keep'],
      ['Add', 'Swap'],
    ]);
    await t.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
    await t.idle();
    expect(await statusOf('cs')).toBe('CREATE_COMPLETE');
    const trail = await eventTrail(t.cfn, 'cs');
    expect(trail[0]).toBe('cs REVIEW_IN_PROGRESS');
    expect(trail[1]).toBe('cs CREATE_IN_PROGRESS');
    expect(trail.at(-1)).toBe('cs CREATE_COMPLETE');
  });

  it('describes an UPDATE change set with replacements and executes it', async () => {
    const created = await t.cfn.send(
      new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'second', TemplateBody: V2 }),
    );
    await t.idle();
    const described = await t.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    const changes = Object.fromEntries(
      described.Changes!.map((c) => [c.ResourceChange!.LogicalResourceId, c.ResourceChange!]),
    );
    expect(changes.Keep).toMatchObject({ Action: 'Modify', Replacement: 'False' });
    expect(changes.Keep!.Details).toEqual([
      {
        Target: { Attribute: 'Properties', Name: 'Value', RequiresRecreation: 'Never' },
        Evaluation: 'Static',
        ChangeSource: 'DirectModification',
      },
    ]);
    expect(changes.Swap).toMatchObject({ Action: 'Modify', Replacement: 'True' });
    expect(changes.Fresh).toMatchObject({ Action: 'Add', ResourceType: 'Test::Thing' });
    const listed = await t.cfn.send(new ListChangeSetsCommand({ StackName: 'cs' }));
    expect(listed.Summaries!.map((s) => [s.ChangeSetName, s.ExecutionStatus])).toEqual([
      ['first', 'EXECUTE_COMPLETE'],
      ['second', 'AVAILABLE'],
    ]);
    await t.cfn.send(new ExecuteChangeSetCommand({ StackName: 'cs', ChangeSetName: 'second' }));
    await t.idle();
    expect(await statusOf('cs')).toBe('UPDATE_COMPLETE');
  });

  it('fails an empty change set with AWS reason and refuses to execute it', async () => {
    const created = await t.cfn.send(
      new CreateChangeSetCommand({ StackName: 'cs', ChangeSetName: 'empty', TemplateBody: V2 }),
    );
    await t.idle();
    const described = await t.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
    expect(described).toMatchObject({
      Status: 'FAILED',
      ExecutionStatus: 'UNAVAILABLE',
      StatusReason: NO_CHANGES,
    });
    expect(NO_CHANGES).toBe(
      "The submitted information didn't contain changes. Submit different information to create a change set.",
    );
    const err = await errorOf(t.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id })));
    expect(err).toMatchObject({
      name: 'InvalidChangeSetStatusException',
      message: `ChangeSet [${created.Id}] cannot be executed in its current status of [FAILED]`,
    });
    await t.cfn.send(new DeleteChangeSetCommand({ ChangeSetName: created.Id }));
    const gone = await errorOf(t.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id })));
    expect(gone).toMatchObject({ name: 'ChangeSetNotFoundException', status: 404 });
  });
});

describe('a change set being created', () => {
  it('is CREATE_PENDING, then CREATE_IN_PROGRESS, and cannot be executed before CREATE_COMPLETE', async () => {
    const slow = await startTestCloud({ changeSetDelayMs: 400 });
    try {
      const created = await slow.cfn.send(
        new CreateChangeSetCommand({
          StackName: 'patient',
          ChangeSetName: 'first',
          ChangeSetType: 'CREATE',
          TemplateBody: V1,
        }),
      );
      const early = await slow.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
      expect(early).toMatchObject({ Status: 'CREATE_PENDING', ExecutionStatus: 'UNAVAILABLE' });
      expect(early.Changes ?? []).toEqual([]);
      const err = await errorOf(slow.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id })));
      expect(err).toMatchObject({
        name: 'InvalidChangeSetStatusException',
        message: `ChangeSet [${created.Id}] cannot be executed in its current status of [CREATE_PENDING]`,
      });
      await slow.idle();
      const ready = await slow.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id }));
      expect(ready).toMatchObject({ Status: 'CREATE_COMPLETE', ExecutionStatus: 'AVAILABLE' });
      expect(ready.Changes).toHaveLength(2);
      await slow.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
      await slow.idle();
      expect(await eventTrail(slow.cfn, 'patient')).toContain('patient CREATE_COMPLETE');
    } finally {
      await slow.close();
    }
  });
});
