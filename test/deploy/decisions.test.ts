/**
 * The pure parts of a stack operation: what a status means for the next step, where a stack is, the
 * names fleetpipe gives change sets and executions, and which events belong to an operation.
 */
import type { ResourceStatus, StackEvent } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { checkChangeSetName, defaultChangeSetName, executionToken } from '../../src/deploy/names.js';
import { collectEvents, OperationFilter } from '../../src/deploy/stack-events.js';
import { locationOf, nextStep, stackLabel } from '../../src/deploy/stack-state.js';
import { FleetpipeError } from '../../src/errors.js';
import { fakeCfn } from './fake-cfn.js';

describe('nextStep', () => {
  it.each([
    [undefined, 'create'],
    ['DELETE_COMPLETE', 'create'],
    ['REVIEW_IN_PROGRESS', 'create-in-review'],
    ['ROLLBACK_COMPLETE', 'replace-failed'],
    ['CREATE_COMPLETE', 'update'],
    ['UPDATE_COMPLETE', 'update'],
    ['UPDATE_ROLLBACK_COMPLETE', 'update'],
    ['CREATE_IN_PROGRESS', 'wait'],
    ['UPDATE_COMPLETE_CLEANUP_IN_PROGRESS', 'wait'],
    ['UPDATE_ROLLBACK_IN_PROGRESS', 'wait'],
    ['DELETE_IN_PROGRESS', 'wait'],
    ['UPDATE_ROLLBACK_FAILED', 'refuse'],
    ['ROLLBACK_FAILED', 'refuse'],
    ['IMPORT_ROLLBACK_FAILED', 'refuse'],
  ])('%s → %s', (status, kind) => {
    expect(nextStep(status, 'orders').kind).toBe(kind);
  });
});

describe('where a stack is', () => {
  const arn = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/orders/0f1e';
  it('reads account and region from the ARN', () => {
    expect(locationOf(arn)).toEqual({ account: '123456789012', region: 'eu-west-1' });
    expect(locationOf('orders')).toEqual({});
    expect(locationOf(undefined)).toEqual({});
  });
  it('labels it with as much as is known', () => {
    expect(stackLabel('orders', arn)).toBe('stack orders in account 123456789012 (eu-west-1)');
    expect(stackLabel('orders')).toBe('stack orders');
  });
});

describe('change set names and tokens', () => {
  const base = {
    templateUrl: 'https://b.s3.amazonaws.com/templates/orchestration.abc.json',
    parameters: { ArtifactBucket: 'b', ArtifactPrefix: '' },
    capabilities: ['CAPABILITY_IAM'],
  };

  it('derives the same valid name from the same input, whatever the key order', () => {
    const name = defaultChangeSetName(base);
    expect(name).toMatch(/^fleetpipe-[0-9a-f]{40}$/);
    expect(checkChangeSetName(name)).toBe(name);
    expect(defaultChangeSetName({ ...base, parameters: { ArtifactPrefix: '', ArtifactBucket: 'b' } })).toBe(
      name,
    );
  });

  it('derives another name when template, parameters, capabilities or tags differ', () => {
    const name = defaultChangeSetName(base);
    const others = [
      defaultChangeSetName({ ...base, templateUrl: `${base.templateUrl}?v=2` }),
      defaultChangeSetName({ ...base, parameters: { ...base.parameters, ArtifactPrefix: 'p/' } }),
      defaultChangeSetName({ ...base, capabilities: ['CAPABILITY_NAMED_IAM'] }),
      defaultChangeSetName({ ...base, tags: { team: 'sec' } }),
    ];
    expect(new Set([name, ...others]).size).toBe(5);
  });

  it('refuses names CloudFormation refuses', () => {
    for (const bad of ['', '1abc', 'has_underscore', 'a'.repeat(129)]) {
      expect(() => checkChangeSetName(bad)).toThrow(FleetpipeError);
    }
    expect(checkChangeSetName(`a${'-'.repeat(127)}`)).toHaveLength(128);
  });

  it('makes one execution token per change set', () => {
    const a = executionToken('arn:aws:cloudformation:eu-west-1:1:changeSet/x/1');
    expect(a).toMatch(/^fleetpipe-exec-[0-9a-f]{40}$/);
    expect(a.length).toBeLessThanOrEqual(128);
    expect(executionToken('arn:aws:cloudformation:eu-west-1:1:changeSet/x/1')).toBe(a);
    expect(executionToken('arn:aws:cloudformation:eu-west-1:1:changeSet/x/2')).not.toBe(a);
  });
});

