/**
 * Updates of a three-level tree of nested stacks: a failure in a grandchild rolls the whole tree back
 * (siblings that had already updated included), and a change set with IncludeNestedStacks shows each
 * nested stack's own changes and executes the tree from its root.
 */
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
  type Stack,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, eventTrail, startTestCloud, type TestCloud, uploadTemplates } from './helpers.js';

let t: TestCloud;
let urls: Record<string, string>;

const json = (template: unknown): string => JSON.stringify(template);
const thing = (name: string, value: string, extra: Record<string, unknown> = {}) => ({
  Type: 'Test::Thing',
  Properties: { Name: name, Value: value, ...extra },
});
const nested = (key: string, parameters?: Record<string, unknown>) => ({
  Type: 'AWS::CloudFormation::Stack',
  Properties: { TemplateURL: `URL:${key}`, ...(parameters ? { Parameters: parameters } : {}) },
});
const value = (id: string) => ({ Value: { 'Fn::GetAtt': [id, 'Value'] } });

const grandchild = (leaf: string, bad: 'ok' | 'fail') =>
  json({
    Parameters: { From: { Type: 'String' } },
    Resources: {
      Leaf: thing('leaf', leaf),
      Bad: { ...thing('bad', 'bad', bad === 'fail' ? { Fail: 'update' } : {}), DependsOn: 'Leaf' },
    },
    Outputs: { LeafValue: value('Leaf'), From: { Value: { Ref: 'From' } } },
  });

const child = (middle: string, grandchildKey: string) =>
  json({
    Resources: {
      Middle: thing('middle', middle),
      Grandchild: nested(grandchildKey, { From: { Ref: 'Middle' } }),
    },
    Outputs: {
      MiddleValue: value('Middle'),
      LeafValue: { Value: { 'Fn::GetAtt': ['Grandchild', 'Outputs.LeafValue'] } },
    },
  });

const sibling = (s: string, name = 's') =>
  json({ Resources: { S: thing(name, s) }, Outputs: { SValue: value('S') } });

const root = (top: string, childKey: string, siblingKey: string) =>
  json({
    Resources: { Top: thing('top', top), Child: nested(childKey), Sibling: nested(siblingKey) },
    Outputs: {
      TopValue: value('Top'),
      MiddleValue: { Value: { 'Fn::GetAtt': ['Child', 'Outputs.MiddleValue'] } },
      LeafValue: { Value: { 'Fn::GetAtt': ['Child', 'Outputs.LeafValue'] } },
      SValue: { Value: { 'Fn::GetAtt': ['Sibling', 'Outputs.SValue'] } },
    },
  });

function withUrls(body: string): string {
  return body.replace(/URL:([a-z0-9-]+\.json)/g, (_m, key: string) => urls[key]!);
}

beforeAll(async () => {
  t = await startTestCloud();
  const raw: Record<string, string> = {
    'grandchild-1.json': grandchild('leaf-1', 'ok'),
    'grandchild-2-bad.json': grandchild('leaf-2', 'fail'),
    'grandchild-2.json': grandchild('leaf-2', 'ok'),
    'child-1.json': child('mid-1', 'grandchild-1.json'),
    'child-2-bad.json': child('mid-2', 'grandchild-2-bad.json'),
    'child-2.json': child('mid-2', 'grandchild-2.json'),
    'sibling-1.json': sibling('s-1'),
    // A new Name replaces the thing (Test::Thing's replaceOn).
    'sibling-2.json': sibling('s-2', 's-renamed'),
  };
  urls = Object.fromEntries(Object.keys(raw).map((k) => [k, `https://tree-templates.s3.amazonaws.com/${k}`]));
  await uploadTemplates(
    t.s3,
    'tree-templates',
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, withUrls(v)])),
  );
});
afterAll(async () => {
  await t.close();
});

async function stack(nameOrId: string): Promise<Stack> {
  return (await t.cfn.send(new DescribeStacksCommand({ StackName: nameOrId }))).Stacks![0]!;
}

function outputs(s: Stack): Record<string, string> {
  return Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
}

