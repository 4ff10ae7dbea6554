/**
 * Rule tags: TagResource, UntagResource, ListTagsForResource (rules of the default bus, by ARN).
 */
import { constraintError, EventsErrors } from '../errors.js';
import { type Body, list, requiredString, stringItem } from '../input.js';
import { requireRule } from '../lookup.js';
import { DEFAULT_BUS, requestTagKeys, ruleArn } from '../names.js';
import type { EventsCall } from '../runtime.js';
import { eventsSlice, scopeKey } from '../state.js';
import { MAX_TAGS, tagList } from '../tags.js';
import type { EventsOperations } from './types.js';

/** The rule name a `ResourceARN` names, when it is a rule of the caller's default bus. */
function ruleNameOf(body: Body, call: EventsCall): string {
  const arn = requiredString(body, 'ResourceARN', { max: 1600 });
  const prefix = ruleArn(call.where, '');
  const name = arn.startsWith(prefix) ? arn.slice(prefix.length) : '';
  if (name === '' || name.includes('/')) {
    throw EventsErrors.ruleNotFound(arn.slice(arn.lastIndexOf('/') + 1), DEFAULT_BUS);
  }
  return name;
}

export const tagOperations: EventsOperations = {
  TagResource(rt, body, call) {
    const name = ruleNameOf(body, call);
    const tags = tagList(body);
    if (tags.length === 0) throw constraintError('tags', undefined, 'Member must not be null');
    const rule = requireRule(rt.deps.store, call, name, 'events:TagResource', requestTagKeys(tags));
    const keys = new Set([...rule.tags.map((t) => t.Key), ...tags.map((t) => t.Key)]);
    if (keys.size > MAX_TAGS)
      throw EventsErrors.limitExceeded('The requested resource exceeds the maximum number allowed.');
    rt.deps.store.dispatch(eventsSlice, 'tagRule', { scope: scopeKey(call.where), rule: name, tags });
    return undefined;
  },

  UntagResource(rt, body, call) {
    const name = ruleNameOf(body, call);
    const keys = list(body, 'TagKeys', stringItem('TagKeys'));
    if (keys === undefined) throw constraintError('tagKeys', undefined, 'Member must not be null');
    requireRule(rt.deps.store, call, name, 'events:UntagResource', { 'aws:TagKeys': keys });
    rt.deps.store.dispatch(eventsSlice, 'untagRule', { scope: scopeKey(call.where), rule: name, keys });
    return undefined;
  },

  ListTagsForResource(rt, body, call) {
    const name = ruleNameOf(body, call);
    return { Tags: requireRule(rt.deps.store, call, name, 'events:ListTagsForResource').tags };
  },
};
