/**
 * CloudWatch Logs log groups and streams through the SDK: creation and its errors, DescribeLogGroups
 * prefixes and pages, retention values, tags by name and by ARN, streams and their ordering.
 */
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../core/fixture.js';
import { type LogsCloud, startLogsCloud } from './harness.js';

const MANAGEMENT = '111111111111';
let t: LogsCloud;

beforeAll(async () => {
  t = await startLogsCloud();
});
afterAll(() => t.close());

const logs = () => t.client(t.root('management'));

describe('log groups', () => {
  it('creates a group once and describes it with AWS fields', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: '/app/created' }));
    const again = await rejection(logs().send(new CreateLogGroupCommand({ logGroupName: '/app/created' })));
    expect(again.name).toBe('ResourceAlreadyExistsException');
    expect(again.message).toBe('The specified log group already exists');
    const out = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/app/created' }));
    expect(out.logGroups).toEqual([
      {
        logGroupName: '/app/created',
        creationTime: expect.any(Number),
        metricFilterCount: 0,
        arn: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:/app/created:*`,
        logGroupArn: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:/app/created`,
        storedBytes: 0,
        logGroupClass: 'STANDARD',
      },
    ]);
    expect(out.logGroups![0]!.creationTime).toBe(t.clock.now().getTime());
  });

  it('refuses names outside the published pattern', async () => {
    const err = await rejection(logs().send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })));
    expect(err.name).toBe('InvalidParameterException');
    expect(err.message).toBe(
      "1 validation error detected: Value 'bad name!' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+",
    );
  });

  it('pages DescribeLogGroups by prefix in name order', async () => {
    for (const n of [3, 1, 5, 2, 4])
      await logs().send(new CreateLogGroupCommand({ logGroupName: `/paged/g${n}` }));
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await logs().send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: '/paged/', limit: 2, nextToken }),
      );
      names.push(...page.logGroups!.map((g) => g.logGroupName!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(names).toEqual(['/paged/g1', '/paged/g2', '/paged/g3', '/paged/g4', '/paged/g5']);
    expect(pages).toBe(3);
    const pattern = await logs().send(new DescribeLogGroupsCommand({ logGroupNamePattern: 'G3' }));
    expect(pattern.logGroups!.map((g) => g.logGroupName)).toEqual(['/paged/g3']);
    const both = await rejection(
      logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/a', logGroupNamePattern: 'b' })),
    );
    expect(both.name).toBe('InvalidParameterException');
    const badToken = await rejection(logs().send(new DescribeLogGroupsCommand({ nextToken: 'nope' })));
    expect(badToken.message).toBe('The specified nextToken is invalid.');
  });

  it('accepts only the retention periods AWS offers, and removes them', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: '/retention' }));
    await logs().send(new PutRetentionPolicyCommand({ logGroupName: '/retention', retentionInDays: 14 }));
    const wrong = await rejection(
      logs().send(new PutRetentionPolicyCommand({ logGroupName: '/retention', retentionInDays: 4 })),
    );
    expect(wrong.name).toBe('InvalidParameterException');
    expect(wrong.message).toBe(
      "1 validation error detected: Value '4' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]",
    );
    const described = async () =>
      (await logs().send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/retention' }))).logGroups![0]!;
    expect((await described()).retentionInDays).toBe(14);
    await logs().send(new DeleteRetentionPolicyCommand({ logGroupName: '/retention' }));
    expect((await described()).retentionInDays).toBeUndefined();
    const missing = await rejection(
      logs().send(new PutRetentionPolicyCommand({ logGroupName: '/nowhere', retentionInDays: 1 })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe('The specified log group does not exist.');
  });

  it('deletes a group with its streams', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: '/gone' }));
    await logs().send(new CreateLogStreamCommand({ logGroupName: '/gone', logStreamName: 's' }));
    await logs().send(new DeleteLogGroupCommand({ logGroupName: '/gone' }));
    const err = await rejection(logs().send(new DescribeLogStreamsCommand({ logGroupName: '/gone' })));
    expect(err.name).toBe('ResourceNotFoundException');
    const twice = await rejection(logs().send(new DeleteLogGroupCommand({ logGroupName: '/gone' })));
    expect(twice.name).toBe('ResourceNotFoundException');
  });

  it('tags a group by name and by ARN', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: '/tagged', tags: { team: 'platform' } }));
    await logs().send(new TagLogGroupCommand({ logGroupName: '/tagged', tags: { env: 'dev' } }));
    const byName = await logs().send(new ListTagsLogGroupCommand({ logGroupName: '/tagged' }));
    expect(byName.tags).toEqual({ team: 'platform', env: 'dev' });
    const arn = `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:/tagged`;
    await logs().send(new TagResourceCommand({ resourceArn: arn, tags: { cost: '42' } }));
    await logs().send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    const byArn = await logs().send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(byArn.tags).toEqual({ env: 'dev', cost: '42' });
    const bad = await rejection(
      logs().send(new TagLogGroupCommand({ logGroupName: '/tagged', tags: { 'aws:x': 'y' } })),
    );
    expect(bad.name).toBe('InvalidParameterException');
  });
});

