/**
 * ServiceDeps.callerOf and ServiceDeps.authorize: who is calling, and may they do this.
 *
 * The caller's policies are looked up when the request arrives, so a policy change applies to sessions
 * that already exist, as on AWS: for a role session the role's inline and attached managed policies
 * (default versions) and its permissions boundary, plus the session policies given at AssumeRole. The
 * administrator key of an account is the account's root principal: allowed everything in its own account,
 * subject to explicit denies and to resource policies that must allow on their own (trust, key policies).
 */
import { AwsError, type RequestContext } from '../http/index.js';
import {
  accessDeniedMessage,
  type EvaluationResult,
  evaluate,
  type PolicyInput,
  type RequestPrincipal,
} from '../iam/index.js';
import type { AuthorizeRequest, CallerPrincipal, ServiceDeps } from '../services/deps.js';
import type { IdentityCredential } from './identity.js';

/** Where policies come from (the IAM service implements it). */
export interface PolicyLookup {
  /** A role's identity policies and permissions boundary, by role ARN; undefined when the role is gone. */
  rolePolicies(
    roleArn: string,
  ): { identityPolicies: PolicyInput[]; permissionsBoundary?: PolicyInput } | undefined;
  /** The default version of a managed policy. */
  managedPolicy(policyArn: string): PolicyInput | undefined;
}

export interface CallerPolicies {
  identityPolicies: PolicyInput[];
  permissionsBoundary?: PolicyInput;
  sessionPolicies: PolicyInput[];
}

const ALLOWS_NOTHING = { Statement: [{ Effect: 'Allow' as const, NotAction: '*', Resource: '*' }] };

const ANONYMOUS_PRINCIPAL: RequestPrincipal = { type: 'Anonymous', arn: '', accountId: '' };

/** The identity-side policies of a caller. */
export function callerPolicies(credential: IdentityCredential, lookup: PolicyLookup): CallerPolicies {
  const { session } = credential;
  if (!session) return { identityPolicies: [], sessionPolicies: [] };
  const role = lookup.rolePolicies(session.roleArn);
  const sessionPolicies: PolicyInput[] = [];
  if (session.policy !== undefined)
    sessionPolicies.push({ name: 'session policy', document: session.policy });
  for (const arn of session.policyArns) {
    // A managed session policy that no longer exists allows nothing (and denies nothing).
    sessionPolicies.push(lookup.managedPolicy(arn) ?? { name: arn, document: ALLOWS_NOTHING });
  }
  return {
    identityPolicies: role?.identityPolicies ?? [],
    permissionsBoundary: role?.permissionsBoundary,
    sessionPolicies,
  };
}

/** The error a denial answers: `AccessDenied` for query and S3, `AccessDeniedException` for JSON protocols. */
export function accessDenied(
  ctx: Pick<RequestContext, 'protocol'>,
  input: { principal: RequestPrincipal; action: string; resource: string; result?: EvaluationResult },
): AwsError {
  const code =
    ctx.protocol === 'json' || ctx.protocol === 'rest-json' ? 'AccessDeniedException' : 'AccessDenied';
  const decision = input.result?.decision === 'ExplicitDeny' ? 'ExplicitDeny' : 'ImplicitDeny';
  const message = accessDeniedMessage({
    principalArn: input.principal.arn,
    action: input.action,
    resource: input.resource,
    decision,
    policyType: input.result?.policyType,
  });
  return new AwsError(code, message, { status: 403 });
}

/** The verified credential record of a request, or undefined for anonymous requests. */
export function credentialOf(ctx: RequestContext): IdentityCredential | undefined {
  if (ctx.caller.type !== 'Credentials') return undefined;
  const record = ctx.caller.credentials as Partial<IdentityCredential>;
  if (!record.principal) {
    throw new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.', {
      status: 403,
    });
  }
  return record as IdentityCredential;
}

export function createAuthorizer(options: {
  policies: PolicyLookup;
}): Pick<ServiceDeps, 'callerOf' | 'authorize'> {
  const callerOf = (ctx: RequestContext): CallerPrincipal => credentialOf(ctx)?.principal;
  const authorize = (ctx: RequestContext, request: AuthorizeRequest): void => {
    const credential = credentialOf(ctx);
    const principal = credential?.principal ?? ANONYMOUS_PRINCIPAL;
    const policies = credential
      ? callerPolicies(credential, options.policies)
      : { identityPolicies: [], sessionPolicies: [] };
    const result = evaluate({
      request: {
        principal,
        action: request.action,
        resource: request.resource,
        resourceAccount: request.resourceAccount,
        contextKeys: { ...ctx.conditionKeys, ...request.contextKeys },
      },
      ...policies,
      resourcePolicy: request.resourcePolicy
        ? { name: request.resourcePolicy.name, document: request.resourcePolicy.document }
        : undefined,
      resourcePolicyKind: request.resourcePolicy?.kind,
    });
    if (result.decision !== 'Allow') {
      throw accessDenied(ctx, { principal, action: request.action, resource: request.resource, result });
    }
  };
  return { callerOf, authorize };
}
