/**
 * PutParameter's decisions, as pure functions: the tier a version gets, value size limits, data types,
 * AllowedPattern and parameter policies.
 *
 *  - Tier: `Standard` and `Advanced` as asked; `Intelligent-Tiering` picks Advanced only when the value
 *    is over 4 KB or policies are given; no tier keeps the parameter's current tier (Standard for a new
 *    one). An advanced parameter cannot go back to Standard.
 *  - Values: at most 4096 characters in Standard, 8192 in Advanced; no `{{…}}` references.
 *  - Policies (Expiration, ExpirationNotification, NoChangeNotification) need the advanced tier; they are
 *    validated and stored, not enforced.
 */
import { SsmErrors } from './errors.js';
import type { ParameterType, StoredTier } from './state.js';

export const TIERS = ['Standard', 'Advanced', 'Intelligent-Tiering'] as const;
export type RequestedTier = (typeof TIERS)[number];

export const STANDARD_VALUE_MAX = 4096;
export const ADVANCED_VALUE_MAX = 8192;
export const MAX_POLICIES = 10;
export const POLICY_TYPES = ['Expiration', 'ExpirationNotification', 'NoChangeNotification'] as const;
export const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration'] as const;

export function resolveTier(input: {
  requested: RequestedTier | undefined;
  previous: StoredTier | undefined;
  valueLength: number;
  hasPolicies: boolean;
}): StoredTier {
  const { requested, previous } = input;
  let tier: StoredTier;
  if (requested === 'Intelligent-Tiering') {
    const needsAdvanced = input.valueLength > STANDARD_VALUE_MAX || input.hasPolicies;
    tier = needsAdvanced || previous === 'Advanced' ? 'Advanced' : 'Standard';
  } else {
    tier = requested ?? previous ?? 'Standard';
  }
  if (previous === 'Advanced' && tier === 'Standard') throw SsmErrors.tierDowngrade();
  if (input.hasPolicies && tier === 'Standard') throw SsmErrors.policiesNeedAdvanced();
  return tier;
}

export function checkValue(value: string, tier: StoredTier): void {
  if (tier === 'Standard' && value.length > STANDARD_VALUE_MAX) {
    throw SsmErrors.standardValueTooLong(STANDARD_VALUE_MAX);
  }
  if (value.length > ADVANCED_VALUE_MAX) throw SsmErrors.advancedValueTooLong(ADVANCED_VALUE_MAX);
  if (/\{\{.*\}\}/s.test(value)) throw SsmErrors.nestedReference();
}

const IMAGE_ID = /^ami-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function checkDataType(input: { dataType: string; type: ParameterType; value: string }): void {
  const { dataType } = input;
  if (!(DATA_TYPES as readonly string[]).includes(dataType)) throw SsmErrors.unsupportedDataType(dataType);
  if (dataType === 'text') return;
  if (input.type !== 'String') throw SsmErrors.dataTypeNeedsString(dataType);
  if (dataType === 'aws:ec2:image' && !IMAGE_ID.test(input.value))
    throw SsmErrors.invalidImageId(input.value);
}

/** The value must match the whole AllowedPattern; a pattern that does not compile is refused. */
export function checkAllowedPattern(pattern: string | undefined, value: string): void {
  if (pattern === undefined || pattern === '') return;
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`);
  } catch {
    throw SsmErrors.invalidAllowedPattern();
  }
  if (!regex.test(value)) throw SsmErrors.patternMismatch(pattern);
}

export interface ParameterPolicy {
  type: string;
  text: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses and checks the Policies member: a JSON array of `{ Type, Version, Attributes }` objects. */
export function parsePolicies(text: string): ParameterPolicy[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw SsmErrors.invalidPolicyAttribute('the policies are not valid JSON');
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  if (list.length > MAX_POLICIES) throw SsmErrors.tooManyPolicies(MAX_POLICIES);
  const seen = new Set<string>();
  return list.map((policy) => {
    if (!isObject(policy) || typeof policy['Type'] !== 'string') {
      throw SsmErrors.invalidPolicyAttribute('every policy must be an object with a Type');
    }
    const type = policy['Type'];
    if (!(POLICY_TYPES as readonly string[]).includes(type)) throw SsmErrors.invalidPolicyType(type);
    if (!isObject(policy['Attributes'])) {
      throw SsmErrors.invalidPolicyAttribute(`the ${type} policy has no Attributes object`);
    }
    if (seen.has(type)) throw SsmErrors.incompatiblePolicies(type);
    seen.add(type);
    return { type, text: JSON.stringify(policy) };
  });
}
