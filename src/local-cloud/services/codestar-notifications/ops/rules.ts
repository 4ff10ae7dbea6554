/**
 * Notification rules: CreateNotificationRule (idempotent per ClientRequestToken), DescribeNotificationRule,
 * UpdateNotificationRule, DeleteNotificationRule (succeeds when the rule is gone, as on AWS) and
 * ListNotificationRules with its filters. Authorized as `codestar-notifications:<Action>` on the rule's ARN
 * with `codestar-notifications:NotificationsForResource`; listing on `*`.
 */
import { requestTagKeys } from '../../codepipeline/call.js';
import { paginate } from '../../shared/paging.js';
import { NotificationErrors } from '../errors.js';
import { findEventType, parseSource } from '../event-types.js';
import {
  RULE_NAME,
  readEventTypeIds,
  readFilters,
  readPage,
  readResource,
  readTagMap,
  readTargets,
  TOKEN,
} from '../input.js';
import { ruleArn, ruleId } from '../names.js';
import { DETAIL_TYPES, notificationsSlice, RULE_STATUSES, type StoredRule } from '../state.js';
import {
  type NotificationsOperations,
  requireRule,
  ruleArnOf,
  ruleContext,
  rulesInScope,
  stateOf,
} from './types.js';

const RULE_FILTERS = ['EVENT_TYPE_ID', 'CREATED_BY', 'RESOURCE', 'TARGET_ADDRESS'] as const;

/** Whether a rule passes a ListNotificationRules filter. */
const RULE_TESTS: Readonly<
  Record<(typeof RULE_FILTERS)[number], (rule: StoredRule, value: string) => boolean>
> = {
  EVENT_TYPE_ID: (rule, value) => rule.eventTypeIds.includes(value),
  CREATED_BY: (rule, value) => rule.createdBy === value,
  RESOURCE: (rule, value) => rule.resource === value,
  TARGET_ADDRESS: (rule, value) => rule.targets.some((t) => t.TargetAddress === value),
};

/** DescribeNotificationRule's answer. */
export function describeRule(rule: StoredRule) {
  return {
    Arn: rule.arn,
    Name: rule.name,
    EventTypes: rule.eventTypeIds.map((id) => findEventType(id)).filter((e) => e !== undefined),
    Resource: rule.resource,
    Targets: rule.targets.map((t) => ({ ...t, TargetStatus: 'ACTIVE' })),
    DetailType: rule.detailType,
    CreatedBy: rule.createdBy,
    Status: rule.status,
    CreatedTimestamp: new Date(rule.created),
    LastModifiedTimestamp: new Date(rule.lastModified),
    Tags: rule.tags,
  };
}

function nameTaken(name: string): Error {
  return NotificationErrors.alreadyExists(`A notification rule with the name '${name}' already exists.`);
}

export const ruleOperations: NotificationsOperations = {
  CreateNotificationRule(deps, f, call) {
    const name = f.requiredString('Name', RULE_NAME);
    const resource = readResource(f, call.where);
    const eventTypeIds = readEventTypeIds(f, resource.source.kind, true)!;
    const targets = readTargets(f, call.where, true)!;
    const detailType = f.requiredEnum('DetailType', DETAIL_TYPES);
    const status = f.enumOf('Status', RULE_STATUSES) ?? 'ENABLED';
    const tags = readTagMap(f) ?? {};
    const token = f.string('ClientRequestToken', TOKEN);
    const serial = stateOf(deps.store).serial + 1;
    const id = ruleId(call.where, serial);
    const arn = ruleArn(call.where, id);
    call.authorize({
      action: 'codestar-notifications:CreateNotificationRule',
      resource: arn,
      contextKeys: ruleContext(resource.arn, requestTagKeys(tags)),
    });
    const existing = rulesInScope(deps.store, call).find((r) => r.name === name);
    if (existing) {
      // The same request again (the SDKs send a token per call): the rule it created.
      if (
        token !== undefined &&
        existing.clientRequestToken === token &&
        existing.resource === resource.arn
      ) {
        return { Arn: existing.arn };
      }
      throw nameTaken(name);
    }
    const at = call.now.getTime();
    const rule: StoredRule = {
      arn,
      id,
      accountId: call.where.accountId,
      region: call.where.region,
      name,
      resource: resource.arn,
      detailType,
      status,
      eventTypeIds,
      targets,
      tags,
      createdBy: call.principalArn,
      created: at,
      lastModified: at,
    };
    if (token !== undefined) rule.clientRequestToken = token;
    deps.store.dispatch(notificationsSlice, 'create', { rule, serial });
    return { Arn: arn };
  },

  DescribeNotificationRule(deps, f, call) {
    const arn = ruleArnOf(f);
    return describeRule(
      requireRule(deps.store, call, arn, 'codestar-notifications:DescribeNotificationRule'),
    );
  },

  UpdateNotificationRule(deps, f, call) {
    const arn = ruleArnOf(f);
    const name = f.string('Name', { min: 1, ...RULE_NAME });
    const detailType = f.enumOf('DetailType', DETAIL_TYPES);
    const status = f.enumOf('Status', RULE_STATUSES);
    const rule = requireRule(deps.store, call, arn, 'codestar-notifications:UpdateNotificationRule');
    const kind = parseSource(rule.resource)!.kind;
    const eventTypeIds = readEventTypeIds(f, kind, false);
    const targets = readTargets(f, call.where, false);
    if (name !== undefined && name !== rule.name) {
      const taken = rulesInScope(deps.store, call).some((r) => r.name === name && r.arn !== arn);
      if (taken) throw nameTaken(name);
    }
    const next: StoredRule = {
      ...rule,
      name: name ?? rule.name,
      detailType: detailType ?? rule.detailType,
      status: status ?? rule.status,
      eventTypeIds: eventTypeIds ?? rule.eventTypeIds,
      targets: targets ?? rule.targets,
      lastModified: call.now.getTime(),
    };
    deps.store.dispatch(notificationsSlice, 'update', { rule: next });
    return {};
  },

  DeleteNotificationRule(deps, f, call) {
    const arn = ruleArnOf(f);
    const rule = stateOf(deps.store).rules[arn];
    call.authorize({
      action: 'codestar-notifications:DeleteNotificationRule',
      resource: arn,
      contextKeys: rule ? ruleContext(rule.resource) : {},
    });
    if (rule) deps.store.dispatch(notificationsSlice, 'delete', { arn });
    return { Arn: arn };
  },

  ListNotificationRules(deps, f, call) {
    const filters = readFilters(f, RULE_FILTERS);
    const { limit, token } = readPage(f);
    call.authorize({ action: 'codestar-notifications:ListNotificationRules', resource: '*' });
    const matches = (rule: StoredRule) => filters.every(({ name, value }) => RULE_TESTS[name](rule, value));
    const page = paginate({
      items: rulesInScope(deps.store, call).filter(matches),
      sortKey: (r) => r.arn,
      limit,
      token,
      invalidToken: NotificationErrors.invalidToken,
    });
    return {
      NotificationRules: page.items.map((r) => ({ Id: r.id, Arn: r.arn })),
      NextToken: page.nextToken,
    };
  },
};
