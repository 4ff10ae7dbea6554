/**
 * The IAM policy evaluation logic, after the IAM User Guide ("Policy evaluation logic", "Policy
 * evaluation for requests within a single account", "Cross-account policy evaluation logic"). Service
 * control policies, resource control policies and VPC endpoint policies are not modelled.
 *
 *   1. Deny evaluation. Every applicable policy is searched for a Deny statement that applies:
 *      identity-based policies, the permissions boundary, session policies and the resource-based
 *      policy. One applicable Deny gives ExplicitDeny. An explicit deny always wins.
 *
 *   2. Callers without an account identity (service principals, anonymous callers) have no
 *      identity-based policies: only the resource-based policy can allow them.
 *
 *   3. Same account (caller's account = resource's account):
 *      a. A resource-based policy that allows the caller's session ARN or user ARN directly, or every
 *         principal (`"*"`), allows the request: implicit denies in identity policies, the boundary and
 *         session policies do not limit a grant made directly to the session or user.
 *      b. A resource-based policy that allows the caller's ROLE ARN allows the request unless the
 *         permissions boundary or a session policy does not allow it (no identity allow is needed).
 *      c. IAM role trust policies and KMS key policies must themselves allow the caller
 *         (`resourcePolicyKind` `trust` / `kms-key`); without that the request is implicitly denied.
 *         A trust or key policy that names the account (`arn:aws:iam::<account>:root`) delegates to the
 *         account's identity policies, which must then allow as in (d).
 *      d. Otherwise an identity-based policy must allow, and the permissions boundary (if the caller has
 *         one) and the session policies (if the session has any) must allow too: permissions are the
 *         intersection of the three.
 *      The root user has full access to its own account (an implicit identity allow that boundaries and
 *      session policies do not limit) but is still subject to explicit denies and to (c).
 *
 *   4. Cross-account: two evaluations, both must allow. In the caller's account the identity side of
 *      (3d) must allow (the root user's identity side always does); in the resource's account the
 *      resource-based policy must allow the caller, by any grant, account delegation included.
 *      When both fail, the identity side is reported.
 *
 * An `sts:AssumeRole` request is the same evaluation with the role's trust policy as the resource-based
 * policy (`resourcePolicyKind: 'trust'`), the role ARN as resource and the role's account as resource
 * account; `evaluateAssumeRole` wires that up.
 */
import { accountOfArn } from './arn.js';
import { PolicyCache, type PolicySource } from './cache.js';
import { buildContext } from './context.js';
import { type PolicyScan, type StatementRequest, scanPolicy } from './statement.js';
import type {
  ContextValue,
  DecidingPolicyType,
  EvaluationReason,
  EvaluationResult,
  MatchedStatement,
  PolicyGrammar,
  RequestContext,
  RequestPrincipal,
  ResourcePolicyKind,
} from './types.js';

/** A policy and the label used to report it (e.g. `role/Deploy inline DeployAccess`). */
export interface PolicyInput {
  name: string;
  document: PolicySource;
}

export interface EvaluationInput {
  request: RequestContext;
  /** Policies attached to the caller's user or role (inline and managed, group policies included). */
  identityPolicies?: readonly PolicyInput[];
  /** The permissions boundary of the caller's user or role. */
  permissionsBoundary?: PolicyInput;
  /** Session policies passed when the session was created (inline and managed ARNs). */
  sessionPolicies?: readonly PolicyInput[];
  /** The policy on the resource: bucket policy, key policy, role trust policy, function policy... */
  resourcePolicy?: PolicyInput;
  resourcePolicyKind?: ResourcePolicyKind;
  /** Where compiled policies are kept; defaults to a cache shared by this module. */
  cache?: PolicyCache;
}

const sharedCache = new PolicyCache();

const EXPLICIT_DENY: Record<Exclude<DecidingPolicyType, 'root user'>, EvaluationReason> = {
  'identity-based': 'explicit deny in an identity-based policy',
  'resource-based': 'explicit deny in a resource-based policy',
  'role trust': 'explicit deny in the role trust policy',
  'permissions boundary': 'explicit deny in a permissions boundary',
  session: 'explicit deny in a session policy',
};

const IMPLICIT_DENY: Record<Exclude<DecidingPolicyType, 'root user'>, EvaluationReason> = {
  'identity-based': 'no identity-based policy allows',
  'resource-based': 'no resource-based policy allows',
  'role trust': 'no role trust policy allows',
  'permissions boundary': 'no permissions boundary allows',
  session: 'no session policy allows',
};

const ALLOW: Partial<Record<DecidingPolicyType, EvaluationReason>> = {
  'identity-based': 'allowed by an identity-based policy',
  'resource-based': 'allowed by a resource-based policy',
  'role trust': 'allowed by the role trust policy',
  'root user': 'root user has full access to its own account',
};

type DenyingPolicyType = Exclude<DecidingPolicyType, 'root user'>;

function explicitDeny(policyType: DenyingPolicyType, matched: MatchedStatement): EvaluationResult {
  return { decision: 'ExplicitDeny', reason: EXPLICIT_DENY[policyType], policyType, matched };
}

function implicitDeny(policyType: DenyingPolicyType): EvaluationResult {
  return { decision: 'ImplicitDeny', reason: IMPLICIT_DENY[policyType], policyType };
}

function allow(policyType: DecidingPolicyType, matched: MatchedStatement | undefined): EvaluationResult {
  const result: EvaluationResult = { decision: 'Allow', reason: ALLOW[policyType]!, policyType };
  return matched ? { ...result, matched } : result;
}

/** The account that owns the resource: given, else the ARN's account, else the caller's account. */
export function resolveResourceAccount(request: RequestContext): string {
  return request.resourceAccount ?? accountOfArn(request.resource) ?? request.principal.accountId;
}

