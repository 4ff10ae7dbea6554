/**
 * deployStack against a local cloud: small hand-written trees of nested stacks (log groups and topics)
 * in a template bucket, created, left unchanged, planned, updated, failed in a grandchild, replaced after
 * a failed creation, and refused where the user has to act.
 */
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  ListChangeSetsCommand,
  ListStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployStack } from '../../src/deploy/stack-operation.js';
import { collectEvents } from '../../src/deploy/stack-events.js';
import type { StackOperationInput, StackProgressEvent } from '../../src/deploy/types.js';
import { FleetpipeError } from '../../src/errors.js';
import { rejection } from '../local-cloud/core/fixture.js';
import {
  changeLines,
  type DeployCloud,
  logGroup,
  nestedStack,
  REGION,
  startDeployCloud,
  template,
  topic,
} from './helpers.js';

let t: DeployCloud;
/** `orders-alpha-<Env>`: the grandchild's log group. */
const ALPHA_LOG_NAME = { 'Fn::Join': ['-', ['orders-alpha', { Ref: 'Env' }]] };
const url: Record<string, string> = {};

/**
 * orders (root, parameter Env)
 *   Alpha: nested → Topic (SNS), Inner: nested → Log (log group `orders-alpha-<Env>`)
 *   Beta:  nested → Log (generated name)
 */
beforeAll(async () => {
  t = await startDeployCloud();
  const leaf = (retention: number, extra: Record<string, unknown> = {}) =>
    template(
      {
        Log: logGroup({ LogGroupName: ALPHA_LOG_NAME, RetentionInDays: retention }),
        ...extra,
      },
      { Env: { Type: 'String' } },
    );
  const middle = (leafUrl: string) =>
    template(
      { Topic: topic(), Inner: nestedStack(leafUrl, { Env: { Ref: 'Env' } }) },
      { Env: { Type: 'String' } },
    );
  const root = (alphaUrl: string, extra: Record<string, unknown> = {}) =>
    template(
      { Alpha: nestedStack(alphaUrl, { Env: { Ref: 'Env' } }), Beta: nestedStack(url['beta']!), ...extra },
      { Env: { Type: 'String' } },
    );
  url['beta'] = await t.put('beta.json', template({ Log: logGroup() }));
  url['leaf-7'] = await t.put('leaf-7.json', leaf(7));
  url['leaf-14'] = await t.put('leaf-14.json', leaf(14));
  // A second log group named like the first one: its creation fails ("already exists").
  url['leaf-dup'] = await t.put(
    'leaf-dup.json',
    leaf(14, { Dup: logGroup({ LogGroupName: ALPHA_LOG_NAME }, { DependsOn: 'Log' }) }),
  );
  url['middle-7'] = await t.put('middle-7.json', middle(url['leaf-7']));
  url['middle-14'] = await t.put('middle-14.json', middle(url['leaf-14']));
  url['middle-dup'] = await t.put('middle-dup.json', middle(url['leaf-dup']));
  url['root-7'] = await t.put('root-7.json', root(url['middle-7']));
  url['root-14'] = await t.put('root-14.json', root(url['middle-14']));
  url['root-dup'] = await t.put('root-dup.json', root(url['middle-dup']));
  // The grandchild's log group name is taken by a log group of the root, created first.
  url['root-taken'] = await t.put(
    'root-taken.json',
    template(
      {
        Claim: logGroup({ LogGroupName: ALPHA_LOG_NAME }),
        Alpha: nestedStack(url['middle-7'], { Env: { Ref: 'Env' } }, { DependsOn: 'Claim' }),
        Beta: nestedStack(url['beta']),
      },
      { Env: { Type: 'String' } },
    ),
  );
  url['root-missing'] = await t.put(
    'root-missing.json',
    template({ Alpha: nestedStack(`https://${t.bucket}.s3.${REGION}.amazonaws.com/nowhere.json`) }),
  );
});

afterAll(async () => {
  await t?.close();
});

function input(
  stackName: string,
  templateKey: string,
  rest: Partial<StackOperationInput> = {},
): StackOperationInput {
  return {
    cfn: t.cfn,
    stackName,
    templateUrl: url[templateKey]!,
    parameters: { Env: stackName },
    mode: 'deploy',
    poll: { intervalMs: 5 },
    ...rest,
  };
}

async function retention(name: string): Promise<number | undefined> {
  const logs = new CloudWatchLogsClient({
    endpoint: t.cloud.endpoint,
    region: REGION,
    credentials: { ...t.credentials },
  });
  const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  logs.destroy();
  return out.logGroups?.find((g) => g.logGroupName === name)?.retentionInDays;
}

