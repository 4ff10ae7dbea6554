/**
 * A function's target filter, in a template that is deployed everywhere
 * unchanged. Regions and 12-digit account IDs become a CloudFormation
 * Condition on the function's nested stack. Account names and OU paths mean
 * nothing inside CloudFormation; they are handed to the deploy engine instead.
 */
import type { TargetFilter } from '../../config/schema.js';
import { CloudFormationLimits } from '../../limits.js';
import { type CfnValue, compareStrings, fnAnd, fnEquals, fnNot, fnOr, ref } from './cfn.js';

export interface DeferredTargets {
  /** Deploy only to these accounts (names or OU paths, possibly mixed with IDs). */
  accounts?: string[];
  /** Do not deploy to these accounts (names or OU paths). */
  excludeAccounts?: string[];
}

export interface TargetPlan {
  /** Condition expression for the function's nested stack; undefined: deploy everywhere. */
  condition?: CfnValue;
  /** What the template cannot express; undefined when nothing. */
  deferred?: DeferredTargets;
}

const isAccountId = (value: string) => /^\d{12}$/.test(value);
const distinctSorted = (values: string[]) => [...new Set(values)].sort(compareStrings);

/**
 * `pseudo` equals one of `values`. Fn::Or takes 2 to 10 conditions, so longer
 * lists become an Or of Ors, in groups of at most 10, as deep as needed.
 */
export function anyOf(
  pseudo: 'AWS::Region' | 'AWS::AccountId',
  values: string[],
  maxPerOr: number = CloudFormationLimits.maxConditionsInOr,
): CfnValue {
  if (values.length === 0) throw new Error('anyOf needs at least one value');
  let level: CfnValue[] = values.map((v) => fnEquals(ref(pseudo), v));
  while (level.length > 1) {
    const next: CfnValue[] = [];
    for (let i = 0; i < level.length; i += maxPerOr) {
      const group = level.slice(i, i + maxPerOr);
      next.push(group.length === 1 ? group[0]! : fnOr(group));
    }
    level = next;
  }
  return level[0]!;
}

/** All of `conditions` hold (Fn::And takes 2 to 10; a filter yields at most 4). */
function allOf(conditions: CfnValue[]): CfnValue | undefined {
  if (conditions.length === 0) return undefined;
  if (conditions.length === 1) return conditions[0];
  return fnAnd(conditions);
}

/**
 * Include lists are all-or-nothing: `accounts: [123456789012, Prod]` cannot be
 * half a condition (an account named Prod would be excluded by it), so a list
 * with any name is deferred whole. Exclude lists split: IDs into the
 * condition, names to the deploy engine — both must let an account through.
 */
export function planTargets(filter: TargetFilter | undefined): TargetPlan {
  if (filter === undefined) return {};
  const parts: CfnValue[] = [];
  const deferred: DeferredTargets = {};
  if (filter.regions) parts.push(anyOf('AWS::Region', distinctSorted(filter.regions)));
  if (filter.excludeRegions) parts.push(fnNot(anyOf('AWS::Region', distinctSorted(filter.excludeRegions))));
  if (filter.accounts) {
    const accounts = distinctSorted(filter.accounts);
    if (accounts.every(isAccountId)) parts.push(anyOf('AWS::AccountId', accounts));
    else deferred.accounts = accounts;
  }
  if (filter.excludeAccounts) {
    const excluded = distinctSorted(filter.excludeAccounts);
    const ids = excluded.filter(isAccountId);
    const names = excluded.filter((a) => !isAccountId(a));
    if (ids.length > 0) parts.push(fnNot(anyOf('AWS::AccountId', ids)));
    if (names.length > 0) deferred.excludeAccounts = names;
  }
  const condition = allOf(parts);
  return {
    ...(condition !== undefined && { condition }),
    ...(Object.keys(deferred).length > 0 && { deferred }),
  };
}
