/**
 * Routing events to targets: which targets of which rules an event goes to (pure), and handing each
 * delivery to the target handler while recording it (`DeliveryRecord`s, listed by
 * `EventsInternal.deliveries`). A handler's promise is tracked so `EventsInternal.idle()` can wait for it.
 */
import type { EventEnvelope } from './envelope.js';
import type { Where } from './names.js';
import { matchPattern } from './pattern/match.js';
import { compiledPattern, type EventsRuntime, type TargetDelivery } from './runtime.js';
import { type DeliveryRecord, eventsSlice, type StoredRule, scopeKey } from './state.js';
import { targetInput } from './transform.js';

export function isEnabled(rule: StoredRule): boolean {
  return rule.state !== 'DISABLED';
}

/** The deliveries of `event` to the targets of the enabled pattern rules it matches. */
export function routeEvent(
  rt: EventsRuntime,
  input: { where: Where; rules: readonly StoredRule[]; event: EventEnvelope; ingestedAt: Date },
): TargetDelivery[] {
  const deliveries: TargetDelivery[] = [];
  for (const rule of input.rules) {
    if (!isEnabled(rule) || rule.eventPattern === undefined) continue;
    if (!matchPattern(compiledPattern(rt, rule.eventPattern), input.event)) continue;
    deliveries.push(...toTargets(rule, input.where, input.event, input.ingestedAt));
  }
  return deliveries;
}

/** The deliveries of `event` to every target of `rule`. */
export function toTargets(
  rule: StoredRule,
  where: Where,
  event: EventEnvelope,
  ingestedAt: Date,
): TargetDelivery[] {
  const ref = { name: rule.name, arn: rule.arn, ...where };
  return rule.targets.map((target) => ({
    target,
    input: targetInput({ target, event, rule: ref, ingestedAt }),
    event,
    rule: ref,
  }));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Records the events' serial and deliveries in one state change, then invokes the handler for each
 * delivery. Returns the records as first written.
 */
export function dispatchDeliveries(
  rt: EventsRuntime,
  input: { where: Where; serial: number; deliveries: readonly TargetDelivery[]; at: Date },
): DeliveryRecord[] {
  const scope = scopeKey(input.where);
  const handler = rt.deliver;
  const records: DeliveryRecord[] = input.deliveries.map((d) => ({
    eventId: d.event.id,
    ruleName: d.rule.name,
    ruleArn: d.rule.arn,
    targetId: d.target.Id,
    targetArn: d.target.Arn,
    input: d.input,
    at: input.at.toISOString(),
    status: handler ? 'Pending' : 'NoHandler',
  }));
  const { store } = rt.deps;
  store.dispatch(eventsSlice, 'recordEvents', { scope, serial: input.serial, deliveries: records });
  if (!handler) return records;
  input.deliveries.forEach((delivery, i) => {
    const record = records[i]!;
    const settle = (error?: unknown) =>
      store.dispatch(eventsSlice, 'deliveryResult', {
        scope,
        eventId: record.eventId,
        ruleArn: record.ruleArn,
        targetId: record.targetId,
        status: error === undefined ? 'Delivered' : 'Failed',
        ...(error === undefined ? {} : { error: errorText(error) }),
      });
    let outcome: void | Promise<void>;
    try {
      outcome = handler(delivery);
    } catch (err) {
      settle(err ?? 'failed');
      return;
    }
    if (!(outcome instanceof Promise)) {
      settle();
      return;
    }
    const tracked: Promise<void> = outcome.then(
      () => settle(),
      (err: unknown) => settle(err ?? 'failed'),
    );
    rt.pending.add(tracked);
    void tracked.finally(() => rt.pending.delete(tracked));
  });
  return records;
}
