/**
 * The request context as condition operators and policy variables see it: every key lower-cased
 * (condition key names are case-insensitive), every value a list of strings.
 *
 * Principal keys are derived from the caller unless the caller supplies them:
 * - `aws:PrincipalArn` is the ROLE ARN for an assumed-role session (not the session ARN), the user ARN
 *   for users and `arn:aws:iam::<account>:root` for the root user; absent for anonymous callers and
 *   service principals.
 * - `aws:PrincipalType` is `Account` (root user), `User`, `AssumedRole` or `Anonymous`.
 * - `aws:userid` is the account ID for the root user, otherwise only what the caller gives;
 *   `aws:username` is present for IAM users only.
 * - `aws:PrincipalOrgPaths` is multivalued; the other principal keys are single-valued.
 * - `aws:PrincipalIsAWSService` is always present; `aws:PrincipalServiceName` only for services.
 */
import type { ContextValue, RequestContext, RequestPrincipal } from './types.js';

export interface EvaluationContext {
  /** Values of a key (lower-cased name); undefined when the key is absent or has no values. */
  values(lowerCaseKey: string): readonly string[] | undefined;
  /** The value of a single-valued key, for policy variables; undefined when absent or multivalued. */
  single(lowerCaseKey: string): string | undefined;
}

function toValues(value: ContextValue): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return [value];
  if (typeof value === 'boolean') return [value ? 'true' : 'false'];
  if (typeof value === 'number') return [String(value)];
  return [...value];
}

const PRINCIPAL_TYPE: Record<RequestPrincipal['type'], string | undefined> = {
  Root: 'Account',
  User: 'User',
  AssumedRole: 'AssumedRole',
  Anonymous: 'Anonymous',
  Service: undefined,
};

function principalArnKey(principal: RequestPrincipal): string | undefined {
  switch (principal.type) {
    case 'AssumedRole':
      return principal.roleArn ?? principal.arn;
    case 'Root':
      return principal.arn || `arn:aws:iam::${principal.accountId}:root`;
    case 'User':
      return principal.arn;
    default:
      return undefined;
  }
}

function derivedKeys(
  principal: RequestPrincipal,
  resourceAccount: string | undefined,
): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  const set = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') keys.set(key, [value]);
  };
  const isIdentity = principal.type !== 'Service' && principal.type !== 'Anonymous';
  set('aws:principaltype', PRINCIPAL_TYPE[principal.type]);
  set('aws:principalarn', principalArnKey(principal));
  if (isIdentity) set('aws:principalaccount', principal.accountId);
  set('aws:principalorgid', principal.orgId);
  if (principal.orgPaths && principal.orgPaths.length > 0) {
    keys.set('aws:principalorgpaths', [...principal.orgPaths]);
  }
  for (const [tag, value] of Object.entries(principal.tags ?? {})) {
    keys.set(`aws:principaltag/${tag.toLowerCase()}`, [value]);
  }
  set('aws:userid', principal.userId ?? (principal.type === 'Root' ? principal.accountId : undefined));
  if (principal.type === 'User') set('aws:username', principal.arn.slice(principal.arn.lastIndexOf('/') + 1));
  set('aws:principalisawsservice', principal.type === 'Service' ? 'true' : 'false');
  if (principal.type === 'Service') set('aws:principalservicename', principal.servicePrincipal);
  set('aws:resourceaccount', resourceAccount);
  return keys;
}

export function buildContext(
  request: RequestContext,
  resourceAccount: string | undefined,
): EvaluationContext {
  const keys = derivedKeys(request.principal, resourceAccount);
  for (const [name, raw] of Object.entries(request.contextKeys ?? {})) {
    const values = toValues(raw);
    if (values !== undefined) keys.set(name.toLowerCase(), values);
  }
  return {
    values(key) {
      const v = keys.get(key);
      return v === undefined || v.length === 0 ? undefined : v;
    },
    single(key) {
      const v = keys.get(key);
      return v?.length === 1 ? v[0] : undefined;
    },
  };
}
