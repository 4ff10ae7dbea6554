/**
 * EventBridge rules and targets through the SDK: PutRule validation, DescribeRule, ListRules pages,
 * DeleteRule with targets, the five-target limit, Enable/DisableRule, tags, iam:PassRole.
 */
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  type EventBridgeClient,
  EnableRuleCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, trustPolicy } from '../core/fixture.js';
import { type EventsCloud, startEventsCloud } from './harness.js';

const MANAGEMENT = '111111111111';
const DEV = '300000000001';
const TOPIC = `arn:aws:sns:us-east-1:${MANAGEMENT}:alerts`;
let t: EventsCloud;
let eb: EventBridgeClient;

beforeAll(async () => {
  t = await startEventsCloud();
  eb = t.client(t.root('management'));
});
afterAll(() => t.close());

describe('PutRule', () => {
  it('creates scheduled and pattern rules and describes them', async () => {
    const out = await eb.send(
      new PutRuleCommand({
        Name: 'nightly',
        ScheduleExpression: 'cron(0 2 * * ? *)',
        Description: 'every night',
      }),
    );
    expect(out.RuleArn).toBe(`arn:aws:events:us-east-1:${MANAGEMENT}:rule/nightly`);
    const rule = await eb.send(new DescribeRuleCommand({ Name: 'nightly' }));
    expect(rule).toMatchObject({
      Name: 'nightly',
      Arn: out.RuleArn,
      ScheduleExpression: 'cron(0 2 * * ? *)',
      State: 'ENABLED',
      Description: 'every night',
      EventBusName: 'default',
      CreatedBy: MANAGEMENT,
    });
    const pattern = JSON.stringify({ source: ['shop.orders'] });
    await eb.send(new PutRuleCommand({ Name: 'orders', EventPattern: pattern, State: 'DISABLED' }));
    expect(await eb.send(new DescribeRuleCommand({ Name: 'orders' }))).toMatchObject({
      EventPattern: pattern,
      State: 'DISABLED',
    });
  });

  it('refuses rules without a schedule or pattern, bad schedules and bad patterns', async () => {
    const none = await rejection(eb.send(new PutRuleCommand({ Name: 'empty' })));
    expect(none.name).toBe('ValidationException');
    expect(none.message).toBe('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    const schedule = await rejection(
      eb.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: 'rate(1 minutes)' })),
    );
    expect(schedule.name).toBe('ValidationException');
    expect(schedule.message).toBe('Parameter ScheduleExpression is not valid.');
    const pattern = await rejection(
      eb.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"x"}' })),
    );
    expect(pattern.name).toBe('InvalidEventPatternException');
    expect(pattern.message).toBe(
      'Event pattern is not valid. Reason: Match value must be an array or an object at [source]',
    );
    const name = await rejection(
      eb.send(new PutRuleCommand({ Name: 'bad name', ScheduleExpression: 'rate(1 day)' })),
    );
    expect(name.message).toBe(
      "1 validation error detected: Value 'bad name' at 'Name' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    );
    const bus = await rejection(
      eb.send(new PutRuleCommand({ Name: 'x', EventBusName: 'custom', ScheduleExpression: 'rate(1 day)' })),
    );
    expect(bus.name).toBe('ResourceNotFoundException');
    expect(bus.message).toBe('Event bus custom does not exist.');
  });

  it('replaces the definition on a second PutRule and keeps targets and tags', async () => {
    await eb.send(
      new PutRuleCommand({
        Name: 'evolving',
        ScheduleExpression: 'rate(1 hour)',
        Tags: [{ Key: 'team', Value: 'a' }],
      }),
    );
    await eb.send(new PutTargetsCommand({ Rule: 'evolving', Targets: [{ Id: 't1', Arn: TOPIC }] }));
    await eb.send(new PutRuleCommand({ Name: 'evolving', ScheduleExpression: 'rate(2 hours)' }));
    const rule = await eb.send(new DescribeRuleCommand({ Name: 'evolving' }));
    expect(rule.ScheduleExpression).toBe('rate(2 hours)');
    expect((await eb.send(new ListTargetsByRuleCommand({ Rule: 'evolving' }))).Targets).toHaveLength(1);
    const tags = await eb.send(new ListTagsForResourceCommand({ ResourceARN: rule.Arn }));
    expect(tags.Tags).toEqual([{ Key: 'team', Value: 'a' }]);
  });
});

describe('ListRules', () => {
  it('lists by prefix in name order, page by page', async () => {
    for (const n of [2, 4, 1, 3])
      await eb.send(new PutRuleCommand({ Name: `list-${n}`, ScheduleExpression: 'rate(1 day)' }));
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await eb.send(new ListRulesCommand({ NamePrefix: 'list-', Limit: 3, NextToken: token }));
      names.push(...page.Rules!.map((r) => r.Name!));
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(['list-1', 'list-2', 'list-3', 'list-4']);
  });
});