describe('log streams', () => {
  it('creates streams, refuses duplicates and orders them by name or last event time', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: '/streams' }));
    for (const name of ['b', 'a', 'c']) {
      await logs().send(new CreateLogStreamCommand({ logGroupName: '/streams', logStreamName: name }));
    }
    const dup = await rejection(
      logs().send(new CreateLogStreamCommand({ logGroupName: '/streams', logStreamName: 'a' })),
    );
    expect(dup.name).toBe('ResourceAlreadyExistsException');
    expect(dup.message).toBe('The specified log stream already exists');
    const bad = await rejection(
      logs().send(new CreateLogStreamCommand({ logGroupName: '/streams', logStreamName: 'x:y' })),
    );
    expect(bad.message).toContain('Member must satisfy regular expression pattern: [^:*]*');
    const now = t.clock.now().getTime();
    for (const [name, offset] of [
      ['a', 3],
      ['b', 1],
      ['c', 2],
    ] as const) {
      await logs().send(
        new PutLogEventsCommand({
          logGroupName: '/streams',
          logStreamName: name,
          logEvents: [{ timestamp: now - 60_000 + offset, message: name }],
        }),
      );
    }
    const byName = await logs().send(new DescribeLogStreamsCommand({ logGroupName: '/streams' }));
    expect(byName.logStreams!.map((s) => s.logStreamName)).toEqual(['a', 'b', 'c']);
    expect(byName.logStreams![0]).toMatchObject({
      logStreamName: 'a',
      firstEventTimestamp: now - 60_000 + 3,
      lastEventTimestamp: now - 60_000 + 3,
      lastIngestionTime: now,
      arn: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:/streams:log-stream:a`,
    });
    const latest = await logs().send(
      new DescribeLogStreamsCommand({
        logGroupName: '/streams',
        orderBy: 'LastEventTime',
        descending: true,
        limit: 2,
      }),
    );
    expect(latest.logStreams!.map((s) => s.logStreamName)).toEqual(['a', 'c']);
    const rest = await logs().send(
      new DescribeLogStreamsCommand({
        logGroupName: '/streams',
        orderBy: 'LastEventTime',
        descending: true,
        nextToken: latest.nextToken,
      }),
    );
    expect(rest.logStreams!.map((s) => s.logStreamName)).toEqual(['b']);
    const conflict = await rejection(
      logs().send(
        new DescribeLogStreamsCommand({
          logGroupName: '/streams',
          orderBy: 'LastEventTime',
          logStreamNamePrefix: 'a',
        }),
      ),
    );
    expect(conflict.message).toBe('Cannot order by LastEventTime with a logStreamNamePrefix.');
    const byArn = await logs().send(
      new DescribeLogStreamsCommand({
        logGroupIdentifier: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:/streams`,
        logStreamNamePrefix: 'c',
      }),
    );
    expect(byArn.logStreams!.map((s) => s.logStreamName)).toEqual(['c']);
  });
});
