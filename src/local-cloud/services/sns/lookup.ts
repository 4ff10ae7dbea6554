/**
 * Finding topics and subscriptions. A topic ARN names its account and region; requests are answered by
 * the region they were sent to, so an ARN of another region is an invalid parameter, as on AWS.
 */
import type { StateStore } from '../../state/store.js';
import { SnsErrors } from './errors.js';
import { parseTopicArn } from './names.js';
import type { SnsCall } from './runtime.js';
import { type SnsState, type StoredSubscription, type StoredTopic, snsSlice } from './state.js';

export function snsState(store: StateStore): SnsState {
  return store.get<SnsState>(snsSlice);
}

export interface TopicTarget {
  arn: string;
  accountId: string;
  topic: StoredTopic | undefined;
}

/** The topic an ARN parameter names (it may not exist). */
export function topicTarget(store: StateStore, call: SnsCall, arn: string, member = 'TopicArn'): TopicTarget {
  const parsed = parseTopicArn(arn);
  if (!parsed || parsed.region !== call.where.region) throw SnsErrors.invalidParameter(member);
  return { arn, accountId: parsed.accountId, topic: snsState(store).topics[arn] };
}

export function existing(target: TopicTarget): StoredTopic {
  if (!target.topic) throw SnsErrors.topicNotFound();
  return target.topic;
}

export function subscriptionsOf(store: StateStore, topicArn: string): StoredSubscription[] {
  return Object.values(snsState(store).subscriptions).filter((s) => s.topicArn === topicArn);
}