describe('targets', () => {
  it('allows five targets per rule and refuses deleting a rule that has targets', async () => {
    await eb.send(new PutRuleCommand({ Name: 'fanout', EventPattern: '{"source":["x"]}' }));
    const targets = [1, 2, 3, 4, 5].map((n) => ({ Id: `t${n}`, Arn: `${TOPIC}-${n}` }));
    const put = await eb.send(new PutTargetsCommand({ Rule: 'fanout', Targets: targets }));
    expect(put).toMatchObject({ FailedEntryCount: 0, FailedEntries: [] });
    const sixth = await rejection(
      eb.send(new PutTargetsCommand({ Rule: 'fanout', Targets: [{ Id: 't6', Arn: TOPIC }] })),
    );
    expect(sixth.name).toBe('LimitExceededException');
    // Replacing an existing target does not count twice.
    await eb.send(
      new PutTargetsCommand({ Rule: 'fanout', Targets: [{ Id: 't1', Arn: TOPIC, Input: '{"x":1}' }] }),
    );
    const listed = await eb.send(new ListTargetsByRuleCommand({ Rule: 'fanout', Limit: 2 }));
    expect(listed.Targets).toEqual([
      { Id: 't1', Arn: TOPIC, Input: '{"x":1}' },
      { Id: 't2', Arn: `${TOPIC}-2` },
    ]);
    expect(listed.NextToken).toBeDefined();
    const byTarget = await eb.send(new ListRuleNamesByTargetCommand({ TargetArn: `${TOPIC}-3` }));
    expect(byTarget.RuleNames).toEqual(['fanout']);

    const busy = await rejection(eb.send(new DeleteRuleCommand({ Name: 'fanout' })));
    expect(busy.name).toBe('ValidationException');
    expect(busy.message).toBe("Rule can't be deleted since it has targets.");
    await eb.send(new RemoveTargetsCommand({ Rule: 'fanout', Ids: targets.map((x) => x.Id) }));
    await eb.send(new DeleteRuleCommand({ Name: 'fanout' }));
    const gone = await rejection(eb.send(new DescribeRuleCommand({ Name: 'fanout' })));
    expect(gone.name).toBe('ResourceNotFoundException');
    expect(gone.message).toBe('Rule fanout does not exist on EventBus default.');
    // Deleting a rule that is not there succeeds, as on AWS.
    await eb.send(new DeleteRuleCommand({ Name: 'fanout' }));
  });

  it('checks target members', async () => {
    await eb.send(new PutRuleCommand({ Name: 'checked', ScheduleExpression: 'rate(1 day)' }));
    const put = (target: Record<string, unknown>) =>
      rejection(
        eb.send(new PutTargetsCommand({ Rule: 'checked', Targets: [{ Id: 'a', Arn: TOPIC, ...target }] })),
      );
    expect((await put({ Input: '{"a":1}', InputPath: '$.detail' })).message).toBe(
      'Only one of Input, InputPath, or InputTransformer must be provided.',
    );
    expect((await put({ Input: 'not json' })).message).toBe('Parameter Input is not valid JSON.');
    expect((await put({ Arn: 'not-an-arn' })).message).toBe('Provided Arn is not in correct format.');
    expect((await put({ InputPath: 'detail' })).message).toBe('Parameter InputPath is not valid.');
    const missing = await rejection(
      eb.send(new PutTargetsCommand({ Rule: 'nope', Targets: [{ Id: 'a', Arn: TOPIC }] })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });
});

describe('rule state and tags', () => {
  it('disables and enables a rule', async () => {
    await eb.send(new PutRuleCommand({ Name: 'toggle', ScheduleExpression: 'rate(1 day)' }));
    await eb.send(new DisableRuleCommand({ Name: 'toggle' }));
    expect((await eb.send(new DescribeRuleCommand({ Name: 'toggle' }))).State).toBe('DISABLED');
    await eb.send(new EnableRuleCommand({ Name: 'toggle' }));
    expect((await eb.send(new DescribeRuleCommand({ Name: 'toggle' }))).State).toBe('ENABLED');
    const missing = await rejection(eb.send(new EnableRuleCommand({ Name: 'absent' })));
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('tags and untags rules by ARN', async () => {
    const { RuleArn } = await eb.send(
      new PutRuleCommand({ Name: 'tagged', ScheduleExpression: 'rate(1 day)' }),
    );
    await eb.send(
      new TagResourceCommand({
        ResourceARN: RuleArn,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    await eb.send(new UntagResourceCommand({ ResourceARN: RuleArn, TagKeys: ['a'] }));
    expect((await eb.send(new ListTagsForResourceCommand({ ResourceARN: RuleArn }))).Tags).toEqual([
      { Key: 'b', Value: '2' },
    ]);
  });
});

describe('permissions', () => {
  it('needs events permissions on the rule ARN and iam:PassRole for a role', async () => {
    const root = t.root('dev-payments');
    await t.iam(root).send(
      new CreateRoleCommand({
        RoleName: 'scheduler',
        AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${DEV}:root` } }),
      }),
    );
    await t.iam(root).send(
      new PutRolePolicyCommand({
        RoleName: 'scheduler',
        PolicyName: 'rules',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: 'events:PutRule', Resource: `arn:aws:events:*:${DEV}:rule/app-*` },
          ],
        }),
      }),
    );
    const session = await t.assume(root, {
      RoleArn: `arn:aws:iam::${DEV}:role/scheduler`,
      RoleSessionName: 'sched',
    });
    const client = t.client(session);
    await client.send(new PutRuleCommand({ Name: 'app-nightly', ScheduleExpression: 'rate(1 day)' }));
    const other = await rejection(
      client.send(new PutRuleCommand({ Name: 'other', ScheduleExpression: 'rate(1 day)' })),
    );
    expect(other.name).toBe('AccessDeniedException');
    expect(other.message).toContain(`on resource: arn:aws:events:us-east-1:${DEV}:rule/other`);
    const passRole = await rejection(
      client.send(
        new PutRuleCommand({
          Name: 'app-with-role',
          ScheduleExpression: 'rate(1 day)',
          RoleArn: `arn:aws:iam::${DEV}:role/scheduler`,
        }),
      ),
    );
    expect(passRole.name).toBe('AccessDeniedException');
    expect(passRole.message).toContain('iam:PassRole');
  });
});
