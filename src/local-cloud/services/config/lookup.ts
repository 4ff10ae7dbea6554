/** Finding rules and authorizing actions on them (IAM is asked before the rule is looked up). */
import { ConfigErrors } from './errors.js';
import type { ConfigCall, ConfigRuntime } from './runtime.js';
import { scopeState } from './runtime.js';
import { ownGet, type StoredConfigRule } from './state.js';

export function rulesIn(rt: ConfigRuntime, call: ConfigCall): StoredConfigRule[] {
  return Object.values(scopeState(rt, call.where).rules);
}

export function findRule(rt: ConfigRuntime, call: ConfigCall, name: string): StoredConfigRule | undefined {
  return ownGet(scopeState(rt, call.where).rules, name);
}

/** Authorizes `action` on the rule (its ARN, or `*` while it does not exist); returns it if it exists. */
export function authorizeOnRule(
  rt: ConfigRuntime,
  call: ConfigCall,
  name: string,
  action: string,
): StoredConfigRule | undefined {
  const rule = findRule(rt, call, name);
  call.authorize({ action, resource: rule?.arn ?? '*', resourceAccount: call.where.accountId });
  return rule;
}

export function requireRule(
  rt: ConfigRuntime,
  call: ConfigCall,
  name: string,
  action: string,
): StoredConfigRule {
  const rule = authorizeOnRule(rt, call, name, action);
  if (!rule) throw ConfigErrors.noSuchRule(name);
  return rule;
}

/** The named rules (all when no names are given); an unknown name fails the request. */
export function namedRules(
  rt: ConfigRuntime,
  call: ConfigCall,
  names: string[] | undefined,
): StoredConfigRule[] {
  if (names === undefined || names.length === 0) return rulesIn(rt, call);
  return names.map((name) => {
    const rule = findRule(rt, call, name);
    if (!rule) throw ConfigErrors.noSuchRule(name);
    return rule;
  });
}
