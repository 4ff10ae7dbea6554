/**
 * LogsInternal: how Lambda writes function logs (creating the group and stream when its role may), how
 * other services run API operations, and how a stream is read back.
 */
import { DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/local-cloud/http/errors.js';
import type { AuthorizeRequest } from '../../../src/local-cloud/services/deps.js';
import type { LogsCall } from '../../../src/local-cloud/services/logs/index.js';
import { type LogsCloud, startLogsCloud } from './harness.js';

const ACCOUNT = '300000000004';
let t: LogsCloud;

beforeAll(async () => {
  t = await startLogsCloud();
});
afterAll(() => t.close());

/** An authorizer that allows only the listed actions, recording what it was asked. */
function allowing(actions: string[], asked: AuthorizeRequest[] = []) {
  return (request: AuthorizeRequest) => {
    asked.push(request);
    if (!actions.includes(request.action)) {
      throw new AwsError('AccessDeniedException', `not allowed: ${request.action} on ${request.resource}`, {
        status: 400,
      });
    }
  };
}

describe('LogsInternal.append', () => {
  it('creates the group and the stream as Lambda does, then writes the events in time order', async () => {
    const asked: AuthorizeRequest[] = [];
    const now = t.clock.now();
    const result = t.logs.append(
      ACCOUNT,
      'us-east-1',
      '/aws/lambda/digest',
      '2024/01/01/[$LATEST]abc',
      [
        { timestamp: now.getTime() - 2, message: 'START RequestId: 1' },
        { timestamp: now.getTime() - 3, message: 'INIT_START' },
        { timestamp: now.getTime() - 1, message: 'END RequestId: 1' },
      ],
      { authorize: allowing(['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], asked) },
    );
    expect(result).toEqual({ written: 3, createdGroup: true, createdStream: true });
    expect(asked.map((r) => [r.action, r.resource])).toEqual([
      ['logs:CreateLogGroup', `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/digest:log-stream:`],
      [
        'logs:CreateLogStream',
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/digest:log-stream:2024/01/01/[$LATEST]abc`,
      ],
      [
        'logs:PutLogEvents',
        `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/digest:log-stream:2024/01/01/[$LATEST]abc`,
      ],
    ]);
    expect(
      t.logs
        .events(ACCOUNT, 'us-east-1', '/aws/lambda/digest', '2024/01/01/[$LATEST]abc')
        .map((e) => e.message),
    ).toEqual(['INIT_START', 'START RequestId: 1', 'END RequestId: 1']);
    // What was written is visible through the API to the account.
    const read = await t.client(t.root(ACCOUNT)).send(
      new GetLogEventsCommand({
        logGroupName: '/aws/lambda/digest',
        logStreamName: '2024/01/01/[$LATEST]abc',
      }),
    );
    expect(read.events).toHaveLength(3);
  });

  it('reports the step a role may not take and writes nothing from there', async () => {
    const denied = t.logs.append(
      ACCOUNT,
      'us-east-1',
      '/aws/lambda/quiet',
      's',
      [{ timestamp: t.clock.now().getTime(), message: 'x' }],
      {
        authorize: allowing(['logs:CreateLogStream', 'logs:PutLogEvents']),
      },
    );
    expect(denied).toEqual({
      written: 0,
      createdGroup: false,
      createdStream: false,
      denied: {
        action: 'logs:CreateLogGroup',
        resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/quiet:log-stream:`,
        message: `not allowed: logs:CreateLogGroup on arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/quiet:log-stream:`,
      },
    });
    const streams = await t
      .client(t.root(ACCOUNT))
      .send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/digest' }));
    expect(streams.logStreams).toHaveLength(1);
    // Without `create`, a missing group is an error rather than a creation.
    expect(() => t.logs.append(ACCOUNT, 'us-east-1', '/nope', 's', [], { create: false })).toThrow(
      'The specified log group does not exist.',
    );
  });

  it('writes into an existing group when the role may only create streams and put events', () => {
    const result = t.logs.append(
      ACCOUNT,
      'us-east-1',
      '/aws/lambda/digest',
      'second',
      [{ timestamp: t.clock.now().getTime(), message: 'hello' }],
      { authorize: allowing(['logs:CreateLogStream', 'logs:PutLogEvents']) },
    );
    expect(result).toEqual({ written: 1, createdGroup: false, createdStream: true });
  });
});

describe('LogsInternal.call', () => {
  it('runs API operations with the account, clock and authorizer of the call', () => {
    const call: LogsCall = {
      where: { accountId: ACCOUNT, region: 'eu-west-1' },
      now: t.clock.now(),
      authorize: allowing(['logs:CreateLogGroup', 'logs:PutRetentionPolicy', 'logs:DescribeLogGroups']),
    };
    t.logs.call('CreateLogGroup', { logGroupName: '/cfn/group', tags: { stack: 's1' } }, call);
    t.logs.call('PutRetentionPolicy', { logGroupName: '/cfn/group', retentionInDays: 30 }, call);
    const out = t.logs.call('DescribeLogGroups', { logGroupNamePrefix: '/cfn/' }, call) as {
      logGroups: { logGroupArn: string; retentionInDays: number }[];
    };
    expect(out.logGroups).toEqual([
      expect.objectContaining({
        logGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/cfn/group`,
        retentionInDays: 30,
      }),
    ]);
    expect(() => t.logs.call('DeleteLogGroup', { logGroupName: '/cfn/group' }, call)).toThrow(
      'not allowed: logs:DeleteLogGroup',
    );
    expect(() => t.logs.call('NoSuchOperation', {}, call)).toThrow('Unknown operation NoSuchOperation');
  });
});
