/**
 * Authorizing SNS requests: actions on a topic are evaluated with the topic policy as the resource
 * policy (so other accounts need the topic policy's grant); denials answer `AuthorizationError` (403) as
 * SNS does, with IAM's message.
 */
import { isAwsError } from '../../http/errors.js';
import type { AuthorizeRequest } from '../deps.js';
import { SnsErrors } from './errors.js';
import { defaultTopicPolicy } from './policy.js';
import type { SnsCall } from './runtime.js';
import type { StoredTopic } from './state.js';

type ContextKeys = NonNullable<AuthorizeRequest['contextKeys']>;

/** Runs `call.authorize`, answering a denial with AuthorizationError. */
export function authorizeSns(call: SnsCall, request: AuthorizeRequest): void {
  try {
    call.authorize(request);
  } catch (err) {
    if (isAwsError(err) && err.code.startsWith('AccessDenied')) throw SnsErrors.authorization(err.message);
    throw err;
  }
}

export function topicPolicy(topic: StoredTopic): string {
  return topic.attributes['Policy'] ?? defaultTopicPolicy(topic.arn, topic.accountId);
}

function resourceTagKeys(topic: StoredTopic): ContextKeys {
  const keys: ContextKeys = {};
  for (const tag of topic.tags) keys[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  return keys;
}

/**
 * Authorizes `action` on a topic. An existing topic's policy takes part; a topic that does not exist is
 * evaluated on the caller's IAM policies alone (the NotFound comes after).
 */
export function authorizeTopic(
  call: SnsCall,
  target: { arn: string; accountId: string; topic: StoredTopic | undefined },
  action: string,
  contextKeys: ContextKeys = {},
): void {
  const { topic } = target;
  authorizeSns(call, {
    action,
    resource: target.arn,
    resourceAccount: target.accountId,
    resourcePolicy: topic && {
      name: `topic policy of ${topic.arn}`,
      document: topicPolicy(topic),
      kind: 'generic',
    },
    contextKeys: { ...(topic ? resourceTagKeys(topic) : {}), ...contextKeys },
  });
}
