/**
 * Config rules: PutConfigRule, DescribeConfigRules, DeleteConfigRule, DescribeConfigRuleEvaluationStatus,
 * StartConfigRulesEvaluation.
 */
import { ConfigErrors } from '../errors.js';
import { startRuleEvaluations } from '../evaluate.js';
import {
  type Body,
  list,
  objectItem,
  optionalEnum,
  optionalInteger,
  optionalString,
  requiredObject,
  requiredString,
  stringItem,
} from '../input.js';
import { triggersOf } from '../invoking-events.js';
import { authorizeOnRule, namedRules, requireRule, rulesIn } from '../lookup.js';
import { ruleArn, ruleId } from '../names.js';
import { paginate } from '../paging.js';
import { type ConfigRuntime, scopeState } from '../runtime.js';
import { FREQUENCIES, readInputParameters, readScope, readSource } from '../rule-input.js';
import {
  type ConfigState,
  configSlice,
  ownGet,
  type StoredConfigRule,
  scopeKey,
  type Tag,
} from '../state.js';
import type { ConfigOperations } from './types.js';

/** Rules per account and region (AWS Config's default quota). */
export const MAX_RULES = 1000;
const NAME = { min: 1, max: 128 };

export function ruleShape(rule: StoredConfigRule): Record<string, unknown> {
  return {
    ConfigRuleName: rule.name,
    ConfigRuleArn: rule.arn,
    ConfigRuleId: rule.id,
    Description: rule.description,
    Scope: rule.scope,
    Source: rule.source,
    InputParameters: rule.inputParameters,
    MaximumExecutionFrequency: rule.maximumExecutionFrequency,
    ConfigRuleState: 'ACTIVE',
    EvaluationModes: [{ Mode: 'DETECTIVE' }],
  };
}

function tagItem(item: unknown, path: string): Tag {
  const body = objectItem(item, path);
  return {
    Key: requiredString(body, 'Key', { max: 128 }),
    Value: optionalString(body, 'Value', { max: 256 }) ?? '',
  };
}

/** The rule a PutConfigRule names: by ConfigRuleName, or by the ARN / ID of an existing rule. */
function ruleNameOf(rt: ConfigRuntime, body: Body, where: { accountId: string; region: string }): string {
  const name = optionalString(body, 'ConfigRuleName', NAME);
  if (name !== undefined) return name;
  const arn = optionalString(body, 'ConfigRuleArn', { min: 1, max: 256 });
  const id = optionalString(body, 'ConfigRuleId', { min: 1, max: 64 });
  const found = Object.values(scopeState(rt, where).rules).find((r) => r.arn === arn || r.id === id);
  if (!found)
    throw ConfigErrors.invalidParameter(
      'One or more identifiers needs to be provided. Provide Name or Id or Arn',
    );
  return found.name;
}

function checkFrequency(rule: StoredConfigRule): void {
  if (rule.source.Owner !== 'CUSTOM_LAMBDA') return;
  const periodic = triggersOf(rule).periodic;
  const detailFrequency = rule.source.SourceDetails.some(
    (d) => d.MaximumExecutionFrequency !== undefined && d.MessageType !== 'ScheduledNotification',
  );
  if ((!periodic && rule.maximumExecutionFrequency !== undefined) || detailFrequency)
    throw ConfigErrors.invalidParameter(
      'A maximum execution frequency is not allowed for rules triggered by configuration changes.',
    );
}

