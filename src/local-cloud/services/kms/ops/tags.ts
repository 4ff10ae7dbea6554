/**
 * Key tags: TagResource, UntagResource, ListResourceTags.
 */
import { optionalInteger, optionalString, requiredString, stringList, tagList } from '../input.js';
import { assertNotPendingDeletion } from '../keys.js';
import { pageMembers, paginate } from '../paging.js';
import { authorizeKey, resolveKey } from '../runtime.js';
import { kmsSlice, scopeKey } from '../state.js';
import { requestTagKeys } from './keys.js';
import { type KmsOperations, MANAGE } from './types.js';

export const tagOperations: KmsOperations = {
  TagResource(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    const tags = tagList(body, 'Tags');
    authorizeKey(rt, call, key, 'kms:TagResource', { contextKeys: requestTagKeys(tags) });
    assertNotPendingDeletion(key);
    rt.deps.store.dispatch(kmsSlice, 'tagKey', { scope: scopeKey(key), keyId: key.keyId, tags });
    return undefined;
  },

  UntagResource(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    const tagKeys = stringList(body, 'TagKeys');
    authorizeKey(rt, call, key, 'kms:UntagResource', { contextKeys: { 'aws:TagKeys': tagKeys } });
    assertNotPendingDeletion(key);
    rt.deps.store.dispatch(kmsSlice, 'untagKey', { scope: scopeKey(key), keyId: key.keyId, tagKeys });
    return undefined;
  },

  ListResourceTags(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    const limit = optionalInteger(body, 'Limit', { min: 1, max: 50 }) ?? 50;
    const marker = optionalString(body, 'Marker', { max: 1024 });
    authorizeKey(rt, call, key, 'kms:ListResourceTags');
    const page = paginate({ items: key.tags, sortKey: (tag) => tag.TagKey, limit, marker });
    return { Tags: page.items, ...pageMembers(page) };
  },
};
