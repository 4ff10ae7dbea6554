/**
 * The `Principal` and `NotPrincipal` elements of resource-based and trust policies.
 *
 * What a Principal entry matches, and how strongly it grants (IAM documentation, "AWS JSON policy
 * elements: Principal" and "Policy evaluation logic"):
 * - `"*"` or `{"AWS": "*"}`: everyone, anonymous callers included. Same-account principals need nothing
 *   else, so the grant is `direct`.
 * - An account (`"123456789012"` or `arn:aws:iam::123456789012:root`): any principal of that account.
 *   This DELEGATES to the account: its identity policies must also allow (`account` grant). It does not
 *   mean only the root user.
 * - A role ARN (`arn:aws:iam::123456789012:role/path/Name`): sessions of that role. The grant is
 *   limited by the role's permissions boundary and session policies (`role` grant).
 * - An assumed-role session ARN or an IAM user ARN: exactly that principal (`direct` grant, not limited
 *   by implicit denies in identity policies, boundaries or session policies in the same account).
 * - `{"Service": "lambda.amazonaws.com"}`: that service principal (`direct`).
 * - `Federated` and `CanonicalUser` entries are read but never match in the local cloud.
 * Principal ARNs never take wildcards: only the whole value `*` is a wildcard.
 *
 * NotPrincipal: AWS may check the account, then the role, then the session of an assumed-role caller.
 * So `NotPrincipal` with Deny leaves a caller out only when EVERY identity in its chain (account, role
 * and session for role sessions; account and user for users) is listed. Per the permissions boundary
 * documentation, `NotPrincipal` with Deny always denies a principal that has a permissions boundary.
 * With Allow, a caller is left out when any identity in its chain is listed.
 */
import { isAccountId, parsePrincipalArn } from './arn.js';
import { PolicyError, PolicyMessages } from './errors.js';
import type { RequestPrincipal } from './types.js';

export type PrincipalEntry =
  | { readonly kind: 'any' }
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'role'; readonly arn: string }
  | { readonly kind: 'identity'; readonly arn: string }
  | { readonly kind: 'service'; readonly name: string }
  | { readonly kind: 'unmatchable'; readonly value: string };

/** How strongly a matched principal entry grants; higher is stronger. */
export type Grant = 'account' | 'role' | 'direct';
const GRANT_RANK: Record<Grant, number> = { account: 1, role: 2, direct: 3 };

export function strongerGrant(a: Grant | undefined, b: Grant | undefined): Grant | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return GRANT_RANK[a] >= GRANT_RANK[b] ? a : b;
}

const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'] as const;

function compileAwsEntry(value: string): PrincipalEntry {
  if (value === '*') return { kind: 'any' };
  if (isAccountId(value)) return { kind: 'account', account: value };
  // Principal ARNs never take wildcards (AWS also rejects ARNs that name no existing principal).
  const arn = /[*?]/.test(value) ? undefined : parsePrincipalArn(value);
  if (!arn) throw new PolicyError(PolicyMessages.invalidPrincipal('AWS', value), `Principal AWS ${value}`);
  switch (arn.kind) {
    case 'root':
      return { kind: 'account', account: arn.account };
    case 'role':
      return { kind: 'role', arn: value };
    default:
      return { kind: 'identity', arn: value };
  }
}

/** Validates and compiles a `Principal`/`NotPrincipal` block. */
export function compilePrincipalBlock(block: unknown, where: string): PrincipalEntry[] {
  if (block === '*') return [{ kind: 'any' }];
  if (typeof block !== 'object' || block === null || Array.isArray(block)) {
    throw new PolicyError(PolicyMessages.syntax, `${where}: Principal must be "*" or an object`);
  }
  const entries: PrincipalEntry[] = [];
  for (const [type, raw] of Object.entries(block)) {
    if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
      throw new PolicyError(PolicyMessages.syntax, `${where}: unknown principal type ${type}`);
    }
    const values = Array.isArray(raw) ? raw : [raw];
    for (const value of values) {
      if (typeof value !== 'string' || value === '') {
        throw new PolicyError(
          PolicyMessages.invalidPrincipal(type, String(value)),
          `${where}: principal ${type}`,
        );
      }
      if (type === 'AWS') entries.push(compileAwsEntry(value.trim()));
      else if (type === 'Service')
        entries.push(value === '*' ? { kind: 'any' } : { kind: 'service', name: value });
      else entries.push({ kind: 'unmatchable', value });
    }
  }
  return entries;
}

