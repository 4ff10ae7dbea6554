/**
 * What EventBridge offers the other services of the local cloud, and tests:
 *
 *   - `fireScheduledRule(...)`: fires a scheduled rule now (the local cloud has no scheduler of its own):
 *     builds the "Scheduled Event" AWS sends and delivers it to the rule's targets, Input / InputPath /
 *     InputTransformer honoured. A disabled rule does not fire.
 *   - `nextFireTime(...)`: when a scheduled rule would fire next after a time.
 *   - `putEvents(...)`: events sent on behalf of AWS services (`aws.*` sources allowed).
 *   - `deliveries(...)`: the record of deliveries to targets; `idle()` waits for deliveries in flight.
 *   - `setTargetHandler(handler)`: how targets are invoked (Lambda and SNS plug in here).
 *   - `call(operation, body, call)`: any API operation run for another service (CloudFormation's
 *     AWS::Events::Rule provider), with that service's account, region, clock and authorizer.
 */
import { AwsError } from '../../http/errors.js';
import { dispatchDeliveries, isEnabled, toTargets } from './delivery.js';
import { type EventEnvelope, scheduledEvent } from './envelope.js';
import { EventsErrors } from './errors.js';
import { uuidFrom } from './ids.js';
import type { Body } from './input.js';
import { findRule } from './lookup.js';
import { DEFAULT_BUS, type Where } from './names.js';
import { sendEvents } from './ops/put-events.js';
import type { EventsOperations } from './ops/types.js';
import type { EventsCall, EventsRuntime, TargetHandler } from './runtime.js';
import { nextFireTime } from './schedule/next.js';
import { type DeliveryRecord, type EventsState, eventsSlice, type StoredRule, scopeKey } from './state.js';

export interface FireResult {
  /** False when the rule is disabled (nothing was sent). */
  fired: boolean;
  event?: EventEnvelope;
  deliveries: DeliveryRecord[];
}

export interface ServiceEventEntry {
  Source: string;
  DetailType: string;
  /** JSON text of an object. */
  Detail: string;
  Resources?: string[];
  /** Epoch seconds; now unless given. */
  Time?: number;
}

export interface EventsInternal {
  fireScheduledRule(accountId: string, region: string, ruleName: string, now: Date): FireResult;
  nextFireTime(accountId: string, region: string, ruleName: string, after: Date): Date | undefined;
  putEvents(
    accountId: string,
    region: string,
    entries: readonly ServiceEventEntry[],
    now?: Date,
  ): { FailedEntryCount: number; Entries: Record<string, string>[] };
  deliveries(accountId: string, region: string, filter?: { ruleName?: string }): DeliveryRecord[];
  setTargetHandler(handler: TargetHandler | undefined): void;
  /** Resolves once every delivery handed to an asynchronous handler has settled. */
  idle(): Promise<void>;
  call(operation: string, body: Body, call: EventsCall): unknown;
}

function scheduledRule(
  rt: EventsRuntime,
  where: Where,
  name: string,
): StoredRule & { scheduleExpression: string } {
  const rule = findRule(rt.deps.store, where, name);
  if (!rule) throw EventsErrors.ruleNotFound(name, DEFAULT_BUS);
  if (rule.scheduleExpression === undefined) {
    throw EventsErrors.validation(`Rule ${name} has no ScheduleExpression.`);
  }
  return rule as StoredRule & { scheduleExpression: string };
}

export function createEventsInternal(rt: EventsRuntime, operations: EventsOperations): EventsInternal {
  const { store } = rt.deps;
  return {
    fireScheduledRule(accountId, region, ruleName, now) {
      const where = { accountId, region };
      const rule = scheduledRule(rt, where, ruleName);
      if (!isEnabled(rule)) return { fired: false, deliveries: [] };
      const serial = store.get<EventsState>(eventsSlice).serial + 1;
      const event = scheduledEvent({
        id: uuidFrom(accountId, region, String(serial)),
        where,
        ruleArn: rule.arn,
        time: now,
      });
      const deliveries = dispatchDeliveries(rt, {
        where,
        serial,
        deliveries: toTargets(rule, where, event, now),
        at: now,
      });
      return { fired: true, event, deliveries };
    },

    nextFireTime(accountId, region, ruleName, after) {
      const rule = scheduledRule(rt, { accountId, region }, ruleName);
      return nextFireTime(rule.scheduleExpression, { after, anchor: new Date(rule.createdAt) });
    },

    putEvents(accountId, region, entries, now) {
      return sendEvents(rt, {
        where: { accountId, region },
        entries: entries as unknown as Body[],
        now: now ?? rt.deps.now(),
        awsSources: true,
      });
    },

    deliveries(accountId, region, filter = {}) {
      const all =
        store.get<EventsState>(eventsSlice).scopes[scopeKey({ accountId, region })]?.deliveries ?? [];
      return all
        .filter((d) => filter.ruleName === undefined || d.ruleName === filter.ruleName)
        .map((d) => ({ ...d }));
    },

    setTargetHandler(handler) {
      rt.deliver = handler;
    },

    async idle() {
      while (rt.pending.size > 0) await Promise.allSettled([...rt.pending]);
    },

    call(operation, body, call) {
      const run = operations[operation];
      if (!run) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      return run(rt, body, call);
    },
  };
}
