/**
 * The `aws events` CLI against the local EventBridge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runAws } from '../core/fixture.js';
import { type EventsCloud, startEventsCloud } from './harness.js';

let t: EventsCloud;
let home: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  t = await startEventsCloud();
  home = await makeTempDir();
});
afterAll(async () => {
  await t.close();
  await home.remove();
});

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const out = await runAws(['--endpoint-url', t.cloud.endpoint, '--output', 'json', 'events', ...args], {
    creds: t.root('management'),
    home: home.path,
  });
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return out.stdout.trim() === '' ? {} : JSON.parse(out.stdout);
}

describe('aws events', () => {
  it('creates a rule with a target, lists it and routes an event to it', async () => {
    const put = await aws('put-rule', '--name', 'cli-rule', '--event-pattern', '{"source":["cli.test"]}');
    expect(put['RuleArn']).toBe('arn:aws:events:us-east-1:111111111111:rule/cli-rule');
    await aws(
      'put-targets',
      '--rule',
      'cli-rule',
      '--targets',
      'Id=fn,Arn=arn:aws:lambda:us-east-1:111111111111:function:cli-fn',
    );
    const rules = await aws('list-rules', '--name-prefix', 'cli-');
    expect((rules['Rules'] as { Name: string }[]).map((r) => r.Name)).toEqual(['cli-rule']);
    const targets = await aws('list-targets-by-rule', '--rule', 'cli-rule');
    expect(targets['Targets']).toEqual([
      { Id: 'fn', Arn: 'arn:aws:lambda:us-east-1:111111111111:function:cli-fn' },
    ]);
    const sent = await aws(
      'put-events',
      '--entries',
      JSON.stringify([{ Source: 'cli.test', DetailType: 'Ping', Detail: '{"n":1}' }]),
    );
    expect(sent['FailedEntryCount']).toBe(0);
    expect(t.delivered.map((d) => [d.rule.name, d.target.Id])).toEqual([['cli-rule', 'fn']]);
    const tested = await aws(
      'test-event-pattern',
      '--event-pattern',
      '{"source":["cli.test"]}',
      '--event',
      '{"id":"1","account":"111111111111","source":"cli.test","time":"2024-01-01T00:00:00Z","region":"us-east-1","detail-type":"Ping","detail":{}}',
    );
    expect(tested['Result']).toBe(true);
  });

  it('reports the delete-rule refusal as AWS words it', async () => {
    const out = await runAws(
      ['--endpoint-url', t.cloud.endpoint, 'events', 'delete-rule', '--name', 'cli-rule'],
      {
        creds: t.root('management'),
        home: home.path,
      },
    );
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain(
      "(ValidationException) when calling the DeleteRule operation: Rule can't be deleted since it has targets.",
    );
  });
});
