/**
 * PutLogEvents, GetLogEvents and FilterLogEvents through the SDK: batch rules, forward and backward
 * tokens, time ranges, filter patterns across streams, retention, and IAM on log group ARNs.
 */
import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, trustPolicy } from '../core/fixture.js';
import { type LogsCloud, startLogsCloud } from './harness.js';

const DEV = '300000000001';
let t: LogsCloud;
let logs: CloudWatchLogsClient;
let base: number;

beforeAll(async () => {
  t = await startLogsCloud();
  logs = t.client(t.root('management'));
  base = t.clock.now().getTime() - 3_600_000;
});
afterAll(() => t.close());

async function stream(group: string, name: string): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch((err: Error) => {
    if (err.name !== 'ResourceAlreadyExistsException') throw err;
  });
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: name }));
}

describe('PutLogEvents', () => {
  it('accepts batches without or with any sequence token and returns a next token', async () => {
    await stream('/put', 's');
    const first = await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/put',
        logStreamName: 's',
        logEvents: [{ timestamp: base, message: 'one' }],
      }),
    );
    expect(first.nextSequenceToken).toMatch(/^\d{56}$/);
    const second = await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/put',
        logStreamName: 's',
        sequenceToken: 'anything-at-all',
        logEvents: [{ timestamp: base + 1, message: 'two' }],
      }),
    );
    expect(second.nextSequenceToken).not.toBe(first.nextSequenceToken);
    expect(second.rejectedLogEventsInfo).toBeUndefined();
  });

  it('refuses batches out of order, too large, or spanning more than 24 hours', async () => {
    await stream('/put', 'rules');
    const put = (logEvents: { timestamp: number; message: string }[]) =>
      rejection(
        logs.send(new PutLogEventsCommand({ logGroupName: '/put', logStreamName: 'rules', logEvents })),
      );
    const order = await put([
      { timestamp: base + 10, message: 'late' },
      { timestamp: base, message: 'early' },
    ]);
    expect(order.name).toBe('InvalidParameterException');
    expect(order.message).toBe('Log events in a single PutLogEvents request must be in chronological order.');
    const big = await put([
      { timestamp: base, message: 'x'.repeat(600_000) },
      { timestamp: base, message: 'y'.repeat(600_000) },
    ]);
    expect(big.message).toBe('Upload too large: 1200052 bytes exceeds limit of 1048576');
    const now = t.clock.now().getTime();
    const span = await put([
      { timestamp: now - 25 * 3_600_000, message: 'a' },
      { timestamp: now, message: 'b' },
    ]);
    expect(span.message).toBe(
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    );
    const empty = await put([]);
    expect(empty.message).toContain(
      "at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const missing = await rejection(
      logs.send(
        new PutLogEventsCommand({
          logGroupName: '/put',
          logStreamName: 'absent',
          logEvents: [{ timestamp: base, message: 'm' }],
        }),
      ),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe('The specified log stream does not exist.');
  });

  it('keeps the valid events of a batch and reports the too old and too new ones', async () => {
    await stream('/put', 'edges');
    const now = t.clock.now().getTime();
    const out = await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/put',
        logStreamName: 'edges',
        logEvents: [
          { timestamp: now - 15 * 86_400_000, message: 'ancient' },
          { timestamp: now - 1000, message: 'fine' },
          { timestamp: now + 3 * 3_600_000, message: 'future' },
        ],
      }),
    );
    expect(out.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 2 });
    const read = await logs.send(new GetLogEventsCommand({ logGroupName: '/put', logStreamName: 'edges' }));
    expect(read.events!.map((e) => e.message)).toEqual(['fine']);
  });
});

