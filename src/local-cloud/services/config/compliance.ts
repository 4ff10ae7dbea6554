/** Compliance of a rule or a resource, summed up from evaluation results as AWS Config does (pure). */
import type { ComplianceType, StoredEvaluation } from './state.js';

/** Counts AWS caps at 100 (`CapExceeded` beyond). */
const CAP = 100;

export interface Compliance {
  ComplianceType: ComplianceType;
  ComplianceContributorCount?: { CappedCount: number; CapExceeded: boolean };
}

function counted(type: ComplianceType, count: number): Compliance {
  return {
    ComplianceType: type,
    ComplianceContributorCount: { CappedCount: Math.min(count, CAP), CapExceeded: count > CAP },
  };
}

/**
 * NON_COMPLIANT (with the number of noncompliant results) when any result is; COMPLIANT when all
 * applicable results are; INSUFFICIENT_DATA when there are none (NOT_APPLICABLE results do not count).
 */
export function complianceOf(types: readonly ComplianceType[]): Compliance {
  const nonCompliant = types.filter((t) => t === 'NON_COMPLIANT').length;
  if (nonCompliant > 0) return counted('NON_COMPLIANT', nonCompliant);
  if (types.includes('COMPLIANT')) return { ComplianceType: 'COMPLIANT' };
  if (types.length > 0 && types.every((t) => t === 'NOT_APPLICABLE'))
    return { ComplianceType: 'NOT_APPLICABLE' };
  return { ComplianceType: 'INSUFFICIENT_DATA' };
}

export function ruleCompliance(evaluations: Record<string, StoredEvaluation> | undefined): Compliance {
  return complianceOf(Object.values(evaluations ?? {}).map((e) => e.complianceType));
}
