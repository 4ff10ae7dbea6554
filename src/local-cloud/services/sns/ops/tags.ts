/**
 * Topic tags: TagResource, UntagResource, ListTagsForResource. Tagging is for the topic owner's account
 * only (the topic policy does not grant it to others).
 */
import type { QueryParams } from '../../../http/index.js';
import { authorizeSns } from '../authz.js';
import { SnsErrors } from '../errors.js';
import { snsState } from '../lookup.js';
import { parseTopicArn } from '../names.js';
import { MAX_TAGS, requestTagKeys, required, tags as readTags } from '../params.js';
import type { SnsCall, SnsRuntime } from '../runtime.js';
import { snsSlice, type StoredTopic } from '../state.js';
import type { SnsOperations } from './types.js';

function taggedTopic(
  rt: SnsRuntime,
  params: QueryParams,
  call: SnsCall,
  action: string,
  contextKeys: Record<string, string | string[]> = {},
): StoredTopic {
  const arn = required(params, 'ResourceArn');
  const parsed = parseTopicArn(arn);
  if (!parsed || parsed.region !== call.where.region) throw SnsErrors.invalidParameter('ResourceArn');
  const topic = snsState(rt.deps.store).topics[arn];
  const resourceTags: Record<string, string> = {};
  for (const tag of topic?.tags ?? []) resourceTags[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  authorizeSns(call, {
    action,
    resource: arn,
    resourceAccount: parsed.accountId,
    contextKeys: { ...resourceTags, ...contextKeys },
  });
  if (!topic) throw SnsErrors.resourceNotFound();
  return topic;
}

export const tagOperations: SnsOperations = {
  TagResource(rt, params, call) {
    const tags = readTags(params);
    if (tags.length === 0) throw SnsErrors.missing('Tags');
    const topic = taggedTopic(rt, params, call, 'SNS:TagResource', requestTagKeys(tags));
    const keys = new Set([...topic.tags.map((t) => t.Key), ...tags.map((t) => t.Key)]);
    if (keys.size > MAX_TAGS) throw SnsErrors.tagLimit();
    rt.deps.store.dispatch(snsSlice, 'tagTopic', { arn: topic.arn, tags });
    return undefined;
  },

  UntagResource(rt, params, call) {
    const keys = params.list('TagKeys');
    if (keys.length === 0) throw SnsErrors.missing('TagKeys');
    const topic = taggedTopic(rt, params, call, 'SNS:UntagResource', { 'aws:TagKeys': keys });
    rt.deps.store.dispatch(snsSlice, 'untagTopic', { arn: topic.arn, keys });
    return undefined;
  },

  ListTagsForResource(rt, params, call) {
    const topic = taggedTopic(rt, params, call, 'SNS:ListTagsForResource');
    return { Tags: topic.tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
  },
};
