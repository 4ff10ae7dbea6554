/**
 * What every EventBridge operation works with: the service dependencies, the target handler (Lambda, SNS…
 * plug in through it), the deliveries still in flight, and per request a call — the caller's account and
 * region, the request time and how to authorize.
 */
import type { RequestContext } from '../../http/types.js';
import type { AuthorizeRequest, ServiceDeps } from '../deps.js';
import type { EventEnvelope } from './envelope.js';
import { EventsErrors } from './errors.js';
import type { Where } from './names.js';
import { parsePattern } from './pattern/parse.js';
import type { PatternNode } from './pattern/types.js';
import type { StoredTarget } from './state.js';

/** One delivery of an event to one target of one rule. */
export interface TargetDelivery {
  target: StoredTarget;
  /** What the target receives: the event, or what the target's Input / InputPath / InputTransformer makes of it (JSON text). */
  input: string;
  event: EventEnvelope;
  rule: { name: string; arn: string; accountId: string; region: string };
}

/**
 * Invokes a target (a Lambda function, an SNS topic…). Throwing, or rejecting, marks the delivery
 * Failed; EventBridge's caller never sees it (delivery is asynchronous on AWS).
 */
export type TargetHandler = (delivery: TargetDelivery) => void | Promise<void>;

export interface EventsRuntime {
  readonly deps: ServiceDeps;
  /** Replaceable: services that register later plug in here. */
  deliver: TargetHandler | undefined;
  readonly pending: Set<Promise<void>>;
  /** Compiled event patterns by their text. */
  readonly patterns: Map<string, PatternNode>;
}

export function createRuntime(deps: ServiceDeps, deliver: TargetHandler | undefined): EventsRuntime {
  return { deps, deliver, pending: new Set(), patterns: new Map() };
}

export function compiledPattern(rt: EventsRuntime, text: string): PatternNode {
  let pattern = rt.patterns.get(text);
  if (!pattern) {
    pattern = parsePattern(text);
    if (rt.patterns.size > 1000) rt.patterns.clear();
    rt.patterns.set(text, pattern);
  }
  return pattern;
}

export interface EventsCall {
  /** The caller's account and the region the request was made in. */
  readonly where: Where;
  readonly now: Date;
  /** Throws the AccessDenied error when the caller may not do this. */
  authorize(request: AuthorizeRequest): void;
}

export function callOf(rt: EventsRuntime, ctx: RequestContext): EventsCall {
  const principal = rt.deps.callerOf(ctx);
  if (!principal || principal.accountId === '') throw EventsErrors.anonymous();
  return {
    where: { accountId: principal.accountId, region: ctx.region },
    now: ctx.now,
    authorize: (request) => rt.deps.authorize(ctx, request),
  };
}
