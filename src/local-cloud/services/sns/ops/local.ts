/**
 * `LocalCloudListMessages` — a local-only action (not an AWS API): the messages recorded for a topic,
 * oldest first, for tests and for users of the `aws` CLI
 * (`aws sns … ` cannot call it; sign a query request with `Action=LocalCloudListMessages&TopicArn=…`).
 * Allowed to whoever may read the topic's attributes.
 */
import { xmlList } from '../../../http/index.js';
import { authorizeTopic } from '../authz.js';
import { existing, snsState, topicTarget } from '../lookup.js';
import { required } from '../params.js';
import type { StoredMessage } from '../state.js';
import type { SnsOperations } from './types.js';

export const LOCAL_LIST_MESSAGES = 'LocalCloudListMessages';

export function messageShape(m: StoredMessage) {
  return {
    MessageId: m.messageId,
    TopicArn: m.topicArn,
    Subject: m.subject,
    Message: m.message,
    MessageStructure: m.messageStructure,
    MessageGroupId: m.messageGroupId,
    SequenceNumber: m.sequenceNumber,
    Timestamp: m.publishedAt,
    Publisher: m.publisherArn,
    MessageAttributes: xmlList(
      Object.entries(m.messageAttributes).map(([name, a]) => ({ Name: name, ...a })),
      'entry',
    ),
  };
}

export const localOperations: SnsOperations = {
  [LOCAL_LIST_MESSAGES](rt, params, call) {
    const target = topicTarget(rt.deps.store, call, required(params, 'TopicArn'));
    authorizeTopic(call, target, 'SNS:GetTopicAttributes');
    const topic = existing(target);
    return { Messages: (snsState(rt.deps.store).messages[topic.arn] ?? []).map(messageShape) };
  },
};
