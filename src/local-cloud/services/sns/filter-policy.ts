/**
 * Subscription filter policies: EventBridge's pattern grammar (`parsePattern`) applied to the message
 * attributes (`FilterPolicyScope` MessageAttributes, the default: String → string, Number → number,
 * String.Array → its JSON array, Binary ignored) or to the message body (`MessageBody`, JSON messages
 * only). Errors are InvalidParameter "FilterPolicy: …".
 */
import { isAwsError } from '../../http/errors.js';
import { matchPattern } from '../events/pattern/match.js';
import { parsePattern } from '../events/pattern/parse.js';
import type { PatternNode } from '../events/pattern/types.js';
import { SnsErrors } from './errors.js';
import type { MessageAttribute, StoredMessage } from './state.js';

export const FILTER_POLICY_SCOPES = ['MessageAttributes', 'MessageBody'] as const;

export function checkFilterPolicy(text: string, scope: string): PatternNode {
  let pattern: PatternNode;
  try {
    pattern = parsePattern(text);
  } catch (err) {
    if (!isAwsError(err)) throw err;
    throw SnsErrors.invalidParameter(
      `FilterPolicy: ${err.message.replace(/^Event pattern is not valid\. Reason: /, '')}`,
    );
  }
  if (scope === 'MessageAttributes' && Object.values(pattern.fields).some((f) => !Array.isArray(f))) {
    throw SnsErrors.invalidParameter(
      'Filter policy scope MessageAttributes does not support nested filter policy',
    );
  }
  return pattern;
}

function attributeDocument(attributes: Readonly<Record<string, MessageAttribute>>): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [name, a] of Object.entries(attributes)) {
    if (a.StringValue === undefined) continue;
    if (a.DataType.startsWith('Number')) doc[name] = Number(a.StringValue);
    else if (a.DataType === 'String.Array') doc[name] = JSON.parse(a.StringValue);
    else doc[name] = a.StringValue;
  }
  return doc;
}

/** Whether a subscription with these attributes takes the message. */
export function passesFilter(
  subscriptionAttributes: Readonly<Record<string, string>>,
  message: StoredMessage,
): boolean {
  const policy = subscriptionAttributes['FilterPolicy'];
  if (policy === undefined || policy.trim() === '' || policy.trim() === '{}') return true;
  const scope = subscriptionAttributes['FilterPolicyScope'] ?? 'MessageAttributes';
  const pattern = parsePattern(policy);
  if (scope === 'MessageAttributes')
    return matchPattern(pattern, attributeDocument(message.messageAttributes));
  try {
    return matchPattern(pattern, JSON.parse(message.message));
  } catch {
    return false;
  }
}
