/**
 * EventBridge state: rules of the default event bus per account and region ("scope"
 * `<account>/<region>`) with their targets and tags, and the record of deliveries to targets. Changed only
 * through the reducers below; timestamps and IDs come in the payloads.
 */
import type { SliceDefinition } from '../../state/store.js';

export interface Tag {
  Key: string;
  Value: string;
}

/** A target as PutTargets gave it (members the local cloud does not act on are kept and listed back). */
export interface StoredTarget {
  Id: string;
  Arn: string;
  RoleArn?: string;
  Input?: string;
  InputPath?: string;
  InputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  [member: string]: unknown;
}

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS';

export interface StoredRule {
  name: string;
  arn: string;
  eventBusName: string;
  eventPattern?: string;
  scheduleExpression?: string;
  state: RuleState;
  description?: string;
  roleArn?: string;
  /** The account that created the rule. */
  createdBy: string;
  /** ISO 8601: when the rule was created (rate schedules count from here). */
  createdAt: string;
  tags: Tag[];
  targets: StoredTarget[];
}

export type DeliveryStatus = 'Pending' | 'Delivered' | 'Failed' | 'NoHandler';

export interface DeliveryRecord {
  eventId: string;
  ruleName: string;
  ruleArn: string;
  targetId: string;
  targetArn: string;
  /** What the target was given (JSON text). */
  input: string;
  /** ISO 8601. */
  at: string;
  status: DeliveryStatus;
  error?: string;
}

export interface EventsScope {
  /** By rule name. */
  rules: Record<string, StoredRule>;
  /** Newest last; at most `MAX_DELIVERIES` are kept. */
  deliveries: DeliveryRecord[];
}

export interface EventsState {
  scopes: Record<string, EventsScope>;
  /** Counts events sent and rules fired: the seed of event IDs. */
  serial: number;
}

/** Deliveries kept per account and region (older ones are dropped). */
export const MAX_DELIVERIES = 1000;

export function scopeKey(where: { accountId: string; region: string }): string {
  return `${where.accountId}/${where.region}`;
}

function scopeOf(state: EventsState, scope: string): EventsScope {
  let found = state.scopes[scope];
  if (!found) {
    found = { rules: {}, deliveries: [] };
    state.scopes[scope] = found;
  }
  return found;
}

interface RuleRef {
  scope: string;
  rule: string;
}

function ruleOf(state: EventsState, payload: RuleRef): StoredRule | undefined {
  return state.scopes[payload.scope]?.rules[payload.rule];
}

export const eventsSlice: SliceDefinition<EventsState> = {
  name: 'events',
  initial: () => ({ scopes: {}, serial: 0 }),
  reducers: {
    /** Creates a rule, or replaces its definition (targets and tags stay, as PutRule keeps them). */
    putRule: (state, payload: { scope: string; rule: StoredRule }) => {
      const rules = scopeOf(state, payload.scope).rules;
      const existing = rules[payload.rule.name];
      rules[payload.rule.name] = existing
        ? { ...payload.rule, createdAt: existing.createdAt, tags: existing.tags, targets: existing.targets }
        : payload.rule;
    },
    deleteRule: (state, payload: RuleRef) => {
      const scope = state.scopes[payload.scope];
      if (scope) delete scope.rules[payload.rule];
    },
    setRuleState: (state, payload: RuleRef & { state: RuleState }) => {
      const rule = ruleOf(state, payload);
      if (rule) rule.state = payload.state;
    },
    putTargets: (state, payload: RuleRef & { targets: StoredTarget[] }) => {
      const rule = ruleOf(state, payload);
      if (!rule) return;
      for (const target of payload.targets) {
        const at = rule.targets.findIndex((t) => t.Id === target.Id);
        if (at >= 0) rule.targets[at] = target;
        else rule.targets.push(target);
      }
    },
    removeTargets: (state, payload: RuleRef & { ids: string[] }) => {
      const rule = ruleOf(state, payload);
      if (rule) rule.targets = rule.targets.filter((t) => !payload.ids.includes(t.Id));
    },
    tagRule: (state, payload: RuleRef & { tags: Tag[] }) => {
      const rule = ruleOf(state, payload);
      if (!rule) return;
      for (const tag of payload.tags) {
        const existing = rule.tags.find((t) => t.Key === tag.Key);
        if (existing) existing.Value = tag.Value;
        else rule.tags.push({ Key: tag.Key, Value: tag.Value });
      }
    },
    untagRule: (state, payload: RuleRef & { keys: string[] }) => {
      const rule = ruleOf(state, payload);
      if (rule) rule.tags = rule.tags.filter((t) => !payload.keys.includes(t.Key));
    },
    /** Records events sent (advancing the serial) and the deliveries they caused. */
    recordEvents: (state, payload: { scope: string; serial: number; deliveries: DeliveryRecord[] }) => {
      state.serial = Math.max(state.serial, payload.serial);
      if (payload.deliveries.length === 0) return;
      const scope = scopeOf(state, payload.scope);
      scope.deliveries.push(...payload.deliveries);
      if (scope.deliveries.length > MAX_DELIVERIES)
        scope.deliveries.splice(0, scope.deliveries.length - MAX_DELIVERIES);
    },
    deliveryResult: (
      state,
      payload: {
        scope: string;
        eventId: string;
        ruleArn: string;
        targetId: string;
        status: DeliveryStatus;
        error?: string;
      },
    ) => {
      const record = state.scopes[payload.scope]?.deliveries.find(
        (d) =>
          d.eventId === payload.eventId && d.ruleArn === payload.ruleArn && d.targetId === payload.targetId,
      );
      if (!record) return;
      record.status = payload.status;
      if (payload.error !== undefined) record.error = payload.error;
    },
  },
};
