/**
 * Subscription attributes: which ones Subscribe and SetSubscriptionAttributes accept and how each is
 * checked, and what GetSubscriptionAttributes answers.
 */
import { SnsErrors } from './errors.js';
import { checkFilterPolicy, FILTER_POLICY_SCOPES } from './filter-policy.js';
import type { StoredSubscription } from './state.js';

const SETTABLE = [
  'DeliveryPolicy',
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'SubscriptionRoleArn',
  'ReplayPolicy',
];

const RAW_PROTOCOLS = ['sqs', 'http', 'https', 'firehose'];
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

function isJson(value: string): boolean {
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks one attribute of a subscription with `protocol`; `all` are the attributes it will have (the
 * filter policy is checked against its scope).
 */
export function checkSubscriptionAttribute(
  name: string,
  value: string,
  context: { protocol: string; all: Readonly<Record<string, string>>; creating: boolean },
): void {
  if (!SETTABLE.includes(name)) {
    throw SnsErrors.invalidParameter(
      context.creating ? 'Attributes Reason: Unknown attribute' : 'AttributeName',
    );
  }
  switch (name) {
    case 'RawMessageDelivery':
      if (value !== 'true' && value !== 'false')
        throw SnsErrors.invalidParameter('Attributes Reason: RawMessageDelivery: Invalid value');
      if (value === 'true' && !RAW_PROTOCOLS.includes(context.protocol)) {
        throw SnsErrors.invalidParameter(
          `Attributes Reason: Delivery protocol [${context.protocol}] does not support raw message delivery.`,
        );
      }
      return;
    case 'FilterPolicyScope':
      if (!(FILTER_POLICY_SCOPES as readonly string[]).includes(value)) {
        throw SnsErrors.invalidParameter(
          `Attributes Reason: FilterPolicyScope: Invalid value [${value}]. Please use either MessageBody or MessageAttributes`,
        );
      }
      if (context.all['FilterPolicy'] !== undefined) checkFilterPolicy(context.all['FilterPolicy'], value);
      return;
    case 'FilterPolicy':
      checkFilterPolicy(value, context.all['FilterPolicyScope'] ?? 'MessageAttributes');
      return;
    case 'SubscriptionRoleArn':
      if (!ROLE_ARN.test(value))
        throw SnsErrors.invalidParameter('Attributes Reason: SubscriptionRoleArn: Invalid role ARN');
      return;
    default:
      if (!isJson(value))
        throw SnsErrors.invalidParameter(`Attributes Reason: ${name}: the value is not valid JSON`);
  }
}

export function subscriptionAttributes(sub: StoredSubscription): Record<string, string> {
  const attributes: Record<string, string> = {
    SubscriptionArn: sub.arn,
    TopicArn: sub.topicArn,
    Owner: sub.owner,
    Protocol: sub.protocol,
    Endpoint: sub.endpoint,
    ConfirmationWasAuthenticated: String(
      !sub.pending && !['http', 'https', 'email', 'email-json'].includes(sub.protocol),
    ),
    PendingConfirmation: String(sub.pending),
    RawMessageDelivery: 'false',
    SubscriptionPrincipal: `arn:aws:iam::${sub.owner}:root`,
  };
  Object.assign(attributes, sub.attributes);
  if (sub.attributes['FilterPolicy'] !== undefined) attributes['FilterPolicyScope'] ??= 'MessageAttributes';
  return attributes;
}
