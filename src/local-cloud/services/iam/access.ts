/**
 * Who is calling IAM, and may they: every IAM call acts on the caller's own account (IAM is global and
 * per account) and is authorized with the caller's policies (an account's administrator may do anything
 * in its account).
 */
import { AwsError, type QueryParams, type RequestContext } from '../../http/index.js';
import type { RequestPrincipal } from '../../iam/index.js';
import type { ServiceDeps } from '../deps.js';
import { IamErrors } from './errors.js';
import { findRole } from './queries.js';
import type { RoleRecord } from './state.js';
import { entityName, required } from './validation.js';

export function iamCaller(deps: ServiceDeps, ctx: RequestContext): RequestPrincipal {
  const principal = deps.callerOf(ctx);
  if (!principal) {
    throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', {
      status: 403,
    });
  }
  return principal;
}

/** Authorizes `action` on `resource` (a function of the caller's account) and returns the account. */
export function authorizeIam(
  deps: ServiceDeps,
  ctx: RequestContext,
  action: string,
  resource: (accountId: string) => string,
  contextKeys?: Record<string, string | string[] | undefined>,
): { accountId: string; principal: RequestPrincipal } {
  const principal = iamCaller(deps, ctx);
  const accountId = principal.accountId;
  deps.authorize(ctx, { action, resource: resource(accountId), resourceAccount: accountId, contextKeys });
  return { accountId, principal };
}

export const roleArnOf = (accountId: string, path: string, name: string) =>
  `arn:aws:iam::${accountId}:role${path}${name}`;
export const policyArnOf = (accountId: string, path: string, name: string) =>
  `arn:aws:iam::${accountId}:policy${path}${name}`;

/**
 * Authorizes `action` on the role `RoleName` names (its real path, or '/' when it does not exist, since
 * IAM authorizes before it looks) and returns the role; NoSuchEntity when there is none.
 */
export function onRole(
  deps: ServiceDeps,
  ctx: RequestContext,
  params: QueryParams,
  action: string,
  contextKeys?: Record<string, string | string[] | undefined>,
): { accountId: string; principal: RequestPrincipal; role: RoleRecord } {
  const name = entityName('RoleName', required(params, 'RoleName'), 64);
  let role: RoleRecord | undefined;
  const { accountId, principal } = authorizeIam(
    deps,
    ctx,
    action,
    (account) => {
      role = findRole(deps.store, account, name);
      return roleArnOf(account, role?.path ?? '/', role?.name ?? name);
    },
    contextKeys,
  );
  if (!role) throw IamErrors.noSuchRole(name);
  return { accountId, principal, role };
}