function entryGrant(entry: PrincipalEntry, principal: RequestPrincipal): Grant | undefined {
  switch (entry.kind) {
    case 'any':
      return 'direct';
    case 'account': {
      const hasAccount = principal.type !== 'Service' && principal.type !== 'Anonymous';
      return hasAccount && principal.accountId === entry.account ? 'account' : undefined;
    }
    case 'role':
      return principal.type === 'AssumedRole' && principal.roleArn === entry.arn ? 'role' : undefined;
    case 'identity':
      return principal.type !== 'Service' && principal.arn === entry.arn ? 'direct' : undefined;
    case 'service':
      return principal.type === 'Service' &&
        principal.servicePrincipal?.toLowerCase() === entry.name.toLowerCase()
        ? 'direct'
        : undefined;
    case 'unmatchable':
      return undefined;
  }
}

/** The strongest grant among the entries that name the caller, or undefined when none does. */
export function principalGrant(
  entries: readonly PrincipalEntry[],
  principal: RequestPrincipal,
): Grant | undefined {
  let best: Grant | undefined;
  for (const entry of entries) best = strongerGrant(best, entryGrant(entry, principal));
  return best;
}

type ChainLevel =
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'role'; readonly arn: string }
  | { readonly kind: 'identity'; readonly arn: string }
  | { readonly kind: 'service'; readonly name: string };

/** The identities AWS may check for a caller, from the account down to the session. */
function identityChain(principal: RequestPrincipal): ChainLevel[] {
  switch (principal.type) {
    case 'AssumedRole': {
      const chain: ChainLevel[] = [{ kind: 'account', account: principal.accountId }];
      if (principal.roleArn) chain.push({ kind: 'role', arn: principal.roleArn });
      chain.push({ kind: 'identity', arn: principal.arn });
      return chain;
    }
    case 'User':
      return [
        { kind: 'account', account: principal.accountId },
        { kind: 'identity', arn: principal.arn },
      ];
    case 'Root':
      return [{ kind: 'account', account: principal.accountId }];
    case 'Service':
      return [{ kind: 'service', name: (principal.servicePrincipal ?? '').toLowerCase() }];
    case 'Anonymous':
      return [];
  }
}

function lists(entry: PrincipalEntry, level: ChainLevel): boolean {
  switch (entry.kind) {
    case 'any':
      return true;
    case 'account':
      return level.kind === 'account' && entry.account === level.account;
    case 'role':
      return level.kind === 'role' && entry.arn === level.arn;
    case 'identity':
      return level.kind === 'identity' && entry.arn === level.arn;
    case 'service':
      return level.kind === 'service' && entry.name.toLowerCase() === level.name;
    case 'unmatchable':
      return false;
  }
}

/**
 * Whether a `NotPrincipal` statement applies to the caller (the caller is NOT left out).
 * `hasBoundary`: the caller has a permissions boundary (then Deny + NotPrincipal always applies).
 */
export function notPrincipalApplies(
  entries: readonly PrincipalEntry[],
  principal: RequestPrincipal,
  options: { effect: 'Allow' | 'Deny'; hasBoundary: boolean },
): boolean {
  const chain = identityChain(principal);
  const listed = (level: ChainLevel) => entries.some((entry) => lists(entry, level));
  // An anonymous caller has no identity to list; only "*" leaves it out.
  if (chain.length === 0) return !entries.some((e) => e.kind === 'any');
  if (options.effect === 'Deny') {
    if (options.hasBoundary && principal.type !== 'Root') return true;
    return !chain.every(listed);
  }
  return !chain.some(listed);
}
