/**
 * Tags of connections and hosts: TagResource, UntagResource, ListTagsForResource.
 */
import type { StateStore } from '../../../state/store.js';
import { type CodeCall, requestTagKeys, tagList } from '../../codepipeline/call.js';
import type { Fields } from '../../shared/fields.js';
import { readTags } from '../../codepipeline/tags.js';
import { ConnectionErrors } from '../errors.js';
import { parseArn } from '../names.js';
import { connectionsSlice } from '../state.js';
import {
  ARN_LIMITS,
  type ConnectionsOperations,
  requireConnection,
  requireHost,
  TAG_NAMES,
} from './types.js';

/** Connections and hosts may carry up to 200 tags. */
const MAX_TAGS = 200;

function tagsOf(
  store: StateStore,
  f: Fields,
  call: CodeCall,
  action: string,
  contextKeys?: Record<string, string | string[]>,
): { arn: string; tags: Record<string, string> } {
  const arn = f.requiredString('ResourceArn', { min: 1, ...ARN_LIMITS });
  const parsed = parseArn(arn);
  if (!parsed) throw ConnectionErrors.notFound(`Resource ${arn} does not exist`);
  const target =
    parsed.kind === 'host'
      ? requireHost(store, call, arn, action, contextKeys)
      : requireConnection(store, call, arn, action, contextKeys);
  return { arn, tags: target.tags };
}

export const tagOperations: ConnectionsOperations = {
  TagResource(deps, f, call) {
    const tags = readTags(f, 'Tags', TAG_NAMES, ConnectionErrors.validation, MAX_TAGS);
    if (tags === undefined) throw f.constraint('Tags', undefined, 'Member must not be null');
    const target = tagsOf(deps.store, f, call, 'codestar-connections:TagResource', requestTagKeys(tags));
    if (Object.keys({ ...target.tags, ...tags }).length > MAX_TAGS) {
      throw ConnectionErrors.limitExceeded(`A resource can have at most ${MAX_TAGS} tags`);
    }
    deps.store.dispatch(connectionsSlice, 'tag', { arn: target.arn, tags });
    return undefined;
  },

  UntagResource(deps, f, call) {
    const keys = f.stringList('TagKeys', { max: MAX_TAGS });
    if (keys === undefined) throw f.constraint('TagKeys', undefined, 'Member must not be null');
    const target = tagsOf(deps.store, f, call, 'codestar-connections:UntagResource', { 'aws:TagKeys': keys });
    deps.store.dispatch(connectionsSlice, 'untag', { arn: target.arn, keys });
    return undefined;
  },

  ListTagsForResource(deps, f, call) {
    return {
      Tags: tagList(tagsOf(deps.store, f, call, 'codestar-connections:ListTagsForResource').tags, TAG_NAMES),
    };
  },
};