/** The root and every stack below it, by logical path (`Child`, `Child.Grandchild`, `Sibling`). */
async function tree(rootName: string): Promise<Record<string, Stack>> {
  const top = await stack(rootName);
  const all = (await t.cfn.send(new DescribeStacksCommand({}))).Stacks!.filter(
    (s) => s.RootId === top.StackId,
  );
  const found: Record<string, Stack> = { '': top };
  const walk = (parent: Stack, path: string): void => {
    for (const s of all.filter((x) => x.ParentId === parent.StackId)) {
      const logical = s.StackName!.slice(parent.StackName!.length + 1).replace(/-[A-Z0-9]{12}$/, '');
      const here = path === '' ? logical : `${path}.${logical}`;
      found[here] = s;
      walk(s, here);
    }
  };
  walk(top, '');
  return found;
}

const ORIGINAL = { TopValue: 'top-1', MiddleValue: 'mid-1', LeafValue: 'leaf-1', SValue: 's-1' };

describe('an update that fails in a grandchild', () => {
  it('rolls the whole tree back, siblings that had updated included', async () => {
    await t.cfn.send(
      new CreateStackCommand({
        StackName: 'forest',
        TemplateBody: withUrls(root('top-1', 'child-1.json', 'sibling-1.json')),
      }),
    );
    await t.idle();
    expect(outputs(await stack('forest'))).toEqual(ORIGINAL);
    const before = await tree('forest');
    expect(Object.keys(before).sort()).toEqual(['', 'Child', 'Child.Grandchild', 'Sibling']);
    const sBefore = await t.cfn.send(
      new DescribeStackResourceCommand({ StackName: before.Sibling!.StackId!, LogicalResourceId: 'S' }),
    );
    const sOriginal = sBefore.StackResourceDetail!.PhysicalResourceId!;
    const mark = t.calls.length;

    await t.cfn.send(
      new UpdateStackCommand({
        StackName: 'forest',
        TemplateBody: withUrls(root('top-2', 'child-2-bad.json', 'sibling-2.json')),
        ClientRequestToken: 'grow-1',
      }),
    );
    await t.idle();
    const after = await tree('forest');
    const statuses = Object.fromEntries(Object.entries(after).map(([path, s]) => [path, s.StackStatus]));
    expect(statuses).toEqual({
      '': 'UPDATE_ROLLBACK_COMPLETE',
      Child: 'UPDATE_ROLLBACK_COMPLETE',
      'Child.Grandchild': 'UPDATE_ROLLBACK_COMPLETE',
      Sibling: 'UPDATE_ROLLBACK_COMPLETE',
    });
    // Same stacks (no replacement of the tree), every value back to what it was.
    for (const path of Object.keys(before)) expect(after[path]!.StackId).toBe(before[path]!.StackId);
    expect(outputs(after['']!)).toEqual(ORIGINAL);
    expect(outputs(after['Child.Grandchild']!)).toMatchObject({ LeafValue: 'leaf-1' });
    expect(outputs(after.Sibling!)).toEqual({ SValue: 's-1' });
    for (const [path, key] of [
      ['Child', 'child-1.json'],
      ['Sibling', 'sibling-1.json'],
    ] as const) {
      const template = await t.cfn.send(new GetTemplateCommand({ StackName: after[path]!.StackId }));
      expect(template.TemplateBody).toBe(
        withUrls(key === 'child-1.json' ? child('mid-1', 'grandchild-1.json') : sibling('s-1')),
      );
    }

    // Every event of the operation, in every stack of the tree, carries its token.
    const grandEvents = await t.cfn.send(
      new DescribeStackEventsCommand({ StackName: after['Child.Grandchild']!.StackId! }),
    );
    const badFailed = grandEvents.StackEvents!.find(
      (e) => e.LogicalResourceId === 'Bad' && e.ResourceStatus === 'UPDATE_FAILED',
    );
    expect(badFailed?.ClientRequestToken).toBe('grow-1');
    const grandTrail = await eventTrail(t.cfn, after['Child.Grandchild']!.StackId!);
    expect(grandTrail).toContain('Bad UPDATE_FAILED');
    const childTrail = await eventTrail(t.cfn, after.Child!.StackId!);
    expect(childTrail).toContain('Grandchild UPDATE_FAILED');
    const rootTrail = await eventTrail(t.cfn, 'forest');
    expect(rootTrail).toContain('Child UPDATE_FAILED');
    // The sibling had finished its update; the root's rollback rolled it back as a rollback.
    const siblingTrail = await eventTrail(t.cfn, after.Sibling!.StackId!);
    const name = after.Sibling!.StackName!;
    // Its cleanup waited for the root (as on AWS), so the rollback points S at the very thing it
    // replaced, which still exists, and deletes the replacement.
    expect(siblingTrail.slice(siblingTrail.indexOf(`${name} UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`))).toEqual([
      `${name} UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`,
      `${name} UPDATE_ROLLBACK_IN_PROGRESS`,
      'S UPDATE_COMPLETE',
      `${name} UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS`,
      'S DELETE_IN_PROGRESS',
      'S DELETE_COMPLETE',
      `${name} UPDATE_ROLLBACK_COMPLETE`,
    ]);
    const s = await t.cfn.send(
      new DescribeStackResourceCommand({ StackName: after.Sibling!.StackId!, LogicalResourceId: 'S' }),
    );
    expect(s.StackResourceDetail!.PhysicalResourceId).toBe(sOriginal);
    const sCalls = t.calls.slice(mark).filter((c) => c.logicalId === 'S');
    expect(sCalls.map((c) => c.op)).toEqual(['create', 'delete']);
    expect(sCalls[1]!.physicalId).toBe(sCalls[0]!.physicalId);
    expect(sCalls[0]!.physicalId).not.toBe(sOriginal);
    expect(rootTrail).toContain('forest UPDATE_ROLLBACK_IN_PROGRESS');
    expect(rootTrail.at(-1)).toBe('forest UPDATE_ROLLBACK_COMPLETE');
  });
});

