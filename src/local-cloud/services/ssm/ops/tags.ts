/**
 * Tags of parameters: AddTagsToResource (adds or overwrites, at most 50 per parameter),
 * RemoveTagsFromResource, ListTagsForResource. ResourceType must be `Parameter` (the other types exist
 * in the API but have no resources here); ResourceId is the parameter's name.
 */
import { SsmErrors } from '../errors.js';
import type { SsmFields } from '../input.js';
import { authorizeOnParameter, requestTagKeys } from '../lookup.js';
import { canonicalName, type Where } from '../names.js';
import type { SsmCall, SsmRuntime } from '../runtime.js';
import { ssmSlice, type StoredParameter, scopeKey } from '../state.js';
import { checkTagCount, readTags, tagList } from '../tags.js';
import type { SsmOperations } from './types.js';

const RESOURCE_TYPES = [
  'Document',
  'ManagedInstance',
  'MaintenanceWindow',
  'Parameter',
  'PatchBaseline',
  'OpsItem',
  'OpsMetadata',
  'Automation',
  'Association',
] as const;

/** The parameter a tagging request names; InvalidResourceId for anything else. */
function targetOf(f: SsmFields, call: SsmCall): { where: Where; name: string } {
  const type = f.requiredEnum('ResourceType', RESOURCE_TYPES);
  const id = f.requiredString('ResourceId');
  if (type !== 'Parameter') throw SsmErrors.invalidResourceId();
  return { where: call.where, name: canonicalName(id) };
}

function requireParameter(
  rt: SsmRuntime,
  call: SsmCall,
  target: { where: Where; name: string },
  action: string,
  contextKeys?: Record<string, string | string[] | undefined>,
): StoredParameter {
  const parameter = authorizeOnParameter(rt.deps.store, call, target, action, contextKeys);
  if (!parameter) throw SsmErrors.invalidResourceId();
  return parameter;
}

export const tagOperations: SsmOperations = {
  AddTagsToResource(rt, f, call) {
    const target = targetOf(f, call);
    const tags = readTags(f, 'Tags');
    if (tags === undefined) throw f.constraint('Tags', undefined, 'Member must not be null');
    const parameter = requireParameter(rt, call, target, 'ssm:AddTagsToResource', requestTagKeys(tags));
    checkTagCount({ ...parameter.tags, ...tags });
    rt.deps.store.dispatch(ssmSlice, 'tag', { scope: scopeKey(target.where), name: parameter.name, tags });
    return {};
  },

  RemoveTagsFromResource(rt, f, call) {
    const target = targetOf(f, call);
    const keys = f.requiredStringList('TagKeys');
    const parameter = requireParameter(rt, call, target, 'ssm:RemoveTagsFromResource', {
      'aws:TagKeys': keys,
    });
    rt.deps.store.dispatch(ssmSlice, 'untag', { scope: scopeKey(target.where), name: parameter.name, keys });
    return {};
  },

  ListTagsForResource(rt, f, call) {
    const target = targetOf(f, call);
    const parameter = requireParameter(rt, call, target, 'ssm:ListTagsForResource');
    return { TagList: tagList(parameter.tags) };
  },
};
