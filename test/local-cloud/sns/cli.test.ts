/**
 * The `aws sns` CLI against the local SNS, and recorded messages surviving a restart.
 */
import { CreateTopicCommand, PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runAws, TestClock } from '../core/fixture.js';
import { type SnsCloud, startSnsCloud } from './harness.js';

let t: SnsCloud;
let home: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  t = await startSnsCloud();
  home = await makeTempDir();
});
afterAll(async () => {
  await t.close();
  await home.remove();
});

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const out = await runAws(['--endpoint-url', t.cloud.endpoint, '--output', 'json', 'sns', ...args], {
    creds: t.root('management'),
    home: home.path,
  });
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return out.stdout.trim() === '' ? {} : JSON.parse(out.stdout);
}

describe('aws sns', () => {
  it('creates a topic, subscribes, publishes and lists', async () => {
    const created = await aws('create-topic', '--name', 'cli-topic', '--attributes', 'DisplayName=From CLI');
    const arn = created['TopicArn'] as string;
    expect(arn).toBe('arn:aws:sns:us-east-1:111111111111:cli-topic');
    const sub = await aws(
      'subscribe',
      '--topic-arn',
      arn,
      '--protocol',
      'lambda',
      '--notification-endpoint',
      'arn:aws:lambda:us-east-1:111111111111:function:cli',
    );
    expect(sub['SubscriptionArn']).toMatch(/^arn:aws:sns:us-east-1:111111111111:cli-topic:/);
    const published = await aws(
      'publish',
      '--topic-arn',
      arn,
      '--subject',
      'hello',
      '--message',
      'from the cli',
      '--message-attributes',
      '{"kind":{"DataType":"String","StringValue":"test"}}',
    );
    expect(
      t.sns.messages(arn).map((m) => [m.messageId, m.message, m.messageAttributes['kind']?.StringValue]),
    ).toEqual([[published['MessageId'], 'from the cli', 'test']]);
    const attributes = await aws('get-topic-attributes', '--topic-arn', arn);
    expect(attributes['Attributes']).toMatchObject({ DisplayName: 'From CLI', SubscriptionsConfirmed: '1' });
    const topics = await aws('list-topics');
    expect(topics['Topics']).toEqual([{ TopicArn: arn }]);
    const subs = await aws('list-subscriptions-by-topic', '--topic-arn', arn);
    expect((subs['Subscriptions'] as { Protocol: string }[]).map((s) => s.Protocol)).toEqual(['lambda']);
  });

  it('reports AWS errors with their codes', async () => {
    const out = await runAws(
      [
        '--endpoint-url',
        t.cloud.endpoint,
        'sns',
        'publish',
        '--topic-arn',
        'arn:aws:sns:us-east-1:111111111111:missing',
        '--message',
        'x',
      ],
      { creds: t.root('management'), home: home.path },
    );
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain(
      'An error occurred (NotFound) when calling the Publish operation: Topic does not exist',
    );
  });
});

describe('persistence', () => {
  it('keeps topics, subscriptions and recorded messages across a restart', async () => {
    const dir = await makeTempDir();
    const clock = new TestClock();
    try {
      const first = await startSnsCloud({ stateDir: dir.path, now: clock.now });
      const root = first.root('management');
      const arn = (await first.client(root).send(new CreateTopicCommand({ Name: 'kept' }))).TopicArn!;
      const { MessageId } = await first
        .client(root)
        .send(new PublishCommand({ TopicArn: arn, Message: 'before' }));
      await first.close();
      const second = await startSnsCloud({ stateDir: dir.path, now: clock.now });
      try {
        expect(second.sns.messages(arn).map((m) => m.messageId)).toEqual([MessageId]);
        // IDs keep counting from where they were: the next message gets a new one.
        const next = await second.client(root).send(new PublishCommand({ TopicArn: arn, Message: 'after' }));
        expect(next.MessageId).not.toBe(MessageId);
      } finally {
        await second.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
