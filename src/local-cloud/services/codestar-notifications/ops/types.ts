/**
 * The shape of a CodeStar Notifications operation and what the operations share: the call (with the
 * caller's ARN, which becomes a rule's CreatedBy), finding a rule (authorized on its ARN first), and the
 * condition keys of a request about a rule.
 */
import type { StateStore } from '../../../state/store.js';
import type { CodeCall } from '../../codepipeline/call.js';
import type { Fields } from '../../shared/fields.js';
import type { ServiceDeps } from '../../deps.js';
import { NotificationErrors } from '../errors.js';
import { RULE_ARN_PATTERN } from '../names.js';
import { type NotificationsState, notificationsSlice, type StoredRule } from '../state.js';

export interface NotificationsCall extends CodeCall {
  /** The caller's ARN. */
  readonly principalArn: string;
}

export type NotificationsOperation = (deps: ServiceDeps, f: Fields, call: NotificationsCall) => unknown;
export type NotificationsOperations = Readonly<Record<string, NotificationsOperation>>;

export type ContextKeys = Record<string, string | string[]>;

export function stateOf(store: StateStore): NotificationsState {
  return store.get<NotificationsState>(notificationsSlice);
}

/** `codestar-notifications:NotificationsForResource`: the resource the rule is about. */
export function ruleContext(resource: string, more: ContextKeys = {}): ContextKeys {
  return { 'codestar-notifications:NotificationsForResource': resource, ...more };
}

/** The rule ARN member (`Arn`), checked against the model's pattern. */
export function ruleArnOf(f: Fields): string {
  return f.requiredString('Arn', { max: 2048, pattern: RULE_ARN_PATTERN });
}

/** Authorizes `action` on the rule's ARN, then returns the rule (ResourceNotFoundException if none). */
export function requireRule(
  store: StateStore,
  call: NotificationsCall,
  arn: string,
  action: string,
  contextKeys: ContextKeys = {},
): StoredRule {
  const rule = stateOf(store).rules[arn];
  call.authorize({
    action,
    resource: arn,
    contextKeys: rule ? ruleContext(rule.resource, contextKeys) : contextKeys,
  });
  if (!rule) throw NotificationErrors.notFound(arn);
  return rule;
}

/** Rules of the caller's account and region. */
export function rulesInScope(store: StateStore, call: CodeCall): StoredRule[] {
  return Object.values(stateOf(store).rules).filter(
    (r) => r.accountId === call.where.accountId && r.region === call.where.region,
  );
}