async function changeSetNamesOf(stackName: string): Promise<string[]> {
  const out = await t.cfn.send(new ListChangeSetsCommand({ StackName: stackName }));
  return (out.Summaries ?? []).map((s) => `${s.ChangeSetName} ${s.ExecutionStatus}`);
}

const ALL_ADDED = [
  'Alpha Add',
  'Alpha/Inner Add',
  'Alpha/Inner/Log Add',
  'Alpha/Topic Add',
  'Beta Add',
  'Beta/Log Add',
];

describe('deployStack: the life of one stack', () => {
  const progress: StackProgressEvent[] = [];
  let stackId = '';

  it('creates it: every change an Add, nested stacks included', async () => {
    const result = await deployStack(input('orders', 'root-7', { onProgress: (e) => progress.push(e) }));
    expect(result.outcome, result.reason).toBe('created');
    expect(result.status).toBe('CREATE_COMPLETE');
    expect(result.changeSetType).toBe('CREATE');
    expect(changeLines(result.changes)).toEqual(ALL_ADDED);
    const log = result.changes.find((c) => c.path.join('/') === 'Alpha/Inner/Log');
    expect(log).toMatchObject({ logicalId: 'Log', resourceType: 'AWS::Logs::LogGroup' });
    expect(result.account).toBe(t.accountId);
    expect(result.region).toBe(REGION);
    expect(result.changeSetName).toMatch(/^fleetpipe-[0-9a-f]{40}$/);
    stackId = result.stackId!;
    expect((await t.stack('orders'))?.StackId).toBe(stackId);
    expect(await retention('orders-alpha-orders')).toBe(7);
    // Progress: the stack's statuses and the root's resources (one per nested stack) as they went.
    expect(progress.at(-1)).toMatchObject({ stackName: 'orders', status: 'CREATE_COMPLETE' });
    expect(progress.filter((e) => e.logicalId === 'Alpha').map((e) => e.status)).toEqual([
      'CREATE_IN_PROGRESS',
      'CREATE_COMPLETE',
    ]);
  });

  it('leaves it alone when nothing changed, and deletes the empty change set', async () => {
    const result = await deployStack(input('orders', 'root-7'));
    expect(result.outcome).toBe('unchanged');
    expect(result.changes).toEqual([]);
    expect(result.status).toBe('CREATE_COMPLETE');
    expect(result.stackId).toBe(stackId);
    expect(await changeSetNamesOf('orders')).toEqual([]);
  });

  it('plans a change inside one nested stack: only that path, nothing changed, change set deleted', async () => {
    const result = await deployStack(input('orders', 'root-14', { mode: 'plan' }));
    expect(result.outcome).toBe('planned');
    expect(changeLines(result.changes)).toEqual([
      'Alpha Modify False',
      'Alpha/Inner Modify False',
      'Alpha/Inner/Log Modify False',
    ]);
    expect(result.notes.join(' ')).toMatch(/plan changes nothing/);
    expect(result.status).toBe('CREATE_COMPLETE');
    expect((await t.stack('orders'))?.StackStatus).toBe('CREATE_COMPLETE');
    expect(await retention('orders-alpha-orders')).toBe(7);
    const gone = await rejection(
      t.cfn.send(new DescribeChangeSetCommand({ ChangeSetName: result.changeSetId })),
    );
    expect(gone.name).toBe('ChangeSetNotFoundException');
    expect(await changeSetNamesOf('orders')).toEqual([]);
  });

  it('deploys that change: updated, the same changes', async () => {
    const result = await deployStack(input('orders', 'root-14'));
    expect(result.outcome, result.reason).toBe('updated');
    expect(result.status).toBe('UPDATE_COMPLETE');
    expect(changeLines(result.changes)).toEqual([
      'Alpha Modify False',
      'Alpha/Inner Modify False',
      'Alpha/Inner/Log Modify False',
    ]);
    expect(await retention('orders-alpha-orders')).toBe(14);
    expect(result.stackId).toBe(stackId);
  });

  it('waits for an operation already running on the stack, then deploys', async () => {
    await t.cfn.send(
      new UpdateStackCommand({
        StackName: 'orders',
        TemplateURL: url['root-7'],
        Parameters: [{ ParameterKey: 'Env', ParameterValue: 'orders' }],
      }),
    );
    const seen: StackProgressEvent[] = [];
    const result = await deployStack(input('orders', 'root-14', { onProgress: (e) => seen.push(e) }));
    expect(seen[0]).toMatchObject({ status: 'UPDATE_IN_PROGRESS', reason: 'User Initiated' });
    expect(seen.some((e) => e.status === 'UPDATE_COMPLETE' && e.logicalId === undefined)).toBe(true);
    expect(result.outcome, result.reason).toBe('updated');
    expect(changeLines(result.changes)).toContain('Alpha/Inner/Log Modify False');
    expect(await retention('orders-alpha-orders')).toBe(14);
  });

  it('fails an update in a grandchild: rolled back, the root cause is the grandchild resource', async () => {
    const result = await deployStack(input('orders', 'root-dup'));
    expect(result.outcome).toBe('failed');
    expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(result.reason).toMatch(/Alpha/);
    expect(result.rootCause).toMatchObject({
      stackPath: ['Alpha', 'Inner'],
      logicalId: 'Dup',
      resourceType: 'AWS::Logs::LogGroup',
      status: 'CREATE_FAILED',
    });
    expect(result.rootCause?.reason).toMatch(/already exists/);
    expect(result.rootCause?.stackName).toMatch(/^orders-Alpha-[A-Z0-9]{12}-Inner-[A-Z0-9]{12}$/);
    expect(await retention('orders-alpha-orders')).toBe(14);

    // The operation's events: the whole tree's carry the execution's token, as on AWS; earlier
    // operations' events are left out.
    const events = await collectEvents({
      cfn: t.cfn,
      stackId,
      clientRequestToken: result.clientRequestToken!,
    });
    const root = events.filter((e) => e.StackId === stackId);
    const nested = events.filter((e) => e.StackId !== stackId);
    expect(root.length).toBeGreaterThan(0);
    expect(root.every((e) => e.ClientRequestToken === result.clientRequestToken)).toBe(true);
    expect(new Set(nested.map((e) => e.StackName?.replace(/-[A-Z0-9]{12}/g, ''))).size).toBe(2);
    expect(nested.length).toBeGreaterThan(0);
    expect(nested.every((e) => e.ClientRequestToken === result.clientRequestToken)).toBe(true);
    const start = Math.min(...root.map((e) => e.Timestamp!.getTime()));
    expect(nested.every((e) => e.Timestamp!.getTime() >= start)).toBe(true);
    expect(
      nested.some((e) => e.ResourceStatus === 'CREATE_IN_PROGRESS' && e.LogicalResourceId === 'Log'),
    ).toBe(false);
    // Beta was not touched by this update, so it has no events of it.
    expect(events.some((e) => e.StackName?.startsWith('orders-Beta-'))).toBe(false);
  });
});

