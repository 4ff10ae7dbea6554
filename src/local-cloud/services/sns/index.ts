/**
 * The local cloud's SNS (query protocol, 2010-03-31): topics with attributes, policies and tags,
 * subscriptions (confirmed at once, or pending confirmation for email and HTTP(S)), Publish with message
 * attributes, MessageStructure=json, filter policies and FIFO deduplication. Messages and deliveries are
 * recorded and listable. Actions on a topic are authorized with the topic policy as the resource policy,
 * so cross-account publishing works exactly when the policy allows it.
 *
 *   const sns = registerSns(registry, deps, { deliver });   // SnsInternal
 *   sns.messages('arn:aws:sns:us-east-1:111111111111:alerts');
 */
import type { ServiceRegistry } from '../../http/registry.js';
import type { ServiceDeps } from '../deps.js';
import { createSnsInternal, type SnsInternal } from './internal.js';
import { localOperations } from './ops/local.js';
import { publishOperations } from './ops/publish.js';
import { confirmSubscription, subscriptionOperations } from './ops/subscriptions.js';
import { tagOperations } from './ops/tags.js';
import { topicOperations } from './ops/topics.js';
import type { SnsOperations } from './ops/types.js';
import { required } from './params.js';
import { callOf, type SnsRuntime, type SubscriptionHandler } from './runtime.js';
import { snsSlice } from './state.js';

export type { SnsInternal } from './internal.js';
export { type MessageInput, SNS_LIMITS } from './message.js';
export { parseTopicArn, topicArn } from './names.js';
export { LOCAL_LIST_MESSAGES } from './ops/local.js';
export type { PublishInput, PublishResult } from './ops/publish.js';
export { PENDING_CONFIRMATION, type SubscribeInput } from './ops/subscriptions.js';
export type { CreateTopicInput } from './ops/topics.js';
export { defaultTopicPolicy } from './policy.js';
export type { SnsCall, SubscriptionDelivery, SubscriptionHandler } from './runtime.js';
export type { ServicePrincipalInput } from './service-publish.js';
export type {
  MessageAttribute,
  SnsDelivery,
  SnsDeliveryStatus,
  SnsState,
  StoredMessage,
  StoredSubscription,
  StoredTopic,
} from './state.js';

/** The StateStore slices SNS keeps its state in. */
export const snsSlices = [snsSlice];

const OPERATIONS: SnsOperations = {
  ...topicOperations,
  ...subscriptionOperations,
  ...publishOperations,
  ...tagOperations,
  ...localOperations,
};

/** The actions this SNS answers (ConfirmSubscription included). */
export const SNS_OPERATIONS: readonly string[] = [...Object.keys(OPERATIONS), 'ConfirmSubscription'];

export interface RegisterSnsOptions {
  /** Delivers to subscriptions; deliveries are recorded with status NoHandler until one is set. */
  deliver?: SubscriptionHandler;
}

export function registerSns(
  registry: ServiceRegistry,
  deps: ServiceDeps,
  options: RegisterSnsOptions = {},
): SnsInternal {
  const rt: SnsRuntime = { deps, deliver: options.deliver, pending: new Set() };
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    registry.query('sns', name, ({ params }, ctx) => operation(rt, params, callOf(rt, ctx)));
  }
  // The SubscribeURL of a confirmation document works without a signature, as on AWS.
  registry.query(
    'sns',
    'ConfirmSubscription',
    ({ params }, ctx) => ({
      SubscriptionArn: confirmSubscription(rt, {
        region: ctx.region,
        topicArn: required(params, 'TopicArn'),
        token: required(params, 'Token'),
      }).subscriptionArn,
    }),
    { auth: 'optional' },
  );
  return createSnsInternal(rt);
}
