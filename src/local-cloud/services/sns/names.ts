/**
 * Names and ARNs of SNS: topic names, topic and subscription ARNs, the protocols Subscribe accepts and
 * the endpoint each expects.
 */
import { SnsErrors } from './errors.js';

export interface Where {
  accountId: string;
  region: string;
}

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;

/** Checks a CreateTopic name (FIFO topics end in `.fifo`). */
export function checkTopicName(name: string, fifo: boolean): void {
  if (fifo ? !FIFO_TOPIC_NAME.test(name) : !TOPIC_NAME.test(name)) {
    throw SnsErrors.invalidParameter(
      fifo
        ? 'Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long.'
        : 'Topic Name',
    );
  }
}

export function topicArn(where: Where, name: string): string {
  return `arn:aws:sns:${where.region}:${where.accountId}:${name}`;
}

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]{1,256})$/;

/** A topic ARN's parts, or undefined. */
export function parseTopicArn(arn: string): (Where & { name: string }) | undefined {
  const match = TOPIC_ARN.exec(arn);
  return match ? { region: match[1]!, accountId: match[2]!, name: match[3]! } : undefined;
}

/** The topic ARN a subscription ARN belongs to (`<topic arn>:<id>`), or undefined. */
export function topicOfSubscription(arn: string): string | undefined {
  const at = arn.lastIndexOf(':');
  if (at < 0) return undefined;
  const topic = arn.slice(0, at);
  return parseTopicArn(topic) && /^[0-9a-f-]{36}$/.test(arn.slice(at + 1)) ? topic : undefined;
}

export const PROTOCOLS = [
  'http',
  'https',
  'email',
  'email-json',
  'sms',
  'sqs',
  'application',
  'lambda',
  'firehose',
] as const;

export type Protocol = (typeof PROTOCOLS)[number];

/** Protocols whose subscriptions wait for the endpoint's owner to confirm them. */
export const CONFIRMED_BY_ENDPOINT: readonly Protocol[] = ['http', 'https', 'email', 'email-json'];

const ENDPOINTS: Record<Protocol, { pattern: RegExp; error: string }> = {
  http: { pattern: /^http:\/\/\S+$/, error: 'Endpoint must match the specified protocol' },
  https: { pattern: /^https:\/\/\S+$/, error: 'Endpoint must match the specified protocol' },
  email: { pattern: /^[^@\s]+@[^@\s]+$/, error: 'Email address' },
  'email-json': { pattern: /^[^@\s]+@[^@\s]+$/, error: 'Email address' },
  sms: { pattern: /^\+?[0-9]{5,15}$/, error: 'Invalid SMS endpoint' },
  sqs: {
    pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/,
    error: 'SQS endpoint ARN',
  },
  application: { pattern: /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:endpoint\/.+$/, error: 'Endpoint ARN' },
  lambda: {
    pattern:
      /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$/,
    error: 'Lambda endpoint ARN',
  },
  firehose: {
    pattern: /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/.+$/,
    error: 'Firehose endpoint ARN',
  },
};

/** The protocol Subscribe names, checked; InvalidParameter for one SNS does not have. */
export function checkProtocol(protocol: string): Protocol {
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    throw SnsErrors.invalidParameter(`Amazon SNS does not support this protocol string: ${protocol}`);
  }
  return protocol as Protocol;
}

export function checkEndpoint(protocol: Protocol, endpoint: string | undefined): string {
  const rule = ENDPOINTS[protocol];
  if (endpoint === undefined || !rule.pattern.test(endpoint)) throw SnsErrors.invalidParameter(rule.error);
  return endpoint;
}