describe('deployStack: plan of a stack that does not exist', () => {
  it('shows every Add and leaves nothing behind', async () => {
    const result = await deployStack(input('fresh', 'root-7', { mode: 'plan' }));
    expect(result.outcome).toBe('planned');
    expect(result.changeSetType).toBe('CREATE');
    expect(changeLines(result.changes)).toEqual(ALL_ADDED);
    expect(result.stackId).toBeUndefined();
    expect(result.status).toBeUndefined();
    expect(result.account).toBe(t.accountId);
    expect(result.notes.join(' ')).toMatch(/REVIEW_IN_PROGRESS .* deleted/);
    expect(await t.stack('fresh')).toBeUndefined();
    const listed = await t.cfn.send(new ListStacksCommand({}));
    const left = (listed.StackSummaries ?? []).filter(
      (s) => s.StackName?.startsWith('fresh') && s.StackStatus !== 'DELETE_COMPLETE',
    );
    expect(left.map((s) => `${s.StackName} ${s.StackStatus}`)).toEqual([]);
    expect(await retention('orders-alpha-fresh')).toBeUndefined();
  });
});

describe('deployStack: a creation failing in a grandchild, then deployed again', () => {
  let failedId = '';

  it('fails with the grandchild resource as root cause and ROLLBACK_COMPLETE', async () => {
    const result = await deployStack(input('taken', 'root-taken'));
    expect(result.outcome).toBe('failed');
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.reason).toMatch(/Alpha/);
    expect(result.rootCause).toMatchObject({
      stackPath: ['Alpha', 'Inner'],
      logicalId: 'Log',
      resourceType: 'AWS::Logs::LogGroup',
      status: 'CREATE_FAILED',
    });
    expect(result.rootCause?.reason).toMatch(/already exists/);
    expect(result.rootCause?.stackId).toMatch(/^arn:aws:cloudformation:us-east-1:\d{12}:stack\/taken-Alpha-/);
    failedId = result.stackId!;
    expect((await t.stack('taken'))?.StackStatus).toBe('ROLLBACK_COMPLETE');
  });

  it('plans over it without touching it: says a deploy would replace it', async () => {
    const result = await deployStack(input('taken', 'root-7', { mode: 'plan' }));
    expect(result.outcome).toBe('planned');
    expect(result.replacedFailedStack).toEqual({ stackId: failedId, deleted: false });
    expect(result.changes).toEqual([]);
    expect(result.notes.join(' ')).toMatch(/ROLLBACK_COMPLETE/);
    expect((await t.stack('taken'))?.StackId).toBe(failedId);
  });

  it('deletes the ROLLBACK_COMPLETE stack and creates it again', async () => {
    const result = await deployStack(input('taken', 'root-7'));
    expect(result.outcome, result.reason).toBe('created');
    expect(result.replacedFailedStack).toEqual({ stackId: failedId, deleted: true });
    expect(result.notes.join(' ')).toMatch(/ROLLBACK_COMPLETE.*deleted and created again/);
    expect(result.stackId).not.toBe(failedId);
    expect(changeLines(result.changes)).toEqual(ALL_ADDED);
    expect((await t.stack(failedId))?.StackStatus).toBe('DELETE_COMPLETE');
    expect(await retention('orders-alpha-taken')).toBe(7);
  });
});

