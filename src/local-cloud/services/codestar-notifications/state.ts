/**
 * CodeStar Notifications state: notification rules by ARN (with their targets, tags and the client
 * request token they were created with) and the targets of each account and region, which outlive the
 * rules they were subscribed to until DeleteTarget. Times are epoch milliseconds from the payloads.
 * Changed only through the reducers below.
 */
import type { SliceDefinition } from '../../state/store.js';

export const DETAIL_TYPES = ['BASIC', 'FULL'] as const;
export const RULE_STATUSES = ['ENABLED', 'DISABLED'] as const;
export const TARGET_TYPES = ['SNS', 'AWSChatbotSlack'] as const;

export type DetailType = (typeof DETAIL_TYPES)[number];
export type RuleStatus = (typeof RULE_STATUSES)[number];
export type TargetType = (typeof TARGET_TYPES)[number];

export interface RuleTarget {
  TargetType: TargetType;
  TargetAddress: string;
}

export interface StoredRule {
  arn: string;
  id: string;
  accountId: string;
  region: string;
  name: string;
  resource: string;
  detailType: DetailType;
  status: RuleStatus;
  eventTypeIds: string[];
  targets: RuleTarget[];
  tags: Record<string, string>;
  createdBy: string;
  created: number;
  lastModified: number;
  clientRequestToken?: string;
}

export interface StoredTarget extends RuleTarget {
  accountId: string;
  region: string;
}

export interface NotificationsState {
  rules: Record<string, StoredRule>;
  /** By `<account>/<region>/<address>`. */
  targets: Record<string, StoredTarget>;
  /** The last ID number handed out. */
  serial: number;
}

export function targetKey(t: { accountId: string; region: string; TargetAddress: string }): string {
  return `${t.accountId}/${t.region}/${t.TargetAddress}`;
}

function remember(state: NotificationsState, rule: StoredRule): void {
  for (const target of rule.targets) {
    const stored = { ...target, accountId: rule.accountId, region: rule.region };
    state.targets[targetKey(stored)] = stored;
  }
}

export const notificationsSlice: SliceDefinition<NotificationsState> = {
  name: 'codestar-notifications',
  initial: () => ({ rules: {}, targets: {}, serial: 0 }),
  reducers: {
    create: (state, payload: { rule: StoredRule; serial: number }) => {
      state.rules[payload.rule.arn] = payload.rule;
      state.serial = Math.max(state.serial, payload.serial);
      remember(state, payload.rule);
    },
    /** Replaces a rule's members (tags are changed by `tag`/`untag`). */
    update: (state, payload: { rule: StoredRule }) => {
      const current = state.rules[payload.rule.arn];
      if (!current) return;
      state.rules[payload.rule.arn] = { ...payload.rule, tags: current.tags };
      remember(state, payload.rule);
    },
    delete: (state, payload: { arn: string }) => {
      delete state.rules[payload.arn];
    },
    tag: (state, payload: { arn: string; tags: Record<string, string> }) => {
      const rule = state.rules[payload.arn];
      if (rule) Object.assign(rule.tags, payload.tags);
    },
    untag: (state, payload: { arn: string; keys: string[] }) => {
      const rule = state.rules[payload.arn];
      if (rule) for (const key of payload.keys) delete rule.tags[key];
    },
    /** Removes a target everywhere: from the account's targets and from every rule of the account. */
    deleteTarget: (state, payload: { accountId: string; region: string; address: string }) => {
      delete state.targets[targetKey({ ...payload, TargetAddress: payload.address })];
      for (const rule of Object.values(state.rules)) {
        if (rule.accountId !== payload.accountId || rule.region !== payload.region) continue;
        rule.targets = rule.targets.filter((t) => t.TargetAddress !== payload.address);
      }
    },
  },
};
