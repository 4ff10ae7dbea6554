/**
 * Publish: the message is checked, authorized with the topic policy (so another account may publish only
 * when the policy lets it), recorded, and delivered to the topic's confirmed subscriptions. FIFO topics
 * need a MessageGroupId and a deduplication ID (or content-based deduplication); a duplicate within five
 * minutes answers the first message's ID and is not delivered again.
 */
import { createHash } from 'node:crypto';
import { isFifo } from '../attributes.js';
import { authorizeTopic } from '../authz.js';
import { planDeliveries, runDeliveries } from '../delivery.js';
import { SnsErrors } from '../errors.js';
import { uuidFrom } from '../ids.js';
import { existing, snsState, subscriptionsOf, topicTarget } from '../lookup.js';
import { checkMessage, readMessageAttributes } from '../message.js';
import { required } from '../params.js';
import type { SnsCall, SnsRuntime } from '../runtime.js';
import { type MessageAttribute, type StoredMessage, type StoredTopic, snsSlice } from '../state.js';
import type { SnsOperations } from './types.js';

const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;

export interface PublishInput {
  topicArn: string;
  message: string;
  subject?: string;
  messageStructure?: string;
  messageAttributes?: Readonly<Record<string, MessageAttribute>>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

export interface PublishResult {
  messageId: string;
  sequenceNumber?: string;
}

function deduplicationId(topic: StoredTopic, input: PublishInput): string | undefined {
  if (!isFifo(topic)) {
    if (input.messageDeduplicationId !== undefined) {
      throw SnsErrors.invalidParameter(
        'MessageDeduplicationId Reason: The request includes MessageDeduplicationId parameter that is not valid for this topic type',
      );
    }
    return undefined;
  }
  if (input.messageGroupId === undefined) {
    throw SnsErrors.invalidParameter('The MessageGroupId parameter is required for FIFO topics');
  }
  if (input.messageDeduplicationId !== undefined) return input.messageDeduplicationId;
  if (topic.attributes['ContentBasedDeduplication'] === 'true') {
    return createHash('sha256').update(input.message).digest('hex');
  }
  throw SnsErrors.invalidParameter(
    'The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
  );
}

export function publish(rt: SnsRuntime, call: SnsCall, input: PublishInput): PublishResult {
  const { store } = rt.deps;
  const messageAttributes = { ...input.messageAttributes };
  checkMessage({ ...input, messageAttributes });
  const target = topicTarget(store, call, input.topicArn);
  authorizeTopic(call, target, 'SNS:Publish');
  const topic = existing(target);
  const dedup = deduplicationId(topic, input);
  const now = call.now.getTime();
  if (dedup !== undefined) {
    const duplicate = (snsState(store).messages[topic.arn] ?? []).find(
      (m) => m.messageDeduplicationId === dedup && now - Date.parse(m.publishedAt) < DEDUPLICATION_WINDOW_MS,
    );
    if (duplicate) return { messageId: duplicate.messageId, sequenceNumber: duplicate.sequenceNumber };
  }
  const serial = snsState(store).serial + 1;
  const message: StoredMessage = {
    messageId: uuidFrom('message', topic.arn, String(serial)),
    topicArn: topic.arn,
    message: input.message,
    subject: input.subject,
    messageStructure: input.messageStructure,
    messageAttributes,
    messageGroupId: input.messageGroupId,
    messageDeduplicationId: dedup,
    sequenceNumber: isFifo(topic) ? String(serial).padStart(20, '0') : undefined,
    publishedAt: call.now.toISOString(),
    publisherArn: call.principalArn,
    publisherAccount: call.where.accountId,
  };
  const planned = planDeliveries({
    subscriptions: subscriptionsOf(store, topic.arn),
    message,
    urls: { endpoint: call.endpoint },
    handled: rt.deliver !== undefined,
  });
  store.dispatch(snsSlice, 'publish', { serial, message, deliveries: planned.map((p) => p.record) });
  runDeliveries(rt, message, planned);
  return { messageId: message.messageId, sequenceNumber: message.sequenceNumber };
}

export const publishOperations: SnsOperations = {
  Publish(rt, params, call) {
    if (params.get('PhoneNumber') !== undefined) {
      throw SnsErrors.invalidParameter('PhoneNumber Reason: the local cloud does not send SMS messages');
    }
    const topicArn = params.get('TopicArn') ?? params.get('TargetArn');
    if (topicArn === undefined) {
      throw SnsErrors.invalidParameter('TopicArn or TargetArn Reason: no value for required parameter');
    }
    const result = publish(rt, call, {
      topicArn,
      message: required(params, 'Message'),
      subject: params.get('Subject'),
      messageStructure: params.get('MessageStructure'),
      messageAttributes: readMessageAttributes(params),
      messageGroupId: params.get('MessageGroupId'),
      messageDeduplicationId: params.get('MessageDeduplicationId'),
    });
    return { MessageId: result.messageId, SequenceNumber: result.sequenceNumber };
  },
};