describe('deployStack: aborted while CloudFormation works', () => {
  it('stops watching, says the stack is still being changed; CloudFormation finishes', async () => {
    const controller = new AbortController();
    const err = await rejection(
      deployStack(
        input('watched', 'root-7', {
          signal: controller.signal,
          onProgress: (e) => {
            if (e.logicalId === undefined && e.status === 'CREATE_IN_PROGRESS') controller.abort();
          },
        }),
      ),
    );
    expect(err).toBeInstanceOf(FleetpipeError);
    expect((err as FleetpipeError).code).toBe('StackOperationAborted');
    expect(err.message).toMatch(/^Stack watched in account \d{12} \(us-east-1\) is still being changed/);
    await t.cloud.internal.cloudformation.idle();
    expect((await t.stack('watched'))?.StackStatus).toBe('CREATE_COMPLETE');
  });
});

describe('deployStack: change sets CloudFormation refuses', () => {
  it('a nested template that cannot be read: failed with the reason, no stack left', async () => {
    const result = await deployStack(input('missing', 'root-missing', { parameters: {} }));
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/nowhere\.json/);
    expect(result.stackId).toBeUndefined();
    expect(await t.stack('missing')).toBeUndefined();
  });

  it('a missing capability: failed with CloudFormation’s reason', async () => {
    const roleUrl = await t.put(
      'role.json',
      template({
        Role: {
          Type: 'AWS::IAM::Role',
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            },
          },
        },
      }),
    );
    const result = await deployStack({
      ...input('roles', 'root-7', { parameters: {} }),
      templateUrl: roleUrl,
      capabilities: [],
    });
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/CAPABILITY_IAM/);
    expect(await t.stack('roles')).toBeUndefined();
    const created = await deployStack({
      ...input('roles', 'root-7', { parameters: {} }),
      templateUrl: roleUrl,
    });
    expect(created.outcome, created.reason).toBe('created');
  });
});

describe('deployStack: a stack someone is reviewing', () => {
  it('refuses while it has change sets fleetpipe did not make, naming account and region', async () => {
    await t.cfn.send(
      new CreateChangeSetCommand({
        StackName: 'reviewed',
        ChangeSetName: 'alice-review',
        ChangeSetType: 'CREATE',
        TemplateURL: url['beta'],
      }),
    );
    const err = await rejection(deployStack(input('reviewed', 'root-7')));
    expect(err).toBeInstanceOf(FleetpipeError);
    const fp = err as FleetpipeError;
    expect(fp.code).toBe('StackInReviewWithForeignChangeSets');
    expect(fp.message).toContain('alice-review');
    expect(fp.message).toContain(`account ${t.accountId} (${REGION})`);
    expect(fp.hint).toMatch(/delete-change-set/);
    expect((await t.stack('reviewed'))?.StackStatus).toBe('REVIEW_IN_PROGRESS');

    // Once the review is over, the stack left in REVIEW_IN_PROGRESS is created from fleetpipe's change set.
    await t.cfn.send(new DeleteChangeSetCommand({ StackName: 'reviewed', ChangeSetName: 'alice-review' }));
    const result = await deployStack(input('reviewed', 'root-7'));
    expect(result.outcome, result.reason).toBe('created');
    expect(changeLines(result.changes)).toEqual(ALL_ADDED);
  });
});
