/**
 * What every SNS operation works with: the service dependencies, the subscription handler (Lambda and
 * others plug in through it), deliveries in flight, and per request a call — the caller, its account and
 * region, the request time, the endpoint URL clients used, and how to authorize.
 */
import type { RequestContext } from '../../http/types.js';
import type { AuthorizeRequest, ServiceDeps } from '../deps.js';
import { SnsErrors } from './errors.js';
import type { Where } from './names.js';
import type { StoredMessage, StoredSubscription } from './state.js';

/** One delivery of a message to one subscription. */
export interface SubscriptionDelivery {
  subscription: StoredSubscription;
  message: StoredMessage;
  /**
   * What the endpoint receives: for `lambda` the event JSON Lambda passes the function
   * (`{"Records":[{"EventSource":"aws:sns",…}]}`); for `sqs`, `http(s)`, `email-json` the notification
   * document (or the raw message with RawMessageDelivery); for `email` and `sms` the message text.
   */
  payload: string;
}

/** Delivers to a subscription; throwing or rejecting marks the delivery Failed (Publish still succeeds). */
export type SubscriptionHandler = (delivery: SubscriptionDelivery) => void | Promise<void>;

export interface SnsRuntime {
  readonly deps: ServiceDeps;
  deliver: SubscriptionHandler | undefined;
  readonly pending: Set<Promise<void>>;
}

export interface SnsCall {
  /** The caller's account and the region the request was made in. */
  readonly where: Where;
  readonly principalArn: string;
  readonly now: Date;
  /** Scheme, host and port for URLs in messages (SubscribeURL, UnsubscribeURL). */
  readonly endpoint: string;
  /** Throws the AccessDenied error when the caller may not do this. */
  authorize(request: AuthorizeRequest): void;
}

export function callOf(rt: SnsRuntime, ctx: RequestContext): SnsCall {
  const principal = rt.deps.callerOf(ctx);
  if (!principal || principal.accountId === '') throw SnsErrors.anonymous();
  return {
    where: { accountId: principal.accountId, region: ctx.region },
    principalArn: principal.arn,
    now: ctx.now,
    endpoint: ctx.endpoint,
    authorize: (request) => rt.deps.authorize(ctx, request),
  };
}
