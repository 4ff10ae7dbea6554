/**
 * Rules of the default event bus: PutRule, DescribeRule, ListRules, DeleteRule, EnableRule, DisableRule,
 * ListRuleNamesByTarget.
 */
import { EventsErrors } from '../errors.js';
import { optionalBoolean, optionalEnum, optionalInteger, optionalString, requiredString } from '../input.js';
import { authorizeOnRule, authorizePassRole, requireRule, rulesIn } from '../lookup.js';
import { busOf, RULE_NAME, requestTagKeys, ruleArn } from '../names.js';
import { paginate } from '../paging.js';
import { MAX_PATTERN_CHARS } from '../pattern/parse.js';
import { compiledPattern } from '../runtime.js';
import { parseSchedule } from '../schedule/expression.js';
import { eventsSlice, type RuleState, type StoredRule, scopeKey } from '../state.js';
import { tagList } from '../tags.js';
import type { EventsOperations } from './types.js';

const STATES: readonly RuleState[] = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

export function ruleShape(rule: StoredRule): Record<string, unknown> {
  return {
    Name: rule.name,
    Arn: rule.arn,
    EventPattern: rule.eventPattern,
    ScheduleExpression: rule.scheduleExpression,
    State: rule.state,
    Description: rule.description,
    RoleArn: rule.roleArn,
    EventBusName: rule.eventBusName,
  };
}

export function roleArnOf(value: string | undefined, member: string): string | undefined {
  if (value !== undefined && !ROLE_ARN.test(value))
    throw EventsErrors.validation(`Parameter ${member} is not valid.`);
  return value;
}

function setState(state: RuleState, action: string): EventsOperations[string] {
  return (rt, body, call) => {
    const name = requiredString(body, 'Name', RULE_NAME);
    busOf(body, call.where);
    requireRule(rt.deps.store, call, name, action);
    rt.deps.store.dispatch(eventsSlice, 'setRuleState', { scope: scopeKey(call.where), rule: name, state });
    return undefined;
  };
}

export const ruleOperations: EventsOperations = {
  PutRule(rt, body, call) {
    const name = requiredString(body, 'Name', RULE_NAME);
    const bus = busOf(body, call.where);
    const schedule = optionalString(body, 'ScheduleExpression', { max: 256 });
    const pattern = optionalString(body, 'EventPattern', { max: MAX_PATTERN_CHARS });
    const state = optionalEnum(body, 'State', STATES) ?? 'ENABLED';
    const description = optionalString(body, 'Description', { max: 512 });
    const roleArn = roleArnOf(optionalString(body, 'RoleArn', { min: 1, max: 1600 }), 'RoleArn');
    const tags = tagList(body);
    if (schedule === undefined && pattern === undefined) {
      throw EventsErrors.validation('Parameter(s) EventPattern or ScheduleExpression must be specified.');
    }
    if (schedule !== undefined) parseSchedule(schedule);
    if (pattern !== undefined) compiledPattern(rt, pattern);
    const existing = authorizeOnRule(rt.deps.store, call, name, 'events:PutRule', requestTagKeys(tags));
    if (roleArn !== undefined) authorizePassRole(call, roleArn);
    const rule: StoredRule = {
      name,
      arn: ruleArn(call.where, name),
      eventBusName: bus,
      eventPattern: pattern,
      scheduleExpression: schedule,
      state,
      description,
      roleArn,
      createdBy: call.where.accountId,
      createdAt: call.now.toISOString(),
      // Tags are set when a rule is created; PutRule on an existing rule leaves them as they are.
      tags: existing ? existing.tags : tags,
      targets: [],
    };
    rt.deps.store.dispatch(eventsSlice, 'putRule', { scope: scopeKey(call.where), rule });
    return { RuleArn: rule.arn };
  },

  DescribeRule(rt, body, call) {
    const name = requiredString(body, 'Name', RULE_NAME);
    busOf(body, call.where);
    const rule = requireRule(rt.deps.store, call, name, 'events:DescribeRule');
    return { ...ruleShape(rule), CreatedBy: rule.createdBy };
  },

  ListRules(rt, body, call) {
    const prefix = optionalString(body, 'NamePrefix', { ...RULE_NAME, min: 1 });
    busOf(body, call.where);
    const token = optionalString(body, 'NextToken', { min: 1, max: 2048 });
    const limit = optionalInteger(body, 'Limit', { min: 1, max: 100 }) ?? 100;
    call.authorize({
      action: 'events:ListRules',
      resource: ruleArn(call.where, '*'),
      resourceAccount: call.where.accountId,
    });
    const rules = rulesIn(rt.deps.store, call.where).filter(
      (r) => prefix === undefined || r.name.startsWith(prefix),
    );
    const page = paginate({ items: rules, sortKey: (r) => r.name, limit, token });
    return { Rules: page.items.map(ruleShape), NextToken: page.nextToken };
  },

  DeleteRule(rt, body, call) {
    const name = requiredString(body, 'Name', RULE_NAME);
    busOf(body, call.where);
    optionalBoolean(body, 'Force');
    const rule = authorizeOnRule(rt.deps.store, call, name, 'events:DeleteRule');
    // Deleting a rule that does not exist succeeds, as on AWS.
    if (!rule) return undefined;
    if (rule.targets.length > 0) throw EventsErrors.hasTargets();
    rt.deps.store.dispatch(eventsSlice, 'deleteRule', { scope: scopeKey(call.where), rule: name });
    return undefined;
  },

  EnableRule: setState('ENABLED', 'events:EnableRule'),
  DisableRule: setState('DISABLED', 'events:DisableRule'),

  ListRuleNamesByTarget(rt, body, call) {
    const targetArn = requiredString(body, 'TargetArn', { max: 1600 });
    busOf(body, call.where);
    const token = optionalString(body, 'NextToken', { min: 1, max: 2048 });
    const limit = optionalInteger(body, 'Limit', { min: 1, max: 100 }) ?? 100;
    call.authorize({
      action: 'events:ListRuleNamesByTarget',
      resource: ruleArn(call.where, '*'),
      resourceAccount: call.where.accountId,
    });
    const rules = rulesIn(rt.deps.store, call.where).filter((r) =>
      r.targets.some((t) => t.Arn === targetArn),
    );
    const page = paginate({ items: rules, sortKey: (r) => r.name, limit, token });
    return { RuleNames: page.items.map((r) => r.name), NextToken: page.nextToken };
  },
};
