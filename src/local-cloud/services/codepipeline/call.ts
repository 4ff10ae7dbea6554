/**
 * What a Code* operation (CodePipeline, CodeBuild, CodeStar Connections) works with per request: the
 * caller's account and region, the request time and how to authorize; and the service-role check the
 * services share: the caller must be allowed `iam:PassRole` on the role, the role must exist and its
 * trust policy must let the service principal assume it.
 */
import type { RequestContext } from '../../http/types.js';
import { evaluateAssumeRole } from '../../iam/index.js';
import type { StateStore } from '../../state/store.js';
import type { AuthorizeRequest, ServiceDeps } from '../deps.js';
import { findRoleByArn } from '../iam/index.js';

export interface Where {
  accountId: string;
  region: string;
}

export interface CodeCall {
  readonly where: Where;
  readonly now: Date;
  /** Throws the AccessDenied error when the caller may not do this. */
  authorize(request: AuthorizeRequest): void;
}

/** The call of an HTTP request; anonymous callers get `anonymous()`. */
export function callOf(deps: ServiceDeps, ctx: RequestContext, anonymous: () => Error): CodeCall {
  const principal = deps.callerOf(ctx);
  if (!principal || principal.accountId === '') throw anonymous();
  return {
    where: { accountId: principal.accountId, region: ctx.region },
    now: ctx.now,
    authorize: (request) => deps.authorize(ctx, request),
  };
}

export interface ServiceRoleCheck {
  store: StateStore;
  call: CodeCall;
  roleArn: string;
  /** `codepipeline.amazonaws.com` */
  servicePrincipal: string;
  /** The error when the role is missing or does not trust the service. */
  notAssumable: () => Error;
}

/** Checks a role handed to a service, in AWS's order: PassRole first, then that the service may assume it. */
export function checkServiceRole(check: ServiceRoleCheck): void {
  check.call.authorize({
    action: 'iam:PassRole',
    resource: check.roleArn,
    contextKeys: { 'iam:PassedToService': check.servicePrincipal },
  });
  const role = findRoleByArn(check.store, check.roleArn);
  if (!role) throw check.notAssumable();
  const result = evaluateAssumeRole({
    caller: { type: 'Service', arn: '', accountId: '', servicePrincipal: check.servicePrincipal },
    roleArn: role.arn,
    trustPolicy: { name: `role/${role.name} trust policy`, document: role.trustPolicy },
  });
  if (result.decision !== 'Allow') throw check.notAssumable();
}

/** Tags as the Code* services send them: `[{ key, value }]` (or `Key`/`Value` for CodeStar). */
export function tagList(
  tags: Readonly<Record<string, string>>,
  names: { key: string; value: string },
): Record<string, string>[] {
  return Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => ({ [names.key]: k, [names.value]: v }));
}

/** `aws:RequestTag/<key>` and `aws:TagKeys` for requests that tag. */
export function requestTagKeys(tags: Readonly<Record<string, string>>): Record<string, string | string[]> {
  const keys = Object.keys(tags);
  if (keys.length === 0) return {};
  const context: Record<string, string | string[]> = { 'aws:TagKeys': keys };
  for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value;
  return context;
}
