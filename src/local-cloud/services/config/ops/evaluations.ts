/**
 * Evaluation results: PutEvaluations (by a rule's function, with the result token of its invocation),
 * GetComplianceDetailsByConfigRule, DescribeComplianceByConfigRule, DescribeComplianceByResource,
 * GetComplianceSummaryByConfigRule.
 */
import { type Compliance, complianceOf, ruleCompliance } from '../compliance.js';
import { ConfigErrors } from '../errors.js';
import {
  list,
  objectItem,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalString,
  requiredString,
  requiredTimestamp,
  stringItem,
} from '../input.js';
import { namedRules, requireRule, rulesIn } from '../lookup.js';
import { paginate } from '../paging.js';
import { scopeState } from '../runtime.js';
import {
  type ComplianceType,
  type ConfigState,
  configSlice,
  ownGet,
  type StoredEvaluation,
  scopeKey,
} from '../state.js';
import type { ConfigOperations } from './types.js';

const TYPES: readonly ComplianceType[] = [
  'COMPLIANT',
  'NON_COMPLIANT',
  'NOT_APPLICABLE',
  'INSUFFICIENT_DATA',
];

function evaluationItem(now: Date, invokedAt: string) {
  return (item: unknown, path: string): StoredEvaluation => {
    const body = objectItem(item, path);
    const resourceType = requiredString(body, 'ComplianceResourceType', { max: 256 });
    const resourceId = requiredString(body, 'ComplianceResourceId', { max: 768 });
    const complianceType = optionalEnum(body, 'ComplianceType', TYPES);
    if (complianceType === undefined)
      throw ConfigErrors.invalidParameter('ComplianceType must be specified for each evaluation.');
    if (complianceType === 'INSUFFICIENT_DATA')
      throw ConfigErrors.invalidParameter(
        'The ComplianceType INSUFFICIENT_DATA is not supported for evaluations of custom rules.',
      );
    const annotation = optionalString(body, 'Annotation', { min: 1, max: 256 });
    return {
      resourceType,
      resourceId,
      complianceType,
      orderingTimestamp: requiredTimestamp(body, 'OrderingTimestamp').toISOString(),
      recordedAt: now.toISOString(),
      invokedAt,
      ...(annotation !== undefined ? { annotation } : {}),
    };
  };
}

function complianceTypes(body: Parameters<typeof list>[0], allowed: readonly ComplianceType[]) {
  return list(
    body,
    'ComplianceTypes',
    (item, path) => {
      const value = stringItem()(item, path);
      if (!(allowed as readonly string[]).includes(value))
        throw ConfigErrors.invalidParameter(`${value} is not a valid ComplianceType here.`);
      return value as ComplianceType;
    },
    { max: 3 },
  );
}

function counts(list: readonly Compliance[]) {
  const count = (type: ComplianceType) => {
    const n = list.filter((c) => c.ComplianceType === type).length;
    return { CappedCount: Math.min(n, 25), CapExceeded: n > 25 };
  };
  return { CompliantResourceCount: count('COMPLIANT'), NonCompliantResourceCount: count('NON_COMPLIANT') };
}

