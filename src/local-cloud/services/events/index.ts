/**
 * The local cloud's EventBridge (JSON protocol, `AWSEvents.*`): rules of each account's default event
 * bus with event patterns or schedules, targets, PutEvents matched by EventBridge's pattern rules and
 * delivered through a target handler, tags. Every operation is authorized through `deps.authorize`.
 *
 *   const events = registerEvents(registry, deps, { deliver });   // EventsInternal
 *   events.fireScheduledRule(accountId, region, 'nightly', now);   // scheduled rules fire on demand
 */
import type { ServiceRegistry } from '../../http/registry.js';
import type { ServiceDeps } from '../deps.js';
import { createEventsInternal, type EventsInternal } from './internal.js';
import { putEventsOperations } from './ops/put-events.js';
import { ruleOperations } from './ops/rules.js';
import { tagOperations } from './ops/tags.js';
import { targetOperations } from './ops/targets.js';
import type { EventsOperations } from './ops/types.js';
import { callOf, createRuntime, type TargetHandler } from './runtime.js';
import { eventsSlice } from './state.js';

export { buildEvent, type EventEnvelope, eventTime, scheduledEvent } from './envelope.js';
export type { EventsInternal, FireResult, ServiceEventEntry } from './internal.js';
export { busArn, ruleArn } from './names.js';
export { matchPattern } from './pattern/match.js';
export { MAX_PATTERN_CHARS, parsePattern } from './pattern/parse.js';
export type { Matcher, PatternNode } from './pattern/types.js';
export { arnService, snsTopicTarget, targetRouter } from './routing.js';
export type { EventsCall, TargetDelivery, TargetHandler } from './runtime.js';
export { parseSchedule, type Schedule, tryParseSchedule } from './schedule/expression.js';
export { nextFireTime } from './schedule/next.js';
export type { DeliveryRecord, DeliveryStatus, EventsState, StoredRule, StoredTarget } from './state.js';
export { targetInput } from './transform.js';

/** The StateStore slices EventBridge keeps its state in. */
export const eventsSlices = [eventsSlice];

const OPERATIONS: EventsOperations = {
  ...ruleOperations,
  ...targetOperations,
  ...putEventsOperations,
  ...tagOperations,
};

/** The operations this EventBridge answers (`AWSEvents.<name>`). */
export const EVENTS_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export interface RegisterEventsOptions {
  /** Invokes targets; deliveries are recorded with status NoHandler until one is set. */
  deliver?: TargetHandler;
}

export function registerEvents(
  registry: ServiceRegistry,
  deps: ServiceDeps,
  options: RegisterEventsOptions = {},
): EventsInternal {
  const rt = createRuntime(deps, options.deliver);
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    registry.json('events', `AWSEvents.${name}`, (input, ctx) => operation(rt, input.body, callOf(rt, ctx)));
  }
  return createEventsInternal(rt, OPERATIONS);
}
