/**
 * What a subscription's endpoint receives for a message (pure): the event Lambda passes a function, the
 * notification document SQS, HTTP(S) and email-json endpoints get (or the raw message with
 * RawMessageDelivery), the message text for email and SMS; and the SubscriptionConfirmation document.
 *
 * Signatures are a deterministic digest in the Signature field's shape: they cannot be verified with a
 * certificate (the SigningCertURL points at the local cloud and serves nothing).
 */
import { digest } from '../../core/ids.js';
import { messageFor } from './message.js';
import type { MessageAttribute, StoredMessage, StoredSubscription } from './state.js';

export interface Urls {
  /** Scheme, host and port of the SNS endpoint (`http://127.0.0.1:4566`). */
  endpoint: string;
}

const RAW_CAPABLE = ['sqs', 'http', 'https', 'firehose'];

function signature(...parts: string[]): string {
  return digest('sns-signature', ...parts).toString('base64');
}

function attributeValues(
  attributes: Readonly<Record<string, MessageAttribute>>,
): Record<string, { Type: string; Value: string }> {
  const out: Record<string, { Type: string; Value: string }> = {};
  for (const [name, a] of Object.entries(attributes)) {
    out[name] = { Type: a.DataType, Value: a.StringValue ?? a.BinaryValue ?? '' };
  }
  return out;
}

function signingCertUrl(urls: Urls): string {
  return `${urls.endpoint}/SimpleNotificationService-localcloud.pem`;
}

function unsubscribeUrl(urls: Urls, subscriptionArn: string): string {
  return `${urls.endpoint}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(subscriptionArn)}`;
}

function lambdaEvent(sub: StoredSubscription, message: StoredMessage, text: string, urls: Urls): string {
  return JSON.stringify({
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: sub.arn,
        Sns: {
          Type: 'Notification',
          MessageId: message.messageId,
          TopicArn: message.topicArn,
          Subject: message.subject ?? null,
          Message: text,
          Timestamp: message.publishedAt,
          SignatureVersion: '1',
          Signature: signature(message.messageId, sub.arn, text),
          SigningCertUrl: signingCertUrl(urls),
          UnsubscribeUrl: unsubscribeUrl(urls, sub.arn),
          MessageAttributes: attributeValues(message.messageAttributes),
        },
      },
    ],
  });
}

function notification(sub: StoredSubscription, message: StoredMessage, text: string, urls: Urls): string {
  const hasAttributes = Object.keys(message.messageAttributes).length > 0;
  return JSON.stringify({
    Type: 'Notification',
    MessageId: message.messageId,
    ...(message.sequenceNumber === undefined ? {} : { SequenceNumber: message.sequenceNumber }),
    TopicArn: message.topicArn,
    ...(message.subject === undefined ? {} : { Subject: message.subject }),
    Message: text,
    Timestamp: message.publishedAt,
    SignatureVersion: '1',
    Signature: signature(message.messageId, sub.arn, text),
    SigningCertURL: signingCertUrl(urls),
    UnsubscribeURL: unsubscribeUrl(urls, sub.arn),
    ...(hasAttributes ? { MessageAttributes: attributeValues(message.messageAttributes) } : {}),
  });
}

export function payloadFor(sub: StoredSubscription, message: StoredMessage, urls: Urls): string {
  const text = messageFor(sub.protocol, message);
  if (sub.protocol === 'lambda') return lambdaEvent(sub, message, text, urls);
  if (sub.protocol === 'email' || sub.protocol === 'sms') return text;
  if (RAW_CAPABLE.includes(sub.protocol) && sub.attributes['RawMessageDelivery'] === 'true') return text;
  return notification(sub, message, text, urls);
}

/** The document an endpoint gets to confirm a new subscription. */
export function confirmationDocument(input: {
  sub: StoredSubscription;
  messageId: string;
  token: string;
  timestamp: string;
  urls: Urls;
}): string {
  const { sub, messageId, token, urls } = input;
  const message = `You have chosen to subscribe to the topic ${sub.topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`;
  return JSON.stringify({
    Type: 'SubscriptionConfirmation',
    MessageId: messageId,
    Token: token,
    TopicArn: sub.topicArn,
    Message: message,
    SubscribeURL: `${urls.endpoint}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(sub.topicArn)}&Token=${token}`,
    Timestamp: input.timestamp,
    SignatureVersion: '1',
    Signature: signature(messageId, sub.arn, token),
    SigningCertURL: signingCertUrl(urls),
  });
}
