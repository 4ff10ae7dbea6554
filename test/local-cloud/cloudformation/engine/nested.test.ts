import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStacksCommand,
  ListStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTrail, startTestCloud, type TestCloud, uploadTemplates } from './helpers.js';

const json = (template: unknown): string => JSON.stringify(template);

let t: TestCloud;
let urls: Record<string, string>;

const grandchild = (fail: boolean) =>
  json({
    Parameters: { Prefix: { Type: 'String' } },
    Resources: {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax
      Leaf: { Type: 'Test::Thing', Properties: { Name: { 'Fn::Sub': '${Prefix}-leaf' }, Value: 'deep' } },
      ...(fail
        ? { Bad: { Type: 'Test::Thing', Properties: { Name: 'bad', Fail: 'create' }, DependsOn: 'Leaf' } }
        : {}),
    },
    Outputs: { LeafArn: { Value: { 'Fn::GetAtt': ['Leaf', 'Arn'] } } },
  });

const child = (grandchildKey: string) =>
  json({
    Resources: {
      Middle: { Type: 'Test::Thing', Properties: { Name: 'middle' } },
      Grandchild: {
        Type: 'AWS::CloudFormation::Stack',
        Properties: { TemplateURL: `URL:${grandchildKey}`, Parameters: { Prefix: { Ref: 'Middle' } } },
      },
    },
    Outputs: { FromGrandchild: { Value: { 'Fn::GetAtt': ['Grandchild', 'Outputs.LeafArn'] } } },
  });

const root = (childKey: string) =>
  json({
    Resources: {
      Top: { Type: 'Test::Thing', Properties: { Name: 'top' } },
      Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `URL:${childKey}` } },
    },
    Outputs: { Deep: { Value: { 'Fn::GetAtt': ['Child', 'Outputs.FromGrandchild'] } } },
  });

function withUrls(body: string): string {
  return body.replace(/URL:([a-z-]+\.json)/g, (_m, key: string) => urls[key]!);
}

beforeAll(async () => {
  t = await startTestCloud();
  const raw = {
    'grandchild.json': grandchild(false),
    'grandchild-bad.json': grandchild(true),
    'child.json': child('grandchild.json'),
    'child-bad.json': child('grandchild-bad.json'),
  };
  urls = Object.fromEntries(
    Object.keys(raw).map((k) => [k, `https://nested-templates.s3.amazonaws.com/${k}`]),
  );
  const resolved = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, withUrls(v)]));
  await uploadTemplates(t.s3, 'nested-templates', resolved);
});
afterAll(async () => {
  await t.close();
});

async function allStacks(): Promise<Stack[]> {
  const out = await t.cfn.send(new DescribeStacksCommand({}));
  return out.Stacks ?? [];
}

