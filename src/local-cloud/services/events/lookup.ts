/**
 * Finding rules and authorizing actions on them. IAM is asked before the rule is looked up (as AWS does).
 */
import type { StateStore } from '../../state/store.js';
import { EventsErrors } from './errors.js';
import { DEFAULT_BUS, ruleArn, type Where } from './names.js';
import type { EventsCall } from './runtime.js';
import { type EventsState, eventsSlice, type StoredRule, scopeKey } from './state.js';

type ContextKeys = Record<string, string | string[] | undefined>;

export function rulesIn(store: StateStore, where: Where): StoredRule[] {
  return Object.values(store.get<EventsState>(eventsSlice).scopes[scopeKey(where)]?.rules ?? {});
}

export function findRule(store: StateStore, where: Where, name: string): StoredRule | undefined {
  return store.get<EventsState>(eventsSlice).scopes[scopeKey(where)]?.rules[name];
}

/** Authorizes `action` on the rule `name` of the caller's account; returns the rule if it exists. */
export function authorizeOnRule(
  store: StateStore,
  call: EventsCall,
  name: string,
  action: string,
  contextKeys: ContextKeys = {},
): StoredRule | undefined {
  const rule = findRule(store, call.where, name);
  const keys: ContextKeys = {};
  for (const tag of rule?.tags ?? []) keys[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  call.authorize({
    action,
    resource: ruleArn(call.where, name),
    resourceAccount: call.where.accountId,
    contextKeys: { ...keys, ...contextKeys },
  });
  return rule;
}

export function requireRule(
  store: StateStore,
  call: EventsCall,
  name: string,
  action: string,
  contextKeys?: ContextKeys,
): StoredRule {
  const rule = authorizeOnRule(store, call, name, action, contextKeys);
  if (!rule) throw EventsErrors.ruleNotFound(name, DEFAULT_BUS);
  return rule;
}

/** The caller must be allowed to pass `roleArn` to EventBridge (`iam:PassRole`), as on AWS. */
export function authorizePassRole(call: EventsCall, roleArn: string): void {
  call.authorize({
    action: 'iam:PassRole',
    resource: roleArn,
    contextKeys: { 'iam:PassedToService': 'events.amazonaws.com' },
  });
}
