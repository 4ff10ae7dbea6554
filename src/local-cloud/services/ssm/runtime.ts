/**
 * What every Parameter Store operation works with: the service dependencies and KMS, and per request a
 * call — the caller's account, region and ARN, the request time and how to authorize.
 */
import type { RequestContext } from '../../http/types.js';
import type { AuthorizeRequest, KmsInternal, ServiceDeps } from '../deps.js';
import { SsmErrors } from './errors.js';
import type { Where } from './names.js';

export interface SsmRuntime {
  readonly deps: ServiceDeps;
  readonly kms: KmsInternal;
}

export interface SsmCall {
  /** The caller's account and the region the request was made in. */
  readonly where: Where;
  /** The caller's ARN (LastModifiedUser). */
  readonly callerArn: string;
  readonly now: Date;
  /** Throws AccessDeniedException when the caller may not do this. */
  authorize(request: AuthorizeRequest): void;
}

export function callOf(rt: SsmRuntime, ctx: RequestContext): SsmCall {
  const principal = rt.deps.callerOf(ctx);
  if (!principal || principal.accountId === '') throw SsmErrors.anonymous();
  return {
    where: { accountId: principal.accountId, region: ctx.region },
    callerArn: principal.arn,
    now: ctx.now,
    authorize: (request) => rt.deps.authorize(ctx, request),
  };
}