describe('nested stacks', () => {
  it('creates a three-level tree with ParentId/RootId, its own events and outputs passed up', async () => {
    const { StackId } = await t.cfn.send(
      new CreateStackCommand({ StackName: 'tree', TemplateBody: withUrls(root('child.json')) }),
    );
    await t.idle();
    const stacks = await allStacks();
    const top = stacks.find((s) => s.StackId === StackId)!;
    expect(top.StackStatus).toBe('CREATE_COMPLETE');
    const mid = stacks.find((s) => s.ParentId === StackId)!;
    expect(mid.StackName).toMatch(/^tree-Child-[A-Z0-9]{12}$/);
    expect(mid.RootId).toBe(StackId);
    const leaf = stacks.find((s) => s.ParentId === mid.StackId)!;
    expect(leaf.StackName).toMatch(new RegExp(`^${mid.StackName}-Grandchild-[A-Z0-9]{12}$`));
    expect(leaf.RootId).toBe(StackId);
    expect(leaf.StackStatus).toBe('CREATE_COMPLETE');
    const leafCall = t.calls.find((c) => c.stackName === leaf.StackName)!;
    expect(top.Outputs).toEqual([
      { OutputKey: 'Deep', OutputValue: `arn:test:thing/${leafCall.physicalId}` },
    ]);
    const middle = t.calls.find((c) => c.stackName === mid.StackName)!;
    expect(leaf.Parameters).toEqual([{ ParameterKey: 'Prefix', ParameterValue: middle.physicalId }]);
    expect(await eventTrail(t.cfn, leaf.StackId!)).toEqual([
      `${leaf.StackName} CREATE_IN_PROGRESS`,
      'Leaf CREATE_IN_PROGRESS',
      'Leaf CREATE_COMPLETE',
      `${leaf.StackName} CREATE_COMPLETE`,
    ]);
    const trail = await eventTrail(t.cfn, 'tree');
    expect(trail.indexOf('Child CREATE_COMPLETE')).toBeGreaterThan(trail.indexOf('Child CREATE_IN_PROGRESS'));
    expect(trail.at(-1)).toBe('tree CREATE_COMPLETE');
  });

  it('deletes a whole tree, children first', async () => {
    const before = await allStacks();
    const treeIds = before.filter((s) => s.StackName?.startsWith('tree')).map((s) => s.StackId!);
    expect(treeIds).toHaveLength(3);
    const mark = t.calls.length;
    await t.cfn.send(new DeleteStackCommand({ StackName: 'tree' }));
    await t.idle();
    for (const id of treeIds) {
      const out = await t.cfn.send(new DescribeStacksCommand({ StackName: id }));
      expect(out.Stacks![0]!.StackStatus).toBe('DELETE_COMPLETE');
    }
    const deletes = t.calls.slice(mark).map((c) => `${c.op} ${c.logicalId}`);
    expect(deletes.sort()).toEqual(['delete Leaf', 'delete Middle', 'delete Top']);
    expect(deletes.indexOf('delete Leaf')).toBeLessThan(deletes.indexOf('delete Middle'));
  });

  it('rolls the whole tree back when a grandchild fails', async () => {
    const mark = t.calls.length;
    const { StackId } = await t.cfn.send(
      new CreateStackCommand({ StackName: 'doomed', TemplateBody: withUrls(root('child-bad.json')) }),
    );
    await t.idle();
    const listed = await t.cfn.send(new ListStacksCommand({}));
    const tree = listed.StackSummaries!.filter((s) => s.RootId === StackId || s.StackId === StackId);
    expect(tree).toHaveLength(3);
    const byDepth = (id: string | undefined): string => tree.find((s) => s.StackId === id)!.StackStatus!;
    const mid = tree.find((s) => s.ParentId === StackId)!;
    const leaf = tree.find((s) => s.ParentId === mid.StackId)!;
    expect(byDepth(StackId)).toBe('ROLLBACK_COMPLETE');
    expect(byDepth(mid.StackId)).toBe('DELETE_COMPLETE');
    expect(byDepth(leaf.StackId)).toBe('DELETE_COMPLETE');
    const ops = t.calls.slice(mark);
    const created = ops
      .filter((c) => c.op === 'create')
      .map((c) => c.physicalId)
      .sort();
    const deleted = ops
      .filter((c) => c.op === 'delete')
      .map((c) => c.physicalId)
      .sort();
    expect(created).toHaveLength(3);
    expect(deleted).toEqual(created);
    const leafTrail = await eventTrail(t.cfn, leaf.StackId!);
    expect(leafTrail).toContain('Bad CREATE_FAILED');
    expect(leafTrail).toContain(`${leaf.StackName} CREATE_FAILED`);
    const rootEvents = await eventTrail(t.cfn, StackId!);
    expect(rootEvents).toContain('Child CREATE_FAILED');
    const summary = await t.cfn.send(new DescribeStacksCommand({ StackName: StackId }));
    expect(summary.Stacks![0]!.StackStatus).toBe('ROLLBACK_COMPLETE');
  });

  it('filters ListStacks by status', async () => {
    const listed = await t.cfn.send(new ListStacksCommand({ StackStatusFilter: ['ROLLBACK_COMPLETE'] }));
    expect(listed.StackSummaries!.map((s) => s.StackName)).toEqual(['doomed']);
  });
});