export const ruleOperations: ConfigOperations = {
  PutConfigRule(rt, body, call) {
    const input = requiredObject(body, 'ConfigRule');
    const name = ruleNameOf(rt, input, call.where);
    const source = readSource(input);
    const scope = readScope(input);
    const inputParameters = readInputParameters(input);
    const frequency = optionalEnum(input, 'MaximumExecutionFrequency', FREQUENCIES);
    const description = optionalString(input, 'Description', { max: 256 });
    const tags = list(body, 'Tags', tagItem, { max: 50 }) ?? [];
    const existing = authorizeOnRule(rt, call, name, 'config:PutConfigRule');
    if (!existing && rulesIn(rt, call).length >= MAX_RULES) throw ConfigErrors.tooManyRules(MAX_RULES);
    const serial = rt.deps.store.get<ConfigState>(configSlice).serial + 1;
    const id = existing?.id ?? ruleId(call.where, name, serial);
    const rule: StoredConfigRule = {
      name,
      arn: existing?.arn ?? ruleArn(call.where, id),
      id,
      source,
      createdAt: call.now.toISOString(),
      tags,
      ...(description !== undefined ? { description } : {}),
      ...(scope ? { scope } : {}),
      ...(inputParameters !== undefined ? { inputParameters } : {}),
      ...(frequency !== undefined ? { maximumExecutionFrequency: frequency } : {}),
    };
    checkFrequency(rule);
    rt.deps.store.dispatch(configSlice, 'putRule', { scope: scopeKey(call.where), rule, serial });
    return {};
  },

  DescribeConfigRules(rt, body, call) {
    const names = list(body, 'ConfigRuleNames', stringItem(NAME), { max: 25 });
    const token = optionalString(body, 'NextToken');
    call.authorize({
      action: 'config:DescribeConfigRules',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    const rules = namedRules(rt, call, names);
    const page = paginate({ items: rules, sortKey: (r) => r.name, limit: 25, token });
    return { ConfigRules: page.items.map(ruleShape), NextToken: page.nextToken };
  },

  DeleteConfigRule(rt, body, call) {
    const name = requiredString(body, 'ConfigRuleName', NAME);
    requireRule(rt, call, name, 'config:DeleteConfigRule');
    rt.deps.store.dispatch(configSlice, 'deleteRule', { scope: scopeKey(call.where), name });
    return {};
  },

  DescribeConfigRuleEvaluationStatus(rt, body, call) {
    const names = list(body, 'ConfigRuleNames', stringItem(NAME), { max: 25 });
    const token = optionalString(body, 'NextToken');
    const limit = optionalInteger(body, 'Limit', { min: 0, max: 50 }) || 50;
    call.authorize({
      action: 'config:DescribeConfigRuleEvaluationStatus',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    const rules = namedRules(rt, call, names);
    const statuses = scopeState(rt, call.where).status;
    const page = paginate({ items: rules, sortKey: (r) => r.name, limit, token });
    const date = (iso: string | undefined) => (iso === undefined ? undefined : new Date(iso));
    return {
      ConfigRulesEvaluationStatus: page.items.map((rule) => {
        const status = ownGet(statuses, rule.name);
        return {
          ConfigRuleName: rule.name,
          ConfigRuleArn: rule.arn,
          ConfigRuleId: rule.id,
          FirstActivatedTime: date(status?.firstActivatedTime ?? rule.createdAt),
          FirstEvaluationStarted: status?.firstEvaluationStarted ?? false,
          LastSuccessfulInvocationTime: date(status?.lastSuccessfulInvocationTime),
          LastFailedInvocationTime: date(status?.lastFailedInvocationTime),
          LastSuccessfulEvaluationTime: date(status?.lastSuccessfulEvaluationTime),
          LastErrorCode: status?.lastErrorCode,
          LastErrorMessage: status?.lastErrorMessage,
        };
      }),
      NextToken: page.nextToken,
    };
  },

  StartConfigRulesEvaluation(rt, body, call) {
    const names = list(body, 'ConfigRuleNames', stringItem(NAME), { min: 1, max: 25 });
    const rules = namedRules(rt, call, names);
    for (const rule of rules)
      call.authorize({
        action: 'config:StartConfigRulesEvaluation',
        resource: rule.arn,
        resourceAccount: call.where.accountId,
      });
    startRuleEvaluations(rt, call.where, rules);
    return {};
  },
};