describe('GetLogEvents', () => {
  beforeAll(async () => {
    await stream('/get', 's');
    // Two batches; the second carries earlier timestamps than the end of the first.
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/get',
        logStreamName: 's',
        logEvents: [0, 2, 4, 6].map((i) => ({ timestamp: base + i * 1000, message: `m${i}` })),
      }),
    );
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/get',
        logStreamName: 's',
        logEvents: [1, 3, 5].map((i) => ({ timestamp: base + i * 1000, message: `m${i}` })),
      }),
    );
  });

  it('reads forward from the head page by page until the token repeats', async () => {
    const messages: string[] = [];
    let token: string | undefined;
    let previous: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await logs.send(
        new GetLogEventsCommand({
          logGroupName: '/get',
          logStreamName: 's',
          startFromHead: true,
          limit: 3,
          nextToken: token,
        }),
      );
      messages.push(...page.events!.map((e) => e.message!));
      previous = token;
      token = page.nextForwardToken;
      if (token === previous) break;
    }
    expect(messages).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(token).toMatch(/^f\/\d{56}$/);
  });

  it('reads the newest events first by default and goes back with the backward token', async () => {
    const last = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/get', logStreamName: 's', limit: 2 }),
    );
    expect(last.events!.map((e) => e.message)).toEqual(['m5', 'm6']);
    expect(last.events![0]).toEqual({
      timestamp: base + 5000,
      message: 'm5',
      ingestionTime: expect.any(Number),
    });
    const before = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/get',
        logStreamName: 's',
        limit: 2,
        nextToken: last.nextBackwardToken,
      }),
    );
    expect(before.events!.map((e) => e.message)).toEqual(['m3', 'm4']);
    const after = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/get', logStreamName: 's', nextToken: last.nextForwardToken }),
    );
    expect(after.events).toEqual([]);
    expect(after.nextForwardToken).toBe(last.nextForwardToken);
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: '/get',
        logStreamName: 's',
        logEvents: [{ timestamp: base + 7000, message: 'm7' }],
      }),
    );
    const tail = await logs.send(
      new GetLogEventsCommand({ logGroupName: '/get', logStreamName: 's', nextToken: last.nextForwardToken }),
    );
    expect(tail.events!.map((e) => e.message)).toEqual(['m7']);
  });

  it('limits to a time range (start inclusive, end exclusive) and refuses unknown tokens', async () => {
    const range = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/get',
        logStreamName: 's',
        startFromHead: true,
        startTime: base + 2000,
        endTime: base + 4000,
      }),
    );
    expect(range.events!.map((e) => e.message)).toEqual(['m2', 'm3']);
    const bad = await rejection(
      logs.send(new GetLogEventsCommand({ logGroupName: '/get', logStreamName: 's', nextToken: 'f/12' })),
    );
    expect(bad.name).toBe('InvalidParameterException');
    expect(bad.message).toBe('The specified nextToken is invalid.');
  });
});

describe('FilterLogEvents', () => {
  beforeAll(async () => {
    await stream('/filter', 'api');
    await stream('/filter', 'worker');
    const put = (name: string, messages: [number, string][]) =>
      logs.send(
        new PutLogEventsCommand({
          logGroupName: '/filter',
          logStreamName: name,
          logEvents: messages.map(([at, message]) => ({ timestamp: base + at, message })),
        }),
      );
    await put('api', [
      [1, 'INFO request served'],
      [3, 'ERROR Out of memory in handler'],
      [5, '{"level":"ERROR","latency":250,"user":{"name":"admin-1"}}'],
    ]);
    await put('worker', [
      [2, 'WARN retrying job'],
      [4, 'ERROR job failed: Out of time'],
      [6, '{"level":"INFO","latency":12}'],
    ]);
  });

  const filter = async (input: Record<string, unknown>) =>
    (await logs.send(new FilterLogEventsCommand({ logGroupName: '/filter', ...input }))).events!.map(
      (e) => `${e.logStreamName}:${e.message}`,
    );

  it('matches terms and quoted phrases across streams in time order', async () => {
    expect(await filter({ filterPattern: 'ERROR' })).toEqual([
      'api:ERROR Out of memory in handler',
      'worker:ERROR job failed: Out of time',
      'api:{"level":"ERROR","latency":250,"user":{"name":"admin-1"}}',
    ]);
    expect(await filter({ filterPattern: '"Out of memory"' })).toEqual([
      'api:ERROR Out of memory in handler',
    ]);
    expect(await filter({ filterPattern: 'ERROR Out' })).toHaveLength(2);
    expect(await filter({ filterPattern: '?WARN ?INFO -served' })).toEqual([
      'worker:WARN retrying job',
      'worker:{"level":"INFO","latency":12}',
    ]);
    expect(await filter({})).toHaveLength(6);
  });

  it('matches JSON patterns, stream names and time ranges', async () => {
    expect(await filter({ filterPattern: '{ $.level = "ERROR" && $.latency > 100 }' })).toEqual([
      'api:{"level":"ERROR","latency":250,"user":{"name":"admin-1"}}',
    ]);
    expect(await filter({ filterPattern: '{ $.user.name = "admin*" }' })).toHaveLength(1);
    expect(await filter({ filterPattern: '{ $.latency < 100 || $.user NOT EXISTS }' })).toEqual([
      'worker:{"level":"INFO","latency":12}',
    ]);
    expect(await filter({ logStreamNames: ['worker'], filterPattern: 'ERROR' })).toEqual([
      'worker:ERROR job failed: Out of time',
    ]);
    expect(await filter({ startTime: base + 2, endTime: base + 4 })).toEqual([
      'worker:WARN retrying job',
      'api:ERROR Out of memory in handler',
      'worker:ERROR job failed: Out of time',
    ]);
  });

  it('pages with nextToken and refuses malformed patterns', async () => {
    const first = await logs.send(new FilterLogEventsCommand({ logGroupName: '/filter', limit: 4 }));
    expect(first.events).toHaveLength(4);
    expect(first.events![0]!.eventId).toMatch(/^\d{56}$/);
    const second = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/filter', limit: 4, nextToken: first.nextToken }),
    );
    expect(second.events!.map((e) => e.message)).toEqual([
      '{"level":"ERROR","latency":250,"user":{"name":"admin-1"}}',
      '{"level":"INFO","latency":12}',
    ]);
    expect(second.nextToken).toBeUndefined();
    const bad = await rejection(
      logs.send(new FilterLogEventsCommand({ logGroupName: '/filter', filterPattern: '{ $.level = }' })),
    );
    expect(bad.name).toBe('InvalidParameterException');
  });
});

