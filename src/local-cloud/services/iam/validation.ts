/**
 * Checks of IAM request parameters: names, paths, descriptions, tags, policy documents and their sizes.
 * Each throws the error IAM answers.
 */
import type { QueryParams } from '../../http/index.js';
import { type PolicyGrammar, validatePolicy } from '../../iam/index.js';
import { constraintError, IamErrors } from './errors.js';
import type { Tag } from './state.js';

/** IAM's size quotas, in characters without white space (as IAM counts them). */
export const IAM_LIMITS = {
  trustPolicyChars: 2048,
  inlineRolePolicyChars: 10240,
  managedPolicyChars: 6144,
  managedPoliciesPerRole: 10,
  policyVersions: 5,
  tagsPerResource: 50,
  minSessionDuration: 3600,
  maxSessionDuration: 43200,
} as const;

/** The field name as IAM's validation messages spell it (`roleName`). */
function fieldName(param: string): string {
  return param.charAt(0).toLowerCase() + param.slice(1);
}

export function required(params: QueryParams, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw constraintError(fieldName(name), null, 'Member must not be null');
  return value;
}

function pattern(name: string, value: string, re: RegExp, source: string, max: number): string {
  if (value.length < 1)
    throw constraintError(fieldName(name), value, 'Member must have length greater than or equal to 1');
  if (value.length > max)
    throw constraintError(fieldName(name), value, `Member must have length less than or equal to ${max}`);
  if (!re.test(value)) {
    throw constraintError(
      fieldName(name),
      value,
      `Member must satisfy regular expression pattern: ${source}`,
    );
  }
  return value;
}

/** Role, policy and inline policy names. */
export function entityName(name: string, value: string, max: number): string {
  return pattern(name, value, /^[\w+=,.@-]+$/, '[\\w+=,.@-]+', max);
}

export function iamPath(name: string, value: string | undefined): string {
  if (value === undefined) return '/';
  return pattern(
    name,
    value,
    /^(\/|\/[\u0021-\u007E]+\/)$/,
    '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
    512,
  );
}

export function description(value: string | undefined): string | undefined {
  if (value !== undefined && value.length > 1000) {
    throw constraintError('description', value, 'Member must have length less than or equal to 1000');
  }
  return value;
}

export function maxSessionDuration(value: number | undefined): number {
  if (value === undefined) return IAM_LIMITS.minSessionDuration;
  if (value < IAM_LIMITS.minSessionDuration || value > IAM_LIMITS.maxSessionDuration) {
    throw constraintError(
      'maxSessionDuration',
      String(value),
      `Member must have value ${value < IAM_LIMITS.minSessionDuration ? `greater than or equal to ${IAM_LIMITS.minSessionDuration}` : `less than or equal to ${IAM_LIMITS.maxSessionDuration}`}`,
    );
  }
  return value;
}

/** `Tags.member.N.Key/Value`. */
export function tags(params: QueryParams, name = 'Tags'): Tag[] {
  const list = params.members(name).map((m) => ({ Key: m.get('Key') ?? '', Value: m.get('Value') ?? '' }));
  if (list.length > IAM_LIMITS.tagsPerResource) {
    throw IamErrors.limitExceeded(
      `The number of tags has reached the maximum limit of ${IAM_LIMITS.tagsPerResource}.`,
    );
  }
  const seen = new Set<string>();
  for (const tag of list) {
    if (tag.Key.length < 1 || tag.Key.length > 128 || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u.test(tag.Key)) {
      throw IamErrors.invalidInput(`The specified tag key ${tag.Key} is not valid.`);
    }
    if (tag.Value.length > 256 || !/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u.test(tag.Value)) {
      throw IamErrors.invalidInput(`The specified value for tag ${tag.Key} is not valid.`);
    }
    if (seen.has(tag.Key.toLowerCase())) {
      throw IamErrors.invalidInput(
        'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
      );
    }
    seen.add(tag.Key.toLowerCase());
  }
  return list;
}

/** Characters IAM counts against size quotas (white space is not counted). */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length;
}

/** A policy document: valid JSON in the grammar of its kind, or MalformedPolicyDocument. */
export function policyDocument(document: string, grammar: PolicyGrammar): string {
  if (document.length < 1)
    throw constraintError('policyDocument', document, 'Member must have length greater than or equal to 1');
  const result = validatePolicy(document, grammar);
  if (!result.ok) throw IamErrors.malformed(result.error.message);
  return document;
}

/** Every `iam:`-style ARN of a managed policy (customer or AWS). */
export function policyArn(value: string): string {
  if (!/^arn:aws:iam::(\d{12}|aws):policy\/(?:[\u0021-\u007E]+\/)?[\w+=,.@-]{1,128}$/.test(value)) {
    throw IamErrors.invalidInput(`ARN ${value} is not valid.`);
  }
  return value;
}

export function versionId(value: string): string {
  if (!/^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/.test(value)) {
    throw constraintError(
      'versionId',
      value,
      'Member must satisfy regular expression pattern: v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?',
    );
  }
  return value;
}

/** The request keys for tag-on-create: `aws:RequestTag/<key>` and `aws:TagKeys`. */
export function requestTagKeys(list: readonly Tag[]): Record<string, string | string[]> {
  if (list.length === 0) return {};
  const keys: Record<string, string | string[]> = { 'aws:TagKeys': list.map((t) => t.Key) };
  for (const t of list) keys[`aws:RequestTag/${t.Key}`] = t.Value;
  return keys;
}
