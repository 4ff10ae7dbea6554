/**
 * PutEvents matched against rules and delivered to targets, TestEventPattern, scheduled rules fired on
 * demand, and the record of deliveries (asynchronous and failing handlers included).
 */
import {
  type EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../core/fixture.js';
import { type EventsCloud, startEventsCloud } from './harness.js';

const ACCOUNT = '111111111111';
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:on-order`;
let t: EventsCloud;
let eb: EventBridgeClient;

beforeAll(async () => {
  t = await startEventsCloud();
  eb = t.client(t.root('management'));
  await eb.send(
    new PutRuleCommand({
      Name: 'big-orders',
      EventPattern: JSON.stringify({
        source: ['shop.orders'],
        detail: { total: [{ numeric: ['>=', 100] }] },
      }),
    }),
  );
  await eb.send(
    new PutTargetsCommand({
      Rule: 'big-orders',
      Targets: [
        { Id: 'whole', Arn: FUNCTION },
        { Id: 'part', Arn: `${FUNCTION}-2`, InputPath: '$.detail' },
      ],
    }),
  );
  await eb.send(
    new PutRuleCommand({
      Name: 'paused',
      State: 'DISABLED',
      EventPattern: JSON.stringify({ source: ['shop.orders'] }),
    }),
  );
  await eb.send(new PutTargetsCommand({ Rule: 'paused', Targets: [{ Id: 'never', Arn: FUNCTION }] }));
});
afterAll(() => t.close());
beforeEach(() => {
  t.delivered.length = 0;
});

const entry = (detail: object, source = 'shop.orders') => ({
  Source: source,
  DetailType: 'Order Placed',
  Detail: JSON.stringify(detail),
  Resources: ['arn:aws:shop:::order/1'],
});

describe('PutEvents', () => {
  it('delivers matching events to the targets of enabled rules, as the target asks', async () => {
    const out = await eb.send(
      new PutEventsCommand({ Entries: [entry({ total: 150 }), entry({ total: 5 })] }),
    );
    expect(out.FailedEntryCount).toBe(0);
    const ids = out.Entries!.map((e) => e.EventId!);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(2);
    expect(t.delivered.map((d) => [d.rule.name, d.target.Id])).toEqual([
      ['big-orders', 'whole'],
      ['big-orders', 'part'],
    ]);
    const event = JSON.parse(t.delivered[0]!.input);
    expect(event).toEqual({
      version: '0',
      id: ids[0],
      'detail-type': 'Order Placed',
      source: 'shop.orders',
      account: ACCOUNT,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'us-east-1',
      resources: ['arn:aws:shop:::order/1'],
      detail: { total: 150 },
    });
    expect(JSON.parse(t.delivered[1]!.input)).toEqual({ total: 150 });
    const recorded = t.events.deliveries(ACCOUNT, 'us-east-1', { ruleName: 'big-orders' }).slice(-2);
    expect(recorded.map((d) => [d.targetId, d.status, d.eventId])).toEqual([
      ['whole', 'Delivered', ids[0]],
      ['part', 'Delivered', ids[0]],
    ]);
  });

  it('reports bad entries one by one', async () => {
    const out = await eb.send(
      new PutEventsCommand({
        Entries: [
          entry({ total: 1 }),
          { Source: 'shop.orders', DetailType: 'x' },
          { Source: 'shop.orders', DetailType: 'x', Detail: '[1]' },
          entry({ total: 1 }, 'aws.ec2'),
          { ...entry({}), EventBusName: 'elsewhere' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(4);
    expect(out.Entries).toEqual([
      { EventId: expect.any(String) },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus elsewhere does not exist.' },
    ]);
    expect(t.delivered).toEqual([]);
  });

  it('refuses requests without entries or over 256 KB', async () => {
    const none = await rejection(eb.send(new PutEventsCommand({ Entries: [] })));
    expect(none.name).toBe('ValidationException');
    const big = await rejection(
      eb.send(new PutEventsCommand({ Entries: [entry({ pad: 'x'.repeat(270_000) })] })),
    );
    expect(big.message).toBe('Total size of the entries in the request is over the limit.');
  });

  it('answers TestEventPattern', async () => {
    const event = JSON.stringify({
      id: '1',
      account: ACCOUNT,
      source: 'shop.orders',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      'detail-type': 'Order Placed',
      detail: { total: 100 },
    });
    const yes = await eb.send(
      new TestEventPatternCommand({
        EventPattern: '{"detail":{"total":[{"numeric":[">",99]}]}}',
        Event: event,
      }),
    );
    expect(yes.Result).toBe(true);
    const no = await eb.send(
      new TestEventPatternCommand({ EventPattern: '{"source":[{"prefix":"aws."}]}', Event: event }),
    );
    expect(no.Result).toBe(false);
    const bad = await rejection(
      eb.send(new TestEventPatternCommand({ EventPattern: '{"source":["x"]}', Event: '{"id":"1"}' })),
    );
    expect(bad.name).toBe('ValidationException');
  });
});

describe('scheduled rules fired on demand', () => {
  it('sends the Scheduled Event to every target, with Input and InputTransformer honoured', async () => {
    await eb.send(new PutRuleCommand({ Name: 'digest', ScheduleExpression: 'cron(0 6 * * ? *)' }));
    await eb.send(
      new PutTargetsCommand({
        Rule: 'digest',
        Targets: [
          { Id: 'plain', Arn: FUNCTION },
          { Id: 'constant', Arn: FUNCTION, Input: '{"mode":"full"}' },
          {
            Id: 'shaped',
            Arn: FUNCTION,
            InputTransformer: {
              InputPathsMap: { at: '$.time' },
              InputTemplate: '{"firedAt": <at>, "rule": "<aws.events.rule-arn>"}',
            },
          },
        ],
      }),
    );
    const now = new Date('2024-06-03T06:00:00.000Z');
    const fired = t.events.fireScheduledRule(ACCOUNT, 'us-east-1', 'digest', now);
    const ruleArn = `arn:aws:events:us-east-1:${ACCOUNT}:rule/digest`;
    expect(fired.fired).toBe(true);
    expect(fired.event).toEqual({
      version: '0',
      id: expect.any(String),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: '2024-06-03T06:00:00Z',
      region: 'us-east-1',
      resources: [ruleArn],
      detail: {},
    });
    expect(t.delivered.map((d) => JSON.parse(d.input))).toEqual([
      fired.event,
      { mode: 'full' },
      { firedAt: '2024-06-03T06:00:00Z', rule: ruleArn },
    ]);
    expect(fired.deliveries.map((d) => d.targetId)).toEqual(['plain', 'constant', 'shaped']);
    expect(t.events.nextFireTime(ACCOUNT, 'us-east-1', 'digest', now)?.toISOString()).toBe(
      '2024-06-04T06:00:00.000Z',
    );
  });

  it('does not fire a disabled rule, and refuses rules without a schedule', async () => {
    await eb.send(new PutRuleCommand({ Name: 'off', ScheduleExpression: 'rate(1 day)', State: 'DISABLED' }));
    await eb.send(new PutTargetsCommand({ Rule: 'off', Targets: [{ Id: 'x', Arn: FUNCTION }] }));
    expect(t.events.fireScheduledRule(ACCOUNT, 'us-east-1', 'off', t.clock.now())).toEqual({
      fired: false,
      deliveries: [],
    });
    expect(t.delivered).toEqual([]);
    expect(() => t.events.fireScheduledRule(ACCOUNT, 'us-east-1', 'big-orders', t.clock.now())).toThrow(
      'Rule big-orders has no ScheduleExpression.',
    );
    expect(() => t.events.fireScheduledRule(ACCOUNT, 'us-east-1', 'missing', t.clock.now())).toThrow(
      'Rule missing does not exist on EventBus default.',
    );
  });
});

describe('target handlers', () => {
  it('records asynchronous deliveries once they settle, and failures with their reason', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    t.events.setTargetHandler(async (delivery) => {
      if (delivery.target.Id === 'part') throw new Error('function is throttled');
      await gate;
    });
    try {
      const out = await eb.send(new PutEventsCommand({ Entries: [entry({ total: 500 })] }));
      const id = out.Entries![0]!.EventId!;
      const ofEvent = () => t.events.deliveries(ACCOUNT, 'us-east-1').filter((d) => d.eventId === id);
      expect(ofEvent()[0]!.status).toBe('Pending');
      release();
      await t.events.idle();
      expect(ofEvent().map((d) => [d.targetId, d.status, d.error])).toEqual([
        ['whole', 'Delivered', undefined],
        ['part', 'Failed', 'function is throttled'],
      ]);
    } finally {
      t.events.setTargetHandler((delivery) => void t.delivered.push(delivery));
    }
  });

  it('records deliveries as NoHandler when nothing is plugged in', async () => {
    t.events.setTargetHandler(undefined);
    try {
      const out = await eb.send(new PutEventsCommand({ Entries: [entry({ total: 500 })] }));
      const id = out.Entries![0]!.EventId!;
      const statuses = t.events
        .deliveries(ACCOUNT, 'us-east-1')
        .filter((d) => d.eventId === id)
        .map((d) => d.status);
      expect(statuses).toEqual(['NoHandler', 'NoHandler']);
    } finally {
      t.events.setTargetHandler((delivery) => void t.delivered.push(delivery));
    }
  });
});
