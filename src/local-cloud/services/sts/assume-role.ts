/**
 * STS AssumeRole: the role must exist and its trust policy must allow the caller (conditions included),
 * cross-account callers also need their own policies to allow `sts:AssumeRole`, passing session tags
 * needs `sts:TagSession` too; the session lasts DurationSeconds within the role's maximum, or at most an
 * hour when a role session assumes a role (role chaining).
 */
import {
  type CallerPolicies,
  callerPolicies,
  credentialOf,
  type PolicyLookup,
} from '../../core/authorize.js';
import { type Identity, sessionArn } from '../../core/identity.js';
import { AwsError, type QueryHandler, type RequestContext } from '../../http/index.js';
import { accessDeniedMessage, evaluateAssumeRole, type RequestPrincipal } from '../../iam/index.js';
import type { ServiceDeps } from '../deps.js';
import { findRoleByArn, type RoleRecord } from '../iam/index.js';
import {
  type AssumeRoleInput,
  readAssumeRoleInput,
  STS_LIMITS,
  validationError,
} from './assume-role-input.js';
import { resolveSessionTags } from './session-tags.js';

export interface AssumeRoleServices {
  deps: ServiceDeps;
  identity: Identity;
  policies: PolicyLookup;
}

function denied(principal: RequestPrincipal, action: string, roleArn: string): AwsError {
  // STS names no reason in AssumeRole denials.
  return new AwsError(
    'AccessDenied',
    accessDeniedMessage({ principalArn: principal.arn, action, resource: roleArn, decision: 'ImplicitDeny' }),
    { status: 403 },
  );
}

function trustContext(
  ctx: RequestContext,
  input: AssumeRoleInput,
): Record<string, string | string[] | undefined> {
  const keys: Record<string, string | string[] | undefined> = {
    ...ctx.conditionKeys,
    'sts:RoleSessionName': input.roleSessionName,
    'sts:ExternalId': input.externalId,
  };
  const tagKeys = Object.keys(input.tags);
  if (tagKeys.length > 0) {
    keys['aws:TagKeys'] = tagKeys;
    for (const [key, value] of Object.entries(input.tags)) keys[`aws:RequestTag/${key}`] = value;
  }
  if (input.transitiveTagKeys.length > 0) keys['sts:TransitiveTagKeys'] = input.transitiveTagKeys;
  return keys;
}

function checkTrust(input: {
  principal: RequestPrincipal;
  role: RoleRecord;
  policies: CallerPolicies;
  action: string;
  contextKeys: Record<string, string | string[] | undefined>;
}): void {
  const result = evaluateAssumeRole({
    caller: input.principal,
    roleArn: input.role.arn,
    trustPolicy: { name: `role/${input.role.name} trust policy`, document: input.role.trustPolicy },
    callerIdentityPolicies: input.policies.identityPolicies,
    callerPermissionsBoundary: input.policies.permissionsBoundary,
    callerSessionPolicies: input.policies.sessionPolicies,
    action: input.action,
    contextKeys: input.contextKeys,
  });
  if (result.decision !== 'Allow') throw denied(input.principal, input.action, input.role.arn);
}

function sessionDuration(input: AssumeRoleInput, role: RoleRecord, chained: boolean): number {
  const requested = input.durationSeconds ?? STS_LIMITS.defaultDurationSeconds;
  if (chained && requested > STS_LIMITS.chainedMaxDurationSeconds) {
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
  }
  if (requested > role.maxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return requested;
}

/** STS reports how full the packed policy and tags are, as a percentage of the allowed size. */
function packedPolicySize(input: AssumeRoleInput): number | undefined {
  const tagChars = Object.entries(input.tags).reduce((n, [k, v]) => n + k.length + v.length, 0);
  const policyChars = (input.policy ?? '').replace(/\s/g, '').length;
  if (tagChars === 0 && policyChars === 0 && input.policyArns.length === 0) return undefined;
  return Math.max(1, Math.ceil(((policyChars + tagChars + input.policyArns.length * 64) * 100) / 4096));
}

export function assumeRoleHandler(services: AssumeRoleServices): QueryHandler {
  const { deps, identity, policies } = services;
  return ({ params }, ctx) => {
    const credential = credentialOf(ctx);
    if (!credential)
      throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', {
        status: 403,
      });
    const { principal, session: callerSession } = credential;
    const input = readAssumeRoleInput(params);
    const role = findRoleByArn(deps.store, input.roleArn);
    if (!role) throw denied(principal, 'sts:AssumeRole', input.roleArn);
    const ownPolicies = callerPolicies(credential, policies);
    const contextKeys = trustContext(ctx, input);
    checkTrust({ principal, role, policies: ownPolicies, action: 'sts:AssumeRole', contextKeys });
    if (Object.keys(input.tags).length > 0) {
      checkTrust({ principal, role, policies: ownPolicies, action: 'sts:TagSession', contextKeys });
    }
    const chained = principal.type === 'AssumedRole';
    const duration = sessionDuration(input, role, chained);
    const tags = resolveSessionTags({
      roleTags: Object.fromEntries(role.tags.map((t) => [t.Key, t.Value])),
      requested: input.tags,
      requestedTransitiveKeys: input.transitiveTagKeys,
      callerSession,
    });
    const now = ctx.now;
    const session = identity.issueSession({
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + duration * 1000).toISOString(),
      accountId: role.arn.split(':')[4]!,
      roleArn: role.arn,
      roleName: role.name,
      roleId: role.id,
      sessionName: input.roleSessionName,
      principalTags: tags.principalTags,
      sessionTags: tags.sessionTags,
      transitiveTagKeys: tags.transitiveTagKeys,
      policy: input.policy,
      policyArns: input.policyArns,
      chained,
      externalId: input.externalId,
    });
    return {
      Credentials: {
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: new Date(session.expiresAt),
      },
      AssumedRoleUser: { AssumedRoleId: `${role.id}:${input.roleSessionName}`, Arn: sessionArn(session) },
      PackedPolicySize: packedPolicySize(input),
    };
  };
}
