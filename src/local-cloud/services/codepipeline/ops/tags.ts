/**
 * Pipeline tags by ARN: TagResource, UntagResource, ListTagsForResource.
 */
import type { ServiceDeps } from '../../deps.js';
import { type CodeCall, requestTagKeys, tagList } from '../call.js';
import { PipelineErrors } from '../errors.js';
import type { Fields } from '../../shared/fields.js';
import { parsePipelineArn, requirePipeline } from '../lookup.js';
import { codePipelineSlice, scopeKey, type StoredPipeline } from '../state.js';
import { MAX_TAGS, readTags } from '../tags.js';
import type { PipelineOperations } from './types.js';

const TAG_NAMES = { key: 'key', value: 'value' };

function target(
  deps: ServiceDeps,
  f: Fields,
  call: CodeCall,
  action: string,
  contextKeys?: Record<string, string | string[]>,
): { pipeline: StoredPipeline; ref: { scope: string; name: string } } {
  const arn = f.requiredString('resourceArn', { max: 1011 });
  const parsed = parsePipelineArn(arn);
  if (!parsed) throw PipelineErrors.invalidArn(arn);
  try {
    const pipeline = requirePipeline(
      deps.store,
      call,
      { where: parsed, name: parsed.name },
      action,
      contextKeys,
    );
    return { pipeline, ref: { scope: scopeKey(parsed), name: parsed.name } };
  } catch (err) {
    if (err instanceof Error && (err as { code?: string }).code === 'PipelineNotFoundException') {
      throw PipelineErrors.resourceNotFound(arn);
    }
    throw err;
  }
}

export const tagOperations: PipelineOperations = {
  TagResource(deps, f, call) {
    const tags = readTags(f, 'tags', TAG_NAMES, PipelineErrors.invalidTags);
    if (tags === undefined) throw f.constraint('tags', undefined, 'Member must not be null');
    const { pipeline, ref } = target(deps, f, call, 'codepipeline:TagResource', requestTagKeys(tags));
    if (Object.keys({ ...pipeline.tags, ...tags }).length > MAX_TAGS) throw PipelineErrors.tooManyTags();
    deps.store.dispatch(codePipelineSlice, 'tag', { ...ref, tags });
    return undefined;
  },

  UntagResource(deps, f, call) {
    const keys = f.stringList('tagKeys', { max: MAX_TAGS });
    if (keys === undefined) throw f.constraint('tagKeys', undefined, 'Member must not be null');
    const { ref } = target(deps, f, call, 'codepipeline:UntagResource', { 'aws:TagKeys': keys });
    deps.store.dispatch(codePipelineSlice, 'untag', { ...ref, keys });
    return undefined;
  },

  ListTagsForResource(deps, f, call) {
    const { pipeline } = target(deps, f, call, 'codepipeline:ListTagsForResource');
    return { tags: tagList(pipeline.tags, TAG_NAMES) };
  },
};
