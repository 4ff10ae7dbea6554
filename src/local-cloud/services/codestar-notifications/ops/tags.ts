/**
 * Tags of notification rules (a map, as this service sends them): TagResource (answers the rule's tags
 * after tagging), UntagResource, ListTagsForResource.
 */
import { requestTagKeys } from '../../codepipeline/call.js';
import { NotificationErrors } from '../errors.js';
import { MAX_TAGS, readTagMap } from '../input.js';
import { notificationsSlice } from '../state.js';
import { type NotificationsOperations, requireRule, ruleArnOf } from './types.js';

export const tagOperations: NotificationsOperations = {
  TagResource(deps, f, call) {
    const arn = ruleArnOf(f);
    const tags = readTagMap(f);
    if (tags === undefined) throw f.constraint('Tags', undefined, 'Member must not be null');
    const rule = requireRule(
      deps.store,
      call,
      arn,
      'codestar-notifications:TagResource',
      requestTagKeys(tags),
    );
    const merged = { ...rule.tags, ...tags };
    if (Object.keys(merged).length > MAX_TAGS) {
      throw NotificationErrors.limitExceeded(`A notification rule can have at most ${MAX_TAGS} tags.`);
    }
    deps.store.dispatch(notificationsSlice, 'tag', { arn, tags });
    return { Tags: merged };
  },

  UntagResource(deps, f, call) {
    const arn = ruleArnOf(f);
    const keys = f.requiredStringList('TagKeys', { max: MAX_TAGS });
    requireRule(deps.store, call, arn, 'codestar-notifications:UntagResource', { 'aws:TagKeys': keys });
    if (keys.length > 0) deps.store.dispatch(notificationsSlice, 'untag', { arn, keys });
    return {};
  },

  ListTagsForResource(deps, f, call) {
    const arn = ruleArnOf(f);
    return { Tags: requireRule(deps.store, call, arn, 'codestar-notifications:ListTagsForResource').tags };
  },
};
