/**
 * findRootCause over hand-made event lists (newest first, as DescribeStackEvents lists them): nested
 * chains, cancellation noise, several failures, stack-level failures.
 */
import type { ResourceStatus, StackEvent } from '@aws-sdk/client-cloudformation';
import { describe, expect, it } from 'vitest';
import { findRootCause, stackFailureReason } from '../../src/deploy/root-cause.js';

const arn = (name: string) => `arn:aws:cloudformation:eu-west-1:123456789012:stack/${name}/${name}-id`;
const ROOT = arn('orders');
const ALPHA = arn('orders-Alpha-AAAAAAAAAAAA');
const INNER = arn('orders-Alpha-AAAAAAAAAAAA-Inner-BBBBBBBBBBBB');
const BETA = arn('orders-Beta-CCCCCCCCCCCC');
const STACK = 'AWS::CloudFormation::Stack';

const nameOf = (stackId: string) => stackId.split('/')[1]!;

let clock = 0;
/** An event at the next second (or at `at`). */
function ev(
  stackId: string,
  logicalId: string,
  status: string,
  options: { type?: string; reason?: string; physicalId?: string; at?: number } = {},
): StackEvent {
  clock += 1;
  return {
    StackId: stackId,
    StackName: nameOf(stackId),
    EventId: `${logicalId}-${clock}`,
    LogicalResourceId: logicalId,
    PhysicalResourceId: options.physicalId,
    ResourceType: options.type ?? 'AWS::Logs::LogGroup',
    ResourceStatus: status as ResourceStatus,
    ResourceStatusReason: options.reason,
    Timestamp: new Date(Date.UTC(2025, 0, 1, 0, 0, options.at ?? clock)),
  };
}

const stackEvent = (stackId: string, status: string, reason?: string, at?: number) =>
  ev(stackId, nameOf(stackId), status, { type: STACK, physicalId: stackId, reason, ...(at ? { at } : {}) });

const embedded = (parent: string, logicalId: string, child: string, status = 'CREATE_FAILED') =>
  ev(parent, logicalId, status, {
    type: STACK,
    physicalId: child,
    reason: `Embedded stack ${child} was not successfully created: The following resource(s) failed to create: [X].`,
  });

/** Oldest-first lists written in the order things happened, handed over newest first. */
const newestFirst = (...events: StackEvent[]) => [...events].reverse();

