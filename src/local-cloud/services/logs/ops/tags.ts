/**
 * Log group tags, by the old group-name operations (TagLogGroup, UntagLogGroup, ListTagsLogGroup) and
 * by the ARN ones (TagResource, UntagResource, ListTagsForResource).
 */
import { constraintError, LogsErrors } from '../errors.js';
import { type Body, optionalStringList, optionalStringMap, requiredString } from '../input.js';
import { type GroupTarget, requireGroup } from '../lookup.js';
import { checkTags, GROUP_NAME, parseGroupArn, requestTagKeys } from '../names.js';
import type { LogsRuntime, LogsCall } from '../runtime.js';
import { logsSlice, scopeKey, type StoredGroup } from '../state.js';
import type { LogsOperations } from './types.js';

function requiredTags(body: Body, member: string): Record<string, string> {
  const tags = optionalStringMap(body, member);
  if (tags === undefined) throw constraintError(member, undefined, 'Member must not be null');
  if (Object.keys(tags).length === 0) {
    throw constraintError(member, '{}', 'Member must have length greater than or equal to 1');
  }
  checkTags(tags);
  return tags;
}

function requiredKeys(body: Body, member: string): string[] {
  const keys = optionalStringList(body, member, { min: 1, max: 50 });
  if (keys === undefined) throw constraintError(member, undefined, 'Member must not be null');
  return keys;
}

function byArn(body: Body): GroupTarget {
  const arn = requiredString(body, 'resourceArn', { max: 1011 });
  const parsed = parseGroupArn(arn);
  if (!parsed) throw LogsErrors.invalidParameter(`The specified resource ARN is not a log group ARN: ${arn}`);
  return {
    where: { accountId: parsed.accountId, region: parsed.region },
    group: parsed.group,
    resource: 'arn',
  };
}

function byName(body: Body, call: LogsCall): GroupTarget {
  return { where: call.where, group: requiredString(body, 'logGroupName', GROUP_NAME) };
}

function tag(
  rt: LogsRuntime,
  call: LogsCall,
  target: GroupTarget,
  action: string,
  tags: Record<string, string>,
) {
  const group = requireGroup(rt.deps.store, call, target, action, requestTagKeys(tags));
  checkTags({ ...group.tags, ...tags });
  rt.deps.store.dispatch(logsSlice, 'tagGroup', { scope: scopeKey(target.where), group: group.name, tags });
}

function untag(rt: LogsRuntime, call: LogsCall, target: GroupTarget, action: string, keys: string[]) {
  const group = requireGroup(rt.deps.store, call, target, action, { 'aws:TagKeys': keys });
  rt.deps.store.dispatch(logsSlice, 'untagGroup', { scope: scopeKey(target.where), group: group.name, keys });
}

function tagsOf(rt: LogsRuntime, call: LogsCall, target: GroupTarget, action: string): StoredGroup['tags'] {
  return requireGroup(rt.deps.store, call, target, action).tags;
}

export const tagOperations: LogsOperations = {
  TagLogGroup(rt, body, call) {
    tag(rt, call, byName(body, call), 'logs:TagLogGroup', requiredTags(body, 'tags'));
    return undefined;
  },
  UntagLogGroup(rt, body, call) {
    untag(rt, call, byName(body, call), 'logs:UntagLogGroup', requiredKeys(body, 'tags'));
    return undefined;
  },
  ListTagsLogGroup(rt, body, call) {
    return { tags: tagsOf(rt, call, byName(body, call), 'logs:ListTagsLogGroup') };
  },
  TagResource(rt, body, call) {
    tag(rt, call, byArn(body), 'logs:TagResource', requiredTags(body, 'tags'));
    return undefined;
  },
  UntagResource(rt, body, call) {
    untag(rt, call, byArn(body), 'logs:UntagResource', requiredKeys(body, 'tagKeys'));
    return undefined;
  },
  ListTagsForResource(rt, body, call) {
    return { tags: tagsOf(rt, call, byArn(body), 'logs:ListTagsForResource') };
  },
};
