/**
 * AWS Config state per account and region ("scope" `<account>/<region>`): rules, their evaluation
 * results and evaluation status, and configuration items given by PutResourceConfig; plus the result
 * tokens issued to rule invocations. Changed only through the reducers below; times and IDs come in the
 * payloads. Names are user strings, so maps are read and written through `ownGet` / `ownSet`.
 */
import type { SliceDefinition } from '../../state/store.js';

export type Owner = 'AWS' | 'CUSTOM_LAMBDA' | 'CUSTOM_POLICY';
export type MessageType =
  | 'ConfigurationItemChangeNotification'
  | 'ConfigurationSnapshotDeliveryCompleted'
  | 'ScheduledNotification'
  | 'OversizedConfigurationItemChangeNotification';
export type Frequency = 'One_Hour' | 'Three_Hours' | 'Six_Hours' | 'Twelve_Hours' | 'TwentyFour_Hours';
export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

export interface Tag {
  Key: string;
  Value: string;
}

export interface SourceDetail {
  EventSource: 'aws.config';
  MessageType: MessageType;
  MaximumExecutionFrequency?: Frequency;
}

export interface RuleSource {
  Owner: Owner;
  SourceIdentifier?: string;
  SourceDetails: SourceDetail[];
  /** CUSTOM_POLICY rules: kept and described back, not evaluated. */
  CustomPolicyDetails?: unknown;
}

export interface RuleScope {
  ComplianceResourceTypes?: string[];
  TagKey?: string;
  TagValue?: string;
  ComplianceResourceId?: string;
}

export interface StoredConfigRule {
  name: string;
  arn: string;
  id: string;
  description?: string;
  scope?: RuleScope;
  source: RuleSource;
  inputParameters?: string;
  maximumExecutionFrequency?: Frequency;
  /** ISO 8601. */
  createdAt: string;
  tags: Tag[];
}

export interface StoredEvaluation {
  resourceType: string;
  resourceId: string;
  complianceType: ComplianceType;
  annotation?: string;
  /** ISO 8601 (all three). */
  orderingTimestamp: string;
  recordedAt: string;
  invokedAt: string;
}

/** What DescribeConfigRuleEvaluationStatus reports (ISO 8601 times). */
export interface RuleStatus {
  firstActivatedTime: string;
  firstEvaluationStarted: boolean;
  lastSuccessfulInvocationTime?: string;
  lastFailedInvocationTime?: string;
  lastSuccessfulEvaluationTime?: string;
  lastErrorCode?: string;
  lastErrorMessage?: string;
}

/** A configuration item given by PutResourceConfig. */
export interface StoredResource {
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  schemaVersionId: string;
  /** JSON text, as given. */
  configuration: string;
  tags: Record<string, string>;
  /** ISO 8601. */
  capturedAt: string;
  createdAt: string;
  /** 1 for the first item of the resource, then counting up (the configurationStateId). */
  stateId: number;
}

export interface ConfigScope {
  rules: Record<string, StoredConfigRule>;
  /** By rule name, then by `resourceType|resourceId`. */
  evaluations: Record<string, Record<string, StoredEvaluation>>;
  status: Record<string, RuleStatus>;
  /** By `resourceType|resourceId`. */
  resources: Record<string, StoredResource>;
}

export interface IssuedToken {
  scope: string;
  ruleName: string;
  ruleId: string;
  /** ISO 8601: when the rule's function was invoked with it. */
  invokedAt: string;
}

export interface ConfigState {
  scopes: Record<string, ConfigScope>;
  /** Result tokens by token text (the oldest are dropped past `MAX_TOKENS`). */
  tokens: Record<string, IssuedToken>;
  /** Counts rules created and tokens issued: the seed of rule IDs and tokens. */
  serial: number;
}

export const MAX_TOKENS = 10_000;

export function ownGet<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function ownSet<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

export function scopeKey(where: { accountId: string; region: string }): string {
  return `${where.accountId}/${where.region}`;
}

export function resourceKey(type: string, id: string): string {
  return `${type}|${id}`;
}

