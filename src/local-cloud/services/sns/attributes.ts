/**
 * Topic attributes: which ones CreateTopic and SetTopicAttributes accept and how each is checked, and
 * what GetTopicAttributes answers (the stored ones plus Owner, TopicArn, Policy, subscription counts and
 * the effective delivery policy). KmsMasterKeyId is accepted and reported but messages are not
 * encrypted at rest here.
 */
import { SnsErrors } from './errors.js';
import { topicPolicy } from './authz.js';
import { checkTopicPolicy } from './policy.js';
import type { StoredSubscription, StoredTopic } from './state.js';

const FEEDBACK = /^(HTTP|Firehose|Lambda|SQS|Application)(Success|Failure)Feedback(RoleArn|SampleRate)$/;

const SETTABLE = [
  'DeliveryPolicy',
  'DisplayName',
  'Policy',
  'SignatureVersion',
  'TracingConfig',
  'KmsMasterKeyId',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'FifoThroughputScope',
];

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

function oneOf(name: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value))
    throw SnsErrors.invalidParameter(`Attributes Reason: ${name}: Invalid value [${value}]`);
}

/** Checks that an attribute may be set (`creating` also allows FifoTopic). */
export function checkAttributeName(name: string, options: { creating: boolean }): void {
  if (!SETTABLE.includes(name) && !FEEDBACK.test(name) && !(options.creating && name === 'FifoTopic')) {
    throw SnsErrors.invalidParameter(
      options.creating ? 'Attributes Reason: Unknown attribute' : 'AttributeName',
    );
  }
}

/** Checks one attribute and its value; `fifo` tells whether the topic is FIFO. */
export function checkTopicAttribute(
  name: string,
  value: string,
  options: { creating: boolean; fifo: boolean },
): void {
  checkAttributeName(name, options);
  switch (name) {
    case 'DisplayName':
      if (value.length > 100) throw SnsErrors.invalidParameter('DisplayName');
      return;
    case 'Policy':
      checkTopicPolicy(value);
      return;
    case 'FifoTopic':
      oneOf(name, value, ['true', 'false']);
      return;
    case 'ContentBasedDeduplication':
      oneOf(name, value, ['true', 'false']);
      if (!options.fifo && value === 'true') {
        throw SnsErrors.invalidParameter(
          'Attributes Reason: Content-based deduplication can only be set for FIFO topics',
        );
      }
      return;
    case 'SignatureVersion':
      oneOf(name, value, ['1', '2']);
      return;
    case 'TracingConfig':
      oneOf(name, value, ['PassThrough', 'Active']);
      return;
    case 'DeliveryPolicy':
    case 'ArchivePolicy':
      if (!isJson(value)) throw SnsErrors.invalidParameter(`${name}: the value is not valid JSON`);
      return;
    case 'KmsMasterKeyId':
      if (value.length === 0 || value.length > 2048) throw SnsErrors.invalidParameter('KmsMasterKeyId');
      return;
  }
}

export const EFFECTIVE_DELIVERY_POLICY = JSON.stringify({
  http: {
    defaultHealthyRetryPolicy: {
      minDelayTarget: 20,
      maxDelayTarget: 20,
      numRetries: 3,
      numMaxDelayRetries: 0,
      numNoDelayRetries: 0,
      numMinDelayRetries: 0,
      backoffFunction: 'linear',
    },
    disableSubscriptionOverrides: false,
    defaultRequestPolicy: { headerContentType: 'text/plain; charset=UTF-8' },
  },
});

export function isFifo(topic: StoredTopic): boolean {
  return topic.attributes['FifoTopic'] === 'true';
}

export function topicAttributes(
  topic: StoredTopic,
  subscriptions: readonly StoredSubscription[],
): Record<string, string> {
  const pending = subscriptions.filter((s) => s.pending).length;
  const attributes: Record<string, string> = {
    Policy: topicPolicy(topic),
    Owner: topic.accountId,
    SubscriptionsPending: String(pending),
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: topic.attributes['DeliveryPolicy'] ?? EFFECTIVE_DELIVERY_POLICY,
    SubscriptionsConfirmed: String(subscriptions.length - pending),
    DisplayName: topic.attributes['DisplayName'] ?? '',
    SubscriptionsDeleted: String(topic.subscriptionsDeleted),
  };
  for (const [name, value] of Object.entries(topic.attributes)) attributes[name] ??= value;
  if (isFifo(topic)) attributes['ContentBasedDeduplication'] ??= 'false';
  return attributes;
}
