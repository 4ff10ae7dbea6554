/**
 * The `aws logs` CLI against the local CloudWatch Logs, and the state surviving a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { makeTempDir, runAws, TestClock } from '../core/fixture.js';
import { type LogsCloud, startLogsCloud } from './harness.js';

let t: LogsCloud;
let home: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  t = await startLogsCloud();
  home = await makeTempDir();
});
afterAll(async () => {
  await t.close();
  await home.remove();
});

async function aws(...args: string[]): Promise<unknown> {
  const out = await runAws(['--endpoint-url', t.cloud.endpoint, '--output', 'json', 'logs', ...args], {
    creds: t.root('management'),
    home: home.path,
  });
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return out.stdout.trim() === '' ? undefined : JSON.parse(out.stdout);
}

describe('aws logs', () => {
  it('creates a group and stream, writes events and reads them back', async () => {
    await aws('create-log-group', '--log-group-name', '/cli/app');
    await aws('put-retention-policy', '--log-group-name', '/cli/app', '--retention-in-days', '7');
    await aws('create-log-stream', '--log-group-name', '/cli/app', '--log-stream-name', 'main');
    const now = t.clock.now().getTime();
    const put = (await aws(
      'put-log-events',
      '--log-group-name',
      '/cli/app',
      '--log-stream-name',
      'main',
      '--log-events',
      `timestamp=${now - 2},message="ERROR disk full"`,
      `timestamp=${now - 1},message="INFO all good"`,
    )) as { nextSequenceToken: string };
    expect(put.nextSequenceToken).toMatch(/^\d{56}$/);
    const groups = (await aws('describe-log-groups', '--log-group-name-prefix', '/cli/')) as {
      logGroups: { logGroupName: string; retentionInDays: number }[];
    };
    expect(groups.logGroups.map((g) => [g.logGroupName, g.retentionInDays])).toEqual([['/cli/app', 7]]);
    const events = (await aws(
      'get-log-events',
      '--log-group-name',
      '/cli/app',
      '--log-stream-name',
      'main',
      '--start-from-head',
    )) as {
      events: { message: string }[];
    };
    expect(events.events.map((e) => e.message)).toEqual(['ERROR disk full', 'INFO all good']);
    const filtered = (await aws(
      'filter-log-events',
      '--log-group-name',
      '/cli/app',
      '--filter-pattern',
      'ERROR',
    )) as {
      events: { message: string; logStreamName: string }[];
    };
    expect(filtered.events.map((e) => `${e.logStreamName}:${e.message}`)).toEqual(['main:ERROR disk full']);
  });

  it('reports AWS errors with their codes', async () => {
    const out = await runAws(
      [
        '--endpoint-url',
        t.cloud.endpoint,
        'logs',
        'put-retention-policy',
        '--log-group-name',
        '/cli/app',
        '--retention-in-days',
        '2',
      ],
      { creds: t.root('management'), home: home.path },
    );
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('(InvalidParameterException)');
    expect(out.stderr).toContain('Member must satisfy enum value set');
  });
});

describe('persistence', () => {
  it('keeps groups, streams and events across a restart of the same state directory', async () => {
    const dir = await makeTempDir();
    const clock = new TestClock();
    try {
      const first = await startLogsCloud({ stateDir: dir.path, now: clock.now });
      const root = first.root('management');
      first.logs.append('111111111111', 'us-east-1', '/kept/group', 'stream', [
        { timestamp: clock.now().getTime(), message: 'survives' },
      ]);
      await first.close();
      const second = await startLogsCloud({ stateDir: dir.path, now: clock.now });
      try {
        const read = await second
          .client(root)
          .send(new GetLogEventsCommand({ logGroupName: '/kept/group', logStreamName: 'stream' }));
        expect(read.events!.map((e) => e.message)).toEqual(['survives']);
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
