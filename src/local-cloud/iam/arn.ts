/**
 * ARN helpers. An ARN has six colon-separated parts, `arn:partition:service:region:account:resource`;
 * the resource part may itself contain colons (S3 object keys, `log-group:name:*`), so only the first
 * five colons separate parts.
 *
 * ARN matching (the `Resource` element and the `ArnLike`/`ArnEquals` operators) compares part by part:
 * a wildcard in one part never spans a colon into the next, which is where it differs from `StringLike`.
 */
import { type Glob, matchGlob, splitGlob } from './wildcard.js';

export const ARN_PARTS = 6;

export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits an ARN into its six parts, or returns undefined when it is not an ARN. */
export function splitArn(value: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length && parts.length < ARN_PARTS - 1; i++) {
    if (value.charCodeAt(i) === 58 /* : */) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  if (parts.length < ARN_PARTS - 1) return undefined;
  parts.push(value.slice(start));
  return parts[0] === 'arn' ? parts : undefined;
}

export function parseArn(value: string): ArnParts | undefined {
  const parts = splitArn(value);
  if (!parts) return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts[5]!,
  };
}

/** A compiled ARN pattern: six part globs, or a whole-string glob for patterns that are not ARN-shaped. */
export type ArnPattern =
  | { readonly kind: 'any' }
  | { readonly kind: 'parts'; readonly parts: readonly Glob[] }
  | { readonly kind: 'whole'; readonly glob: Glob };

export function compileArnPattern(glob: Glob): ArnPattern {
  if (glob.mode === 'any') return { kind: 'any' };
  const parts = splitGlob(glob, ':', ARN_PARTS);
  if (parts.length === ARN_PARTS) return { kind: 'parts', parts };
  // Not ARN-shaped (e.g. `arn:*`): compare the whole string, wildcards spanning colons.
  return { kind: 'whole', glob };
}

/** Matches a value against an ARN pattern, part by part. */
export function matchArn(pattern: ArnPattern, value: string): boolean {
  if (pattern.kind === 'any') return true;
  if (pattern.kind === 'whole') return matchGlob(pattern.glob, value);
  const parts = splitArn(value);
  if (!parts) return false;
  for (let i = 0; i < ARN_PARTS; i++) {
    if (!matchGlob(pattern.parts[i]!, parts[i]!)) return false;
  }
  return true;
}

/** The account that owns a resource ARN, or undefined when the ARN has no account part (S3). */
export function accountOfArn(value: string): string | undefined {
  const account = parseArn(value)?.account;
  return account ? account : undefined;
}

const ACCOUNT_ID = /^\d{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/** What an ARN in a policy's `Principal` element names. */
export type PrincipalArnKind = 'root' | 'role' | 'user' | 'assumed-role' | 'federated-user';

export interface PrincipalArn {
  kind: PrincipalArnKind;
  account: string;
}

/**
 * Reads an IAM or STS principal ARN: `arn:aws:iam::123456789012:root|user/...|role/...` or
 * `arn:aws:sts::123456789012:assumed-role/Role/session|federated-user/name`.
 */
export function parsePrincipalArn(value: string): PrincipalArn | undefined {
  const arn = parseArn(value);
  if (!arn || !isAccountId(arn.account) || arn.region !== '') return undefined;
  const { service, resource, account } = arn;
  if (service === 'iam') {
    if (resource === 'root') return { kind: 'root', account };
    if (/^user\/(?:[^/]+\/)*[^/]+$/.test(resource)) return { kind: 'user', account };
    if (/^role\/(?:[^/]+\/)*[^/]+$/.test(resource)) return { kind: 'role', account };
    return undefined;
  }
  if (service === 'sts') {
    if (/^assumed-role\/[^/]+\/[^/]+$/.test(resource)) return { kind: 'assumed-role', account };
    if (/^federated-user\/[^/]+$/.test(resource)) return { kind: 'federated-user', account };
  }
  return undefined;
}