function scopeOf(state: ConfigState, scope: string): ConfigScope {
  let found = ownGet(state.scopes, scope);
  if (!found) {
    found = { rules: {}, evaluations: {}, status: {}, resources: {} };
    ownSet(state.scopes, scope, found);
  }
  return found;
}

export const configSlice: SliceDefinition<ConfigState> = {
  name: 'config',
  initial: () => ({ scopes: {}, tokens: {}, serial: 0 }),
  reducers: {
    /** Creates or replaces a rule (an update keeps its ARN, ID, creation time and tags). */
    putRule(state, p: { scope: string; rule: StoredConfigRule; serial: number }) {
      state.serial = Math.max(state.serial, p.serial);
      const scope = scopeOf(state, p.scope);
      const existing = ownGet(scope.rules, p.rule.name);
      ownSet(
        scope.rules,
        p.rule.name,
        existing
          ? {
              ...p.rule,
              arn: existing.arn,
              id: existing.id,
              createdAt: existing.createdAt,
              tags: existing.tags,
            }
          : p.rule,
      );
      if (!ownGet(scope.status, p.rule.name))
        ownSet(scope.status, p.rule.name, {
          firstActivatedTime: p.rule.createdAt,
          firstEvaluationStarted: false,
        });
    },
    deleteRule(state, p: { scope: string; name: string }) {
      const scope = ownGet(state.scopes, p.scope);
      if (!scope) return;
      delete scope.rules[p.name];
      delete scope.evaluations[p.name];
      delete scope.status[p.name];
    },
    issueToken(state, p: { token: string; issued: IssuedToken; serial: number }) {
      state.serial = Math.max(state.serial, p.serial);
      ownSet(state.tokens, p.token, p.issued);
      const tokens = Object.keys(state.tokens);
      for (const old of tokens.slice(0, Math.max(0, tokens.length - MAX_TOKENS))) delete state.tokens[old];
    },
    /** Records evaluations; a result older (by OrderingTimestamp) than the stored one is ignored. */
    putEvaluations(
      state,
      p: { scope: string; ruleName: string; evaluations: StoredEvaluation[]; at: string },
    ) {
      const scope = scopeOf(state, p.scope);
      if (!ownGet(scope.rules, p.ruleName)) return;
      let results = ownGet(scope.evaluations, p.ruleName);
      if (!results) {
        results = {};
        ownSet(scope.evaluations, p.ruleName, results);
      }
      for (const evaluation of p.evaluations) {
        const key = resourceKey(evaluation.resourceType, evaluation.resourceId);
        const existing = ownGet(results, key);
        if (existing && existing.orderingTimestamp > evaluation.orderingTimestamp) continue;
        ownSet(results, key, evaluation);
      }
      const status = ownGet(scope.status, p.ruleName);
      if (status) status.lastSuccessfulEvaluationTime = p.at;
    },
    invocationResult(
      state,
      p: { scope: string; ruleName: string; at: string; error?: { code: string; message: string } },
    ) {
      const status = ownGet(ownGet(state.scopes, p.scope)?.status ?? {}, p.ruleName);
      if (!status) return;
      status.firstEvaluationStarted = true;
      if (p.error) {
        status.lastFailedInvocationTime = p.at;
        status.lastErrorCode = p.error.code;
        status.lastErrorMessage = p.error.message;
      } else {
        status.lastSuccessfulInvocationTime = p.at;
      }
    },
    putResource(state, p: { scope: string; resource: StoredResource }) {
      const scope = scopeOf(state, p.scope);
      const key = resourceKey(p.resource.resourceType, p.resource.resourceId);
      const existing = ownGet(scope.resources, key);
      ownSet(
        scope.resources,
        key,
        existing
          ? { ...p.resource, createdAt: existing.createdAt, stateId: existing.stateId + 1 }
          : p.resource,
      );
    },
    deleteResource(state, p: { scope: string; resourceType: string; resourceId: string }) {
      const scope = ownGet(state.scopes, p.scope);
      if (scope) delete scope.resources[resourceKey(p.resourceType, p.resourceId)];
    },
  },
};

export const configSlices = [configSlice];
