/**
 * What every CloudWatch Logs operation works with: the service dependencies and, per request, a call —
 * the caller's account and region, the request time and how to authorize. HTTP requests make their call
 * from the request context; other services (Lambda, CloudFormation) make one with their own authorizer.
 */
import type { RequestContext } from '../../http/types.js';
import type { AuthorizeRequest, ServiceDeps } from '../deps.js';
import { LogsErrors } from './errors.js';
import type { Where } from './names.js';

export interface LogsRuntime {
  readonly deps: ServiceDeps;
}

export interface LogsCall {
  /** The caller's account and the region the request was made in. */
  readonly where: Where;
  readonly now: Date;
  /** Throws the AccessDenied error when the caller may not do this. */
  authorize(request: AuthorizeRequest): void;
}

export function callOf(rt: LogsRuntime, ctx: RequestContext): LogsCall {
  const principal = rt.deps.callerOf(ctx);
  if (!principal || principal.accountId === '') throw LogsErrors.anonymous();
  return {
    where: { accountId: principal.accountId, region: ctx.region },
    now: ctx.now,
    authorize: (request) => rt.deps.authorize(ctx, request),
  };
}
