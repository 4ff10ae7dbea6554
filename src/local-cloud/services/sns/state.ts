/**
 * SNS state: topics and subscriptions by ARN (ARNs carry account and region), the messages published to
 * each topic and the deliveries to its subscriptions, changed only through the reducers below. IDs and
 * timestamps come in the payloads. A topic keeps its newest `MAX_RECORDED` messages and deliveries.
 */
import type { SliceDefinition } from '../../state/store.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface StoredTopic {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  /** ISO 8601. */
  createdAt: string;
  /** Attributes set by CreateTopic / SetTopicAttributes (Policy, DisplayName, KmsMasterKeyId, …). */
  attributes: Record<string, string>;
  tags: Tag[];
  subscriptionsDeleted: number;
}

export interface StoredSubscription {
  arn: string;
  topicArn: string;
  /** The subscriber's account. */
  owner: string;
  protocol: string;
  endpoint: string;
  pending: boolean;
  /** The confirmation token of a pending subscription. */
  token?: string;
  attributes: Record<string, string>;
  createdAt: string;
}

export interface MessageAttribute {
  DataType: string;
  StringValue?: string;
  /** Base64. */
  BinaryValue?: string;
}

export interface StoredMessage {
  messageId: string;
  topicArn: string;
  message: string;
  subject?: string;
  messageStructure?: string;
  messageAttributes: Record<string, MessageAttribute>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
  sequenceNumber?: string;
  /** ISO 8601. */
  publishedAt: string;
  /** The publisher's ARN and account. */
  publisherArn: string;
  publisherAccount: string;
}

/** `Recorded`: kept for reading only (subscription confirmations, which no handler receives). */
export type SnsDeliveryStatus = 'Pending' | 'Delivered' | 'Failed' | 'NoHandler' | 'Recorded';

export interface SnsDelivery {
  type: 'Notification' | 'SubscriptionConfirmation';
  messageId: string;
  subscriptionArn: string;
  protocol: string;
  endpoint: string;
  /** What the endpoint receives: JSON text (the Lambda event, the notification document) or the raw message. */
  payload: string;
  at: string;
  status: SnsDeliveryStatus;
  error?: string;
}

export interface SnsState {
  topics: Record<string, StoredTopic>;
  subscriptions: Record<string, StoredSubscription>;
  /** By topic ARN, oldest first. */
  messages: Record<string, StoredMessage[]>;
  /** By topic ARN, oldest first. */
  deliveries: Record<string, SnsDelivery[]>;
  /** Counts IDs handed out (messages, subscriptions): their seed. */
  serial: number;
}

export const MAX_RECORDED = 1000;

function capped<T>(list: T[]): void {
  if (list.length > MAX_RECORDED) list.splice(0, list.length - MAX_RECORDED);
}

function record(state: SnsState, topicArn: string, deliveries: SnsDelivery[]): void {
  if (deliveries.length === 0) return;
  const list = state.deliveries[topicArn] ?? [];
  list.push(...deliveries);
  capped(list);
  state.deliveries[topicArn] = list;
}

export const snsSlice: SliceDefinition<SnsState> = {
  name: 'sns',
  initial: () => ({ topics: {}, subscriptions: {}, messages: {}, deliveries: {}, serial: 0 }),
  reducers: {
    createTopic: (state, payload: { topic: StoredTopic }) => {
      state.topics[payload.topic.arn] = payload.topic;
    },
    deleteTopic: (state, payload: { arn: string }) => {
      delete state.topics[payload.arn];
      delete state.messages[payload.arn];
      delete state.deliveries[payload.arn];
      for (const [arn, sub] of Object.entries(state.subscriptions)) {
        if (sub.topicArn === payload.arn) delete state.subscriptions[arn];
      }
    },
    setTopicAttribute: (state, payload: { arn: string; name: string; value: string | null }) => {
      const topic = state.topics[payload.arn];
      if (!topic) return;
      if (payload.value === null) delete topic.attributes[payload.name];
      else topic.attributes[payload.name] = payload.value;
    },
    tagTopic: (state, payload: { arn: string; tags: Tag[] }) => {
      const topic = state.topics[payload.arn];
      if (!topic) return;
      for (const tag of payload.tags) {
        const existing = topic.tags.find((t) => t.Key === tag.Key);
        if (existing) existing.Value = tag.Value;
        else topic.tags.push({ Key: tag.Key, Value: tag.Value });
      }
    },
    untagTopic: (state, payload: { arn: string; keys: string[] }) => {
      const topic = state.topics[payload.arn];
      if (topic) topic.tags = topic.tags.filter((t) => !payload.keys.includes(t.Key));
    },
    subscribe: (
      state,
      payload: { subscription: StoredSubscription; serial: number; deliveries: SnsDelivery[] },
    ) => {
      state.serial = Math.max(state.serial, payload.serial);
      state.subscriptions[payload.subscription.arn] = payload.subscription;
      record(state, payload.subscription.topicArn, payload.deliveries);
    },
    confirmSubscription: (state, payload: { arn: string }) => {
      const sub = state.subscriptions[payload.arn];
      if (!sub) return;
      sub.pending = false;
      delete sub.token;
    },
    unsubscribe: (state, payload: { arn: string }) => {
      const sub = state.subscriptions[payload.arn];
      if (!sub) return;
      delete state.subscriptions[payload.arn];
      const topic = state.topics[sub.topicArn];
      if (topic) topic.subscriptionsDeleted += 1;
    },
    setSubscriptionAttribute: (state, payload: { arn: string; name: string; value: string | null }) => {
      const sub = state.subscriptions[payload.arn];
      if (!sub) return;
      if (payload.value === null) delete sub.attributes[payload.name];
      else sub.attributes[payload.name] = payload.value;
    },
    publish: (state, payload: { serial: number; message: StoredMessage; deliveries: SnsDelivery[] }) => {
      state.serial = Math.max(state.serial, payload.serial);
      const { topicArn } = payload.message;
      if (!state.topics[topicArn]) return;
      const list = state.messages[topicArn] ?? [];
      list.push(payload.message);
      capped(list);
      state.messages[topicArn] = list;
      record(state, topicArn, payload.deliveries);
    },
    deliveryResult: (
      state,
      payload: {
        topicArn: string;
        messageId: string;
        subscriptionArn: string;
        status: SnsDeliveryStatus;
        error?: string;
      },
    ) => {
      const found = state.deliveries[payload.topicArn]?.find(
        (d) => d.messageId === payload.messageId && d.subscriptionArn === payload.subscriptionArn,
      );
      if (!found) return;
      found.status = payload.status;
      if (payload.error !== undefined) found.error = payload.error;
    },
  },
};