describe('retention and permissions', () => {
  it('hides events older than the retention period', async () => {
    await stream('/kept', 's');
    const now = t.clock.now().getTime();
    for (const [timestamp, message] of [
      [now - 2 * 86_400_000, 'two days old'],
      [now, 'fresh'],
    ] as const) {
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: '/kept',
          logStreamName: 's',
          logEvents: [{ timestamp, message }],
        }),
      );
    }
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/kept', retentionInDays: 1 }));
    const read = await logs.send(new GetLogEventsCommand({ logGroupName: '/kept', logStreamName: 's' }));
    expect(read.events!.map((e) => e.message)).toEqual(['fresh']);
  });

  it('authorizes against log group ARNs as AWS names them', async () => {
    const root = t.root('dev-payments');
    await t.iam(root).send(
      new CreateRoleCommand({
        RoleName: 'writer',
        AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${DEV}:root` } }),
      }),
    );
    await t.iam(root).send(
      new PutRolePolicyCommand({
        RoleName: 'writer',
        PolicyName: 'app-logs',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
              Resource: `arn:aws:logs:*:${DEV}:log-group:/app/*`,
            },
          ],
        }),
      }),
    );
    const session = await t.assume(root, {
      RoleArn: `arn:aws:iam::${DEV}:role/writer`,
      RoleSessionName: 'writer-session',
    });
    const writer = t.client(session);
    await writer.send(new CreateLogGroupCommand({ logGroupName: '/app/one' }));
    await writer.send(new CreateLogStreamCommand({ logGroupName: '/app/one', logStreamName: 's' }));
    await writer.send(
      new PutLogEventsCommand({
        logGroupName: '/app/one',
        logStreamName: 's',
        logEvents: [{ timestamp: base, message: 'hi' }],
      }),
    );
    const denied = await rejection(writer.send(new CreateLogGroupCommand({ logGroupName: '/other' })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      `User: arn:aws:sts::${DEV}:assumed-role/writer/writer-session is not authorized to perform: logs:CreateLogGroup on resource: arn:aws:logs:us-east-1:${DEV}:log-group:/other:log-stream: because no identity-based policy allows the logs:CreateLogGroup action`,
    );
    const read = await rejection(
      writer.send(new GetLogEventsCommand({ logGroupName: '/app/one', logStreamName: 's' })),
    );
    expect(read.name).toBe('AccessDeniedException');
    // Another account's group is not visible by ARN without a grant.
    const cross = await rejection(
      logs.send(
        new GetLogEventsCommand({
          logGroupIdentifier: `arn:aws:logs:us-east-1:${DEV}:log-group:/app/one`,
          logStreamName: 's',
        }),
      ),
    );
    expect(cross.name).toBe('AccessDeniedException');
  });
});