function scanAll(
  policies: readonly PolicyInput[],
  grammar: PolicyGrammar,
  cache: PolicyCache,
  request: StatementRequest,
): PolicyScan[] {
  return policies.map((p) => scanPolicy(cache.compile(p.document, grammar), p.name, request));
}

/** Decides one request. Throws `PolicyError` if a policy given as text or object is malformed. */
export function evaluate(input: EvaluationInput): EvaluationResult {
  const { request } = input;
  const { principal } = request;
  const cache = input.cache ?? sharedCache;
  const kind = input.resourcePolicyKind ?? 'generic';
  const resourceType: DenyingPolicyType = kind === 'trust' ? 'role trust' : 'resource-based';
  const resourceAccount = resolveResourceAccount(request);
  const isRoot = principal.type === 'Root';
  const hasBoundary = input.permissionsBoundary !== undefined && !isRoot;

  const statementRequest: StatementRequest = {
    action: request.action.toLowerCase(),
    resource: request.resource,
    principal,
    context: buildContext(request, resourceAccount || undefined),
    hasBoundary,
  };

  const identity = scanAll(input.identityPolicies ?? [], 'identity', cache, statementRequest);
  const boundary = hasBoundary
    ? scanAll([input.permissionsBoundary!], 'identity', cache, statementRequest)[0]
    : undefined;
  const sessions = scanAll(input.sessionPolicies ?? [], 'identity', cache, statementRequest);
  const resource = input.resourcePolicy
    ? scanAll([input.resourcePolicy], kind === 'trust' ? 'trust' : 'resource', cache, statementRequest)[0]
    : undefined;

  // 1. An explicit deny in any policy wins.
  for (const scan of identity) if (scan.deny) return explicitDeny('identity-based', scan.deny);
  if (boundary?.deny) return explicitDeny('permissions boundary', boundary.deny);
  for (const scan of sessions) if (scan.deny) return explicitDeny('session', scan.deny);
  if (resource?.deny) return explicitDeny(resourceType, resource.deny);

  const resourceAllow = resource?.allow;
  const grant = resource?.grant;

  // 2. Service principals and anonymous callers: only the resource-based policy can allow.
  if (principal.type === 'Service' || principal.type === 'Anonymous') {
    return resourceAllow ? allow(resourceType, resourceAllow) : implicitDeny(resourceType);
  }

  const identityAllow = identity.find((s) => s.allow)?.allow;
  const boundaryAllows = boundary === undefined || boundary.allow !== undefined;
  const sessionAllows = sessions.length === 0 || sessions.some((s) => s.allow !== undefined);

  /** The identity side of the decision: identity ∩ boundary ∩ session policies. */
  const identitySide = (viaRoleGrant: boolean): EvaluationResult | undefined => {
    if (isRoot) return undefined;
    if (!identityAllow && !viaRoleGrant) return implicitDeny('identity-based');
    if (!boundaryAllows) return implicitDeny('permissions boundary');
    if (!sessionAllows) return implicitDeny('session');
    return undefined;
  };
  const identityAllowed = (): EvaluationResult =>
    isRoot ? allow('root user', undefined) : allow('identity-based', identityAllow);

  // 4. Cross-account: the caller's account and the resource's account must both allow.
  if (principal.accountId !== resourceAccount) {
    const denied = identitySide(false);
    if (denied) return denied;
    return resourceAllow ? allow(resourceType, resourceAllow) : implicitDeny(resourceType);
  }

  // 3a. Granted directly to the session, user or everyone.
  if (resourceAllow && grant === 'direct') return allow(resourceType, resourceAllow);
  // 3b. Granted to the role: limited by the boundary and session policies only.
  const viaRole = resourceAllow !== undefined && grant === 'role';
  // 3c. Trust and key policies must allow, at least by delegating to the account.
  if ((kind === 'trust' || kind === 'kms-key') && !resourceAllow) return implicitDeny(resourceType);
  // 3d. Identity-based allow, within the boundary and the session policies.
  const denied = identitySide(viaRole);
  if (denied) return denied;
  return viaRole ? allow(resourceType, resourceAllow) : identityAllowed();
}

export interface AssumeRoleEvaluationInput {
  caller: RequestPrincipal;
  /** `arn:aws:iam::<account>:role/<path/>Name` */
  roleArn: string;
  trustPolicy: PolicyInput;
  callerIdentityPolicies?: readonly PolicyInput[];
  callerPermissionsBoundary?: PolicyInput;
  callerSessionPolicies?: readonly PolicyInput[];
  /** Defaults to `sts:AssumeRole`; also `sts:TagSession`, `sts:SetSourceIdentity`. */
  action?: string;
  /** `sts:ExternalId`, `aws:SourceIp`, `sts:RoleSessionName`, `aws:RequestTag/...`... */
  contextKeys?: Readonly<Record<string, ContextValue>>;
  cache?: PolicyCache;
}

/** Whether `caller` may assume `roleArn`: the trust policy and, as needed, the caller's own policies. */
export function evaluateAssumeRole(input: AssumeRoleEvaluationInput): EvaluationResult {
  return evaluate({
    request: {
      principal: input.caller,
      action: input.action ?? 'sts:AssumeRole',
      resource: input.roleArn,
      resourceAccount: accountOfArn(input.roleArn),
      contextKeys: input.contextKeys,
    },
    identityPolicies: input.callerIdentityPolicies,
    permissionsBoundary: input.callerPermissionsBoundary,
    sessionPolicies: input.callerSessionPolicies,
    resourcePolicy: input.trustPolicy,
    resourcePolicyKind: 'trust',
    cache: input.cache,
  });
}