export const evaluationOperations: ConfigOperations = {
  PutEvaluations(rt, body, call) {
    const token = requiredString(body, 'ResultToken');
    const testMode = optionalBoolean(body, 'TestMode') ?? false;
    call.authorize({ action: 'config:PutEvaluations', resource: '*', resourceAccount: call.where.accountId });
    const issued = ownGet(rt.deps.store.get<ConfigState>(configSlice).tokens, token);
    if (!issued || issued.scope !== scopeKey(call.where)) throw ConfigErrors.invalidResultToken();
    const evaluations =
      list(body, 'Evaluations', evaluationItem(call.now, issued.invokedAt), { max: 100 }) ?? [];
    const rule = ownGet(scopeState(rt, call.where).rules, issued.ruleName);
    if (!rule || rule.id !== issued.ruleId) throw ConfigErrors.invalidResultToken();
    if (!testMode && evaluations.length > 0) {
      rt.deps.store.dispatch(configSlice, 'putEvaluations', {
        scope: issued.scope,
        ruleName: rule.name,
        evaluations,
        at: call.now.toISOString(),
      });
    }
    return { FailedEvaluations: [] };
  },

  GetComplianceDetailsByConfigRule(rt, body, call) {
    const name = requiredString(body, 'ConfigRuleName', { max: 128 });
    const types = complianceTypes(body, ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']);
    const limit = optionalInteger(body, 'Limit', { min: 0, max: 100 }) || 10;
    const token = optionalString(body, 'NextToken');
    const rule = requireRule(rt, call, name, 'config:GetComplianceDetailsByConfigRule');
    const results = Object.values(ownGet(scopeState(rt, call.where).evaluations, rule.name) ?? {}).filter(
      (e) => !types?.length || types.includes(e.complianceType),
    );
    const page = paginate({
      items: results,
      sortKey: (e) => `${e.resourceType}|${e.resourceId}`,
      limit,
      token,
    });
    return {
      EvaluationResults: page.items.map((e) => ({
        EvaluationResultIdentifier: {
          EvaluationResultQualifier: {
            ConfigRuleName: rule.name,
            ResourceType: e.resourceType,
            ResourceId: e.resourceId,
            EvaluationMode: 'DETECTIVE',
          },
          OrderingTimestamp: new Date(e.orderingTimestamp),
        },
        ComplianceType: e.complianceType,
        ResultRecordedTime: new Date(e.recordedAt),
        ConfigRuleInvokedTime: new Date(e.invokedAt),
        Annotation: e.annotation,
      })),
      NextToken: page.nextToken,
    };
  },

  DescribeComplianceByConfigRule(rt, body, call) {
    const names = list(body, 'ConfigRuleNames', stringItem({ min: 1, max: 128 }), { max: 25 });
    const types = complianceTypes(body, ['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA']);
    const token = optionalString(body, 'NextToken');
    call.authorize({
      action: 'config:DescribeComplianceByConfigRule',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    const evaluations = scopeState(rt, call.where).evaluations;
    const rows = namedRules(rt, call, names)
      .map((rule) => ({
        ConfigRuleName: rule.name,
        Compliance: ruleCompliance(ownGet(evaluations, rule.name)),
      }))
      .filter((row) => !types?.length || types.includes(row.Compliance.ComplianceType));
    const page = paginate({ items: rows, sortKey: (r) => r.ConfigRuleName, limit: 25, token });
    return { ComplianceByConfigRules: page.items, NextToken: page.nextToken };
  },

  DescribeComplianceByResource(rt, body, call) {
    const resourceType = optionalString(body, 'ResourceType', { min: 1, max: 256 });
    const resourceId = optionalString(body, 'ResourceId', { min: 1, max: 768 });
    const types = complianceTypes(body, ['COMPLIANT', 'NON_COMPLIANT', 'INSUFFICIENT_DATA']);
    const limit = optionalInteger(body, 'Limit', { min: 0, max: 100 }) || 10;
    const token = optionalString(body, 'NextToken');
    if (resourceId !== undefined && resourceType === undefined)
      throw ConfigErrors.invalidParameter('ResourceType is required when ResourceId is given.');
    call.authorize({
      action: 'config:DescribeComplianceByResource',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    const byResource = new Map<string, { type: string; id: string; results: ComplianceType[] }>();
    for (const results of Object.values(scopeState(rt, call.where).evaluations)) {
      for (const e of Object.values(results)) {
        if (resourceType !== undefined && e.resourceType !== resourceType) continue;
        if (resourceId !== undefined && e.resourceId !== resourceId) continue;
        const key = `${e.resourceType}|${e.resourceId}`;
        const entry = byResource.get(key) ?? { type: e.resourceType, id: e.resourceId, results: [] };
        entry.results.push(e.complianceType);
        byResource.set(key, entry);
      }
    }
    const rows = [...byResource.values()]
      .map((r) => ({ ResourceType: r.type, ResourceId: r.id, Compliance: complianceOf(r.results) }))
      .filter((row) => !types?.length || types.includes(row.Compliance.ComplianceType));
    const page = paginate({ items: rows, sortKey: (r) => `${r.ResourceType}|${r.ResourceId}`, limit, token });
    return { ComplianceByResources: page.items, NextToken: page.nextToken };
  },

  GetComplianceSummaryByConfigRule(rt, _body, call) {
    call.authorize({
      action: 'config:GetComplianceSummaryByConfigRule',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    const evaluations = scopeState(rt, call.where).evaluations;
    const compliance = rulesIn(rt, call).map((rule) => ruleCompliance(ownGet(evaluations, rule.name)));
    return { ComplianceSummary: { ...counts(compliance), ComplianceSummaryTimestamp: call.now } };
  },
};
