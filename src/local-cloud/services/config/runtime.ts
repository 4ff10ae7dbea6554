/**
 * What every AWS Config operation works with: the service dependencies, Lambda (to invoke rules), the
 * sources of configuration items, the evaluations still running; and per request a call — the caller's
 * account and region, the request time and how to authorize.
 */
import type { RequestContext } from '../../http/types.js';
import type { AuthorizeRequest, LambdaInternal, ServiceDeps } from '../deps.js';
import { ConfigErrors } from './errors.js';
import type { ConfigItemSource } from './items.js';
import type { Where } from './names.js';
import { type ConfigState, configSlice, ownGet, scopeKey, type ConfigScope } from './state.js';

export interface ConfigRuntime {
  readonly deps: ServiceDeps;
  readonly lambda: LambdaInternal | undefined;
  readonly sources: readonly ConfigItemSource[];
  readonly pending: Set<Promise<void>>;
}

export interface ConfigCall {
  readonly where: Where;
  readonly now: Date;
  /** Throws the AccessDenied error when the caller may not do this. */
  authorize(request: AuthorizeRequest): void;
}

export function callOf(rt: ConfigRuntime, ctx: RequestContext): ConfigCall {
  const principal = rt.deps.callerOf(ctx);
  if (!principal || principal.accountId === '') throw ConfigErrors.anonymous();
  return {
    where: { accountId: principal.accountId, region: ctx.region },
    now: ctx.now,
    authorize: (request) => rt.deps.authorize(ctx, request),
  };
}

const EMPTY: ConfigScope = { rules: {}, evaluations: {}, status: {}, resources: {} };

/** The (read-only) state of one account and region. */
export function scopeState(rt: ConfigRuntime, where: Where): ConfigScope {
  return ownGet(rt.deps.store.get<ConfigState>(configSlice).scopes, scopeKey(where)) ?? EMPTY;
}

/** Keeps a background task until it settles (`idle()` waits for these). */
export function track(rt: ConfigRuntime, task: Promise<void>): void {
  const settled = task.finally(() => rt.pending.delete(settled));
  rt.pending.add(settled);
}

export async function idle(rt: ConfigRuntime): Promise<void> {
  while (rt.pending.size > 0) await Promise.allSettled([...rt.pending]);
}