const ROOT = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/orders/r';
const CHILD = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/orders-Alpha-X/c';
const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second));
const event = (
  stackId: string,
  logicalId: string,
  status: string,
  second: number,
  extra: Partial<StackEvent> = {},
): StackEvent => ({
  StackId: stackId,
  StackName: stackId.split('/')[1],
  EventId: `${stackId}-${logicalId}-${status}-${second}`,
  LogicalResourceId: logicalId,
  ResourceType: 'AWS::Logs::LogGroup',
  ResourceStatus: status as ResourceStatus,
  Timestamp: at(second),
  ...extra,
});

describe('OperationFilter', () => {
  it('takes the events with the token, skipping newer ones and stopping at older ones', () => {
    const filter = new OperationFilter({ token: 'tok' });
    const verdicts = [
      event(ROOT, 'Later', 'UPDATE_COMPLETE', 9, { ClientRequestToken: 'other' }),
      event(ROOT, 'Log', 'CREATE_COMPLETE', 8, { ClientRequestToken: 'tok' }),
      event(ROOT, 'Log', 'CREATE_IN_PROGRESS', 7, { ClientRequestToken: 'tok' }),
      event(ROOT, 'Log', 'CREATE_COMPLETE', 3, { ClientRequestToken: 'earlier' }),
    ].map((e) => filter.accept(e));
    expect(verdicts).toEqual(['skip', 'take', 'take', 'stop']);
    expect(filter.matchedToken).toBe(true);
    expect(filter.events.map((e) => e.Timestamp)).toEqual([at(8), at(7)]);
  });

  it('takes events from the operation’s start on when none carries the token', () => {
    const filter = new OperationFilter({ token: 'tok', since: at(5) });
    const verdicts = [
      event(CHILD, 'Log', 'CREATE_COMPLETE', 6),
      event(CHILD, 'Log', 'CREATE_IN_PROGRESS', 5),
      event(CHILD, 'Log', 'CREATE_COMPLETE', 2),
    ].map((e) => filter.accept(e));
    expect(verdicts).toEqual(['take', 'take', 'stop']);
    expect(filter.matchedToken).toBe(false);
    expect(filter.events).toHaveLength(2);
  });
});

describe('collectEvents', () => {
  it('pages through DescribeStackEvents and follows failed nested stacks, skipping vanished ones', async () => {
    const GONE = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/orders-Gone-Y/g';
    const rootPages: Record<string, { StackEvents: StackEvent[]; NextToken?: string }> = {
      first: {
        StackEvents: [
          event(ROOT, 'Alpha', 'CREATE_FAILED', 9, {
            ClientRequestToken: 'tok',
            ResourceType: 'AWS::CloudFormation::Stack',
            PhysicalResourceId: CHILD,
          }),
          event(ROOT, 'Gone', 'CREATE_FAILED', 8, {
            ClientRequestToken: 'tok',
            ResourceType: 'AWS::CloudFormation::Stack',
            PhysicalResourceId: GONE,
          }),
        ],
        NextToken: 'second',
      },
      second: {
        StackEvents: [
          event(ROOT, 'Ok', 'CREATE_COMPLETE', 6, {
            ClientRequestToken: 'tok',
            ResourceType: 'AWS::CloudFormation::Stack',
            PhysicalResourceId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/orders-Ok-Z/o',
          }),
          event(ROOT, 'orders', 'CREATE_IN_PROGRESS', 5, {
            ClientRequestToken: 'tok',
            ResourceType: 'AWS::CloudFormation::Stack',
            PhysicalResourceId: ROOT,
            ResourceStatusReason: 'User Initiated',
          }),
        ],
      },
    };
    const fake = fakeCfn({
      DescribeStackEvents: (input) => {
        if (input['StackName'] === ROOT) return rootPages[(input['NextToken'] as string) ?? 'first'];
        if (input['StackName'] === CHILD) {
          return {
            StackEvents: [event(CHILD, 'Log', 'CREATE_FAILED', 7), event(CHILD, 'Old', 'DELETE_COMPLETE', 1)],
          };
        }
        const err = new Error(`Stack with id ${String(input['StackName'])} does not exist`);
        err.name = 'ValidationError';
        throw err;
      },
    });
    const events = await collectEvents({
      cfn: fake.cfn,
      stackId: ROOT,
      clientRequestToken: 'tok',
      follow: 'failed',
    });
    expect(events.map((e) => `${e.StackName} ${e.LogicalResourceId} ${e.ResourceStatus}`)).toEqual([
      'orders Alpha CREATE_FAILED',
      'orders Gone CREATE_FAILED',
      'orders Ok CREATE_COMPLETE',
      'orders orders CREATE_IN_PROGRESS',
      'orders-Alpha-X Log CREATE_FAILED',
    ]);
    expect(fake.calls.map((c) => c.input['StackName'])).toEqual([ROOT, ROOT, GONE, CHILD]);
  });
});