describe('a change set with IncludeNestedStacks', () => {
  async function changeSet(id: string): Promise<DescribeChangeSetCommandOutput> {
    return t.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id }));
  }

  it("shows each nested stack's changes in its own change set and executes the tree from the root", async () => {
    const created = await t.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'forest',
        ChangeSetName: 'grow',
        IncludeNestedStacks: true,
        TemplateBody: withUrls(root('top-2', 'child-2.json', 'sibling-1.json')),
      }),
    );
    await t.idle();
    const top = await changeSet(created.Id!);
    expect(top.Status).toBe('CREATE_COMPLETE');
    expect(top.IncludeNestedStacks).toBe(true);
    const byId = Object.fromEntries(
      top.Changes!.map((c) => [c.ResourceChange!.LogicalResourceId!, c.ResourceChange!]),
    );
    expect(Object.keys(byId).sort()).toEqual(['Child', 'Top']);
    expect(byId.Top!.ChangeSetId).toBeUndefined();
    const childSetId = byId.Child!.ChangeSetId!;
    expect(childSetId).toMatch(/^arn:aws:cloudformation:us-east-1:\d{12}:changeSet\//);

    const childSet = await changeSet(childSetId);
    expect(childSet.ParentChangeSetId).toBe(created.Id);
    expect(childSet.RootChangeSetId).toBe(created.Id);
    const childChanges = Object.fromEntries(
      childSet.Changes!.map((c) => [c.ResourceChange!.LogicalResourceId!, c.ResourceChange!]),
    );
    expect(Object.keys(childChanges).sort()).toEqual(['Grandchild', 'Middle']);
    expect(childChanges.Middle!.Details!.map((d) => d.Target!.Name)).toEqual(['Value']);

    const grandSet = await changeSet(childChanges.Grandchild!.ChangeSetId!);
    expect(grandSet.ParentChangeSetId).toBe(childSetId);
    expect(grandSet.RootChangeSetId).toBe(created.Id);
    expect(
      grandSet.Changes!.map((c) => `${c.ResourceChange!.Action} ${c.ResourceChange!.LogicalResourceId}`),
    ).toEqual(['Modify Leaf']);

    const nestedExecution = await errorOf(
      t.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: childSetId })),
    );
    expect(nestedExecution.name).toBe('ValidationError');
    expect(nestedExecution.message).toContain('execute its root change set');

    const listed = await t.cfn.send(new ListChangeSetsCommand({ StackName: 'forest' }));
    expect(listed.Summaries!.map((s) => [s.ChangeSetName, s.IncludeNestedStacks])).toEqual([['grow', true]]);

    await t.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
    await t.idle();
    const done = await tree('forest');
    expect(done['']!.StackStatus).toBe('UPDATE_COMPLETE');
    expect(done.Child!.StackStatus).toBe('UPDATE_COMPLETE');
    expect(done['Child.Grandchild']!.StackStatus).toBe('UPDATE_COMPLETE');
    expect(outputs(done['']!)).toEqual({
      TopValue: 'top-2',
      MiddleValue: 'mid-2',
      LeafValue: 'leaf-2',
      SValue: 's-1',
    });
    expect((await changeSet(grandSet.ChangeSetId!)).ExecutionStatus).toBe('EXECUTE_COMPLETE');
  });
});