describe('findRootCause', () => {
  it('follows "Embedded stack … was not successfully created" down to the grandchild resource', () => {
    const events = newestFirst(
      stackEvent(ROOT, 'CREATE_IN_PROGRESS', 'User Initiated'),
      ev(ROOT, 'Alpha', 'CREATE_IN_PROGRESS', { type: STACK }),
      stackEvent(ALPHA, 'CREATE_IN_PROGRESS', 'User Initiated'),
      stackEvent(INNER, 'CREATE_IN_PROGRESS', 'User Initiated'),
      ev(INNER, 'Log', 'CREATE_IN_PROGRESS'),
      ev(INNER, 'Log', 'CREATE_FAILED', {
        reason: 'Resource of type AWS::Logs::LogGroup with identifier x already exists.',
      }),
      stackEvent(INNER, 'CREATE_FAILED', 'The following resource(s) failed to create: [Log].'),
      embedded(ALPHA, 'Inner', INNER),
      stackEvent(ALPHA, 'CREATE_FAILED', 'The following resource(s) failed to create: [Inner].'),
      embedded(ROOT, 'Alpha', ALPHA),
      stackEvent(
        ROOT,
        'ROLLBACK_IN_PROGRESS',
        'The following resource(s) failed to create: [Alpha]. Rollback requested by user.',
      ),
      ev(INNER, 'Log', 'DELETE_COMPLETE'),
      stackEvent(ROOT, 'ROLLBACK_COMPLETE'),
    );
    expect(findRootCause({ stackId: ROOT, events })).toEqual({
      stackPath: ['Alpha', 'Inner'],
      logicalId: 'Log',
      resourceType: 'AWS::Logs::LogGroup',
      status: 'CREATE_FAILED',
      reason: 'Resource of type AWS::Logs::LogGroup with identifier x already exists.',
      stackId: INNER,
      stackName: nameOf(INNER),
    });
    expect(stackFailureReason({ stackId: ROOT, events })).toBe(
      'The following resource(s) failed to create: [Alpha]. Rollback requested by user.',
    );
  });

  it('passes over cancellations, even earlier ones, for the real failure', () => {
    const events = newestFirst(
      ev(ROOT, 'Beta', 'CREATE_FAILED', {
        type: STACK,
        physicalId: BETA,
        reason: 'Resource creation cancelled',
      }),
      ev(ALPHA, 'Topic', 'CREATE_FAILED', { type: 'AWS::SNS::Topic', reason: 'Resource creation cancelled' }),
      ev(ALPHA, 'Queue', 'CREATE_FAILED', {
        type: 'AWS::SQS::Queue',
        reason: 'Invalid value for VisibilityTimeout',
      }),
      embedded(ROOT, 'Alpha', ALPHA),
    );
    expect(findRootCause({ stackId: ROOT, events })).toMatchObject({
      stackPath: ['Alpha'],
      logicalId: 'Queue',
      reason: 'Invalid value for VisibilityTimeout',
    });
  });

  it('takes a later sibling when an earlier nested stack failed only by cancellation', () => {
    const events = newestFirst(
      ev(ALPHA, 'Log', 'UPDATE_FAILED', { reason: 'Resource update cancelled' }),
      ev(ROOT, 'Alpha', 'UPDATE_FAILED', {
        type: STACK,
        physicalId: ALPHA,
        reason: `Embedded stack ${ALPHA} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: The following resource(s) failed to update: [Log].`,
      }),
      ev(BETA, 'Log', 'UPDATE_FAILED', { reason: 'RetentionInDays 8 is not a valid value' }),
      ev(ROOT, 'Beta', 'UPDATE_FAILED', {
        type: STACK,
        physicalId: BETA,
        reason: `Embedded stack ${BETA} was not successfully updated. Currently in UPDATE_ROLLBACK_IN_PROGRESS with reason: The following resource(s) failed to update: [Log].`,
      }),
    );
    expect(findRootCause({ stackId: ROOT, events })).toMatchObject({
      stackPath: ['Beta'],
      logicalId: 'Log',
      status: 'UPDATE_FAILED',
      reason: 'RetentionInDays 8 is not a valid value',
    });
  });

  it('picks the earliest of several real failures; rollback failures come later and lose', () => {
    const events = newestFirst(
      ev(ROOT, 'First', 'CREATE_FAILED', { reason: 'first problem' }),
      ev(ROOT, 'Second', 'CREATE_FAILED', { reason: 'second problem' }),
      stackEvent(
        ROOT,
        'ROLLBACK_IN_PROGRESS',
        'The following resource(s) failed to create: [First, Second].',
      ),
      ev(ROOT, 'Third', 'DELETE_FAILED', { reason: 'could not delete' }),
    );
    expect(findRootCause({ stackId: ROOT, events })).toMatchObject({ logicalId: 'First', stackPath: [] });
  });

  it('orders events with the same timestamp by their place in the list', () => {
    const events = newestFirst(
      ev(ROOT, 'Older', 'CREATE_FAILED', { reason: 'older', at: 30 }),
      ev(ROOT, 'Newer', 'CREATE_FAILED', { reason: 'newer', at: 30 }),
    );
    expect(findRootCause({ stackId: ROOT, events })?.logicalId).toBe('Older');
  });

  it('returns the earliest cancellation when nothing else failed', () => {
    const events = newestFirst(
      ev(ROOT, 'A', 'UPDATE_FAILED', { reason: 'Resource update cancelled' }),
      ev(ROOT, 'B', 'UPDATE_FAILED', { reason: 'Resource update cancelled' }),
    );
    expect(findRootCause({ stackId: ROOT, events })?.logicalId).toBe('A');
  });

  it('stops at the nested stack when its events were not collected', () => {
    const events = newestFirst(embedded(ROOT, 'Alpha', ALPHA));
    expect(findRootCause({ stackId: ROOT, events })).toMatchObject({
      stackPath: [],
      logicalId: 'Alpha',
      resourceType: STACK,
      physicalId: ALPHA,
    });
  });

  it('falls back to the stack’s own failure when no resource failed', () => {
    const events = newestFirst(
      stackEvent(ROOT, 'UPDATE_IN_PROGRESS', 'User Initiated'),
      ev(ROOT, 'Log', 'UPDATE_COMPLETE'),
      stackEvent(
        ROOT,
        'UPDATE_ROLLBACK_IN_PROGRESS',
        'Export orders-log cannot be updated as it is in use by billing',
      ),
      stackEvent(ROOT, 'UPDATE_ROLLBACK_COMPLETE'),
    );
    expect(findRootCause({ stackId: ROOT, events })).toMatchObject({
      stackPath: [],
      logicalId: 'orders',
      resourceType: STACK,
      status: 'UPDATE_ROLLBACK_IN_PROGRESS',
      reason: 'Export orders-log cannot be updated as it is in use by billing',
    });
  });

  it('finds nothing in a successful operation', () => {
    const events = newestFirst(
      stackEvent(ROOT, 'CREATE_IN_PROGRESS', 'User Initiated'),
      ev(ROOT, 'Log', 'CREATE_COMPLETE'),
      stackEvent(ROOT, 'CREATE_COMPLETE'),
    );
    expect(findRootCause({ stackId: ROOT, events })).toBeUndefined();
    expect(stackFailureReason({ stackId: ROOT, events })).toBeUndefined();
  });

  it('does not loop on a child that names its parent', () => {
    const events = newestFirst(embedded(ROOT, 'Alpha', ALPHA), embedded(ALPHA, 'Back', ROOT));
    expect(findRootCause({ stackId: ROOT, events })).toMatchObject({
      stackPath: ['Alpha'],
      logicalId: 'Back',
    });
  });
});
