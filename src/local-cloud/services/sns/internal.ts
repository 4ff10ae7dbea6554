/**
 * What SNS offers the other services of the local cloud, and tests:
 *
 *   - `messages(topicArn)`, `deliveries(topicArn)`: what was published to a topic and what each
 *     subscription was given (confirmation documents included, with their tokens).
 *   - `setSubscriptionHandler(handler)`: how subscriptions are delivered (Lambda plugs in here);
 *     `idle()` waits for deliveries in flight.
 *   - `publishAsService(...)`: a message from an AWS service (EventBridge's topic targets), allowed by the
 *     topic policy alone.
 *   - typed operations for CloudFormation's providers (AWS::SNS::Topic, Subscription, TopicPolicy), run
 *     with the caller's `SnsCall` (account, region, clock, authorizer).
 */
import type { SnsDelivery, StoredMessage, StoredSubscription, StoredTopic } from './state.js';
import { snsState, subscriptionsOf } from './lookup.js';
import { type PublishInput, type PublishResult, publish } from './ops/publish.js';
import {
  type SubscribeInput,
  setSubscriptionAttribute,
  subscribe,
  unsubscribe,
} from './ops/subscriptions.js';
import {
  type CreateTopicInput,
  createTopic,
  deleteTopic,
  getTopicAttributes,
  setTopicAttribute,
} from './ops/topics.js';
import type { SnsCall, SnsRuntime, SubscriptionHandler } from './runtime.js';
import { type ServicePrincipalInput, servicePrincipalCall } from './service-publish.js';

export interface SnsInternal {
  messages(topicArn: string): StoredMessage[];
  deliveries(topicArn: string): SnsDelivery[];
  topic(topicArn: string): StoredTopic | undefined;
  subscriptions(topicArn: string): StoredSubscription[];
  setSubscriptionHandler(handler: SubscriptionHandler | undefined): void;
  idle(): Promise<void>;
  publishAsService(
    input: Omit<ServicePrincipalInput, 'now'> & Omit<PublishInput, 'topicArn'> & { now?: Date },
  ): PublishResult;
  createTopic(call: SnsCall, input: CreateTopicInput): { topicArn: string };
  deleteTopic(call: SnsCall, topicArn: string): void;
  getTopicAttributes(call: SnsCall, topicArn: string): Record<string, string>;
  setTopicAttribute(call: SnsCall, input: { topicArn: string; name: string; value: string }): void;
  subscribe(call: SnsCall, input: SubscribeInput): { subscriptionArn: string };
  unsubscribe(call: SnsCall, subscriptionArn: string): void;
  setSubscriptionAttribute(
    call: SnsCall,
    input: { subscriptionArn: string; name: string; value: string },
  ): void;
  publish(call: SnsCall, input: PublishInput): PublishResult;
}

const copy = <T>(value: T): T => structuredClone(value);

export function createSnsInternal(rt: SnsRuntime): SnsInternal {
  const { store } = rt.deps;
  return {
    messages: (topicArn) => copy(snsState(store).messages[topicArn] ?? []),
    deliveries: (topicArn) => copy(snsState(store).deliveries[topicArn] ?? []),
    topic: (topicArn) => {
      const topic = snsState(store).topics[topicArn];
      return topic && copy(topic);
    },
    subscriptions: (topicArn) => copy(subscriptionsOf(store, topicArn)),
    setSubscriptionHandler(handler) {
      rt.deliver = handler;
    },
    async idle() {
      while (rt.pending.size > 0) await Promise.allSettled([...rt.pending]);
    },
    publishAsService(input) {
      const call = servicePrincipalCall({ ...input, now: input.now ?? rt.deps.now() });
      return publish(rt, call, input);
    },
    createTopic: (call, input) => createTopic(rt, call, input),
    deleteTopic: (call, topicArn) => deleteTopic(rt, call, topicArn),
    getTopicAttributes: (call, topicArn) => getTopicAttributes(rt, call, topicArn),
    setTopicAttribute: (call, input) => setTopicAttribute(rt, call, input),
    subscribe: (call, input) => subscribe(rt, call, input),
    unsubscribe: (call, arn) => unsubscribe(rt, call, arn),
    setSubscriptionAttribute: (call, input) => setSubscriptionAttribute(rt, call, input),
    publish: (call, input) => publish(rt, call, input),
  };
}