describe('a CREATE change set with IncludeNestedStacks', () => {
  async function describeSet(id: string): Promise<DescribeChangeSetCommandOutput> {
    return t.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: id }));
  }
  const byLogical = (set: DescribeChangeSetCommandOutput) =>
    Object.fromEntries(set.Changes!.map((c) => [c.ResourceChange!.LogicalResourceId!, c.ResourceChange!]));

  it('makes added nested stacks in review with change sets of their own; executing creates those stacks', async () => {
    const created = await t.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'sapling',
        ChangeSetName: 'plant',
        ChangeSetType: 'CREATE',
        IncludeNestedStacks: true,
        TemplateBody: withUrls(root('top-1', 'child-1.json', 'sibling-1.json')),
      }),
    );
    await t.idle();
    const top = byLogical(await describeSet(created.Id!));
    expect(
      Object.values(top)
        .map((c) => `${c.Action} ${c.LogicalResourceId}`)
        .sort(),
    ).toEqual(['Add Child', 'Add Sibling', 'Add Top']);
    const childSet = await describeSet(top.Child!.ChangeSetId!);
    expect(childSet.ParentChangeSetId).toBe(created.Id);
    const inChild = byLogical(childSet);
    expect(Object.keys(inChild).sort()).toEqual(['Grandchild', 'Middle']);
    // The grandchild's parameter is the Middle thing's physical ID: known only at execution.
    expect(inChild.Grandchild!.ChangeSetId).toBeUndefined();
    const review = await stack(childSet.StackId!);
    expect(review).toMatchObject({ StackStatus: 'REVIEW_IN_PROGRESS', ParentId: created.StackId });

    await t.cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id }));
    await t.idle();
    const grown = await tree('sapling');
    expect(Object.values(grown).map((s) => s.StackStatus)).toEqual(Array(4).fill('CREATE_COMPLETE'));
    expect(grown.Child!.StackId).toBe(childSet.StackId);
    expect(outputs(grown['']!)).toEqual(ORIGINAL);
  });

  it('drops the stacks it made in review when the change set is deleted', async () => {
    const created = await t.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'seed',
        ChangeSetName: 'maybe',
        ChangeSetType: 'CREATE',
        IncludeNestedStacks: true,
        TemplateBody: withUrls(root('top-1', 'child-1.json', 'sibling-1.json')),
      }),
    );
    await t.idle();
    const top = byLogical(await describeSet(created.Id!));
    const siblingSet = await describeSet(top.Sibling!.ChangeSetId!);
    const nestedDelete = await errorOf(
      t.cfn.send(new DeleteChangeSetCommand({ ChangeSetName: siblingSet.ChangeSetId })),
    );
    expect(nestedDelete.message).toContain('delete its root change set');
    await t.cfn.send(new DeleteChangeSetCommand({ ChangeSetName: created.Id }));
    expect((await stack(siblingSet.StackId!)).StackStatus).toBe('DELETE_COMPLETE');
    const gone = await errorOf(
      t.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: siblingSet.ChangeSetId })),
    );
    expect(gone.name).toBe('ChangeSetNotFoundException');
  });
});
