/**
 * Delivering a published message: the confirmed subscriptions whose filter policy takes it, each given
 * the payload its protocol gets, recorded (`SnsDelivery`) and handed to the subscription handler. A
 * handler's promise is tracked so `SnsInternal.idle()` can wait for it.
 */
import { passesFilter } from './filter-policy.js';
import { payloadFor, type Urls } from './payload.js';
import type { SnsRuntime } from './runtime.js';
import { type SnsDelivery, type StoredMessage, type StoredSubscription, snsSlice } from './state.js';

export interface PlannedDelivery {
  subscription: StoredSubscription;
  record: SnsDelivery;
}

/** The deliveries of a message (pure): one per confirmed subscription that passes its filter policy. */
export function planDeliveries(input: {
  subscriptions: readonly StoredSubscription[];
  message: StoredMessage;
  urls: Urls;
  handled: boolean;
}): PlannedDelivery[] {
  return input.subscriptions
    .filter((s) => !s.pending && passesFilter(s.attributes, input.message))
    .map((subscription) => ({
      subscription,
      record: {
        type: 'Notification',
        messageId: input.message.messageId,
        subscriptionArn: subscription.arn,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
        payload: payloadFor(subscription, input.message, input.urls),
        at: input.message.publishedAt,
        status: input.handled ? 'Pending' : 'NoHandler',
      },
    }));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Hands each planned delivery to the handler (the records are already stored) and records the outcome. */
export function runDeliveries(
  rt: SnsRuntime,
  message: StoredMessage,
  planned: readonly PlannedDelivery[],
): void {
  const handler = rt.deliver;
  if (!handler) return;
  const { store } = rt.deps;
  for (const { subscription, record } of planned) {
    const settle = (error?: unknown) =>
      store.dispatch(snsSlice, 'deliveryResult', {
        topicArn: message.topicArn,
        messageId: message.messageId,
        subscriptionArn: subscription.arn,
        status: error === undefined ? 'Delivered' : 'Failed',
        ...(error === undefined ? {} : { error: errorText(error) }),
      });
    let outcome: void | Promise<void>;
    try {
      outcome = handler({ subscription, message, payload: record.payload });
    } catch (err) {
      settle(err ?? 'failed');
      continue;
    }
    if (!(outcome instanceof Promise)) {
      settle();
      continue;
    }
    const tracked: Promise<void> = outcome.then(
      () => settle(),
      (err: unknown) => settle(err ?? 'failed'),
    );
    rt.pending.add(tracked);
    void tracked.finally(() => rt.pending.delete(tracked));
  }
}
