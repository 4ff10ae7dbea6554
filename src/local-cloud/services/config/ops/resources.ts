/**
 * Configuration items: PutResourceConfig (which runs the change-triggered rules whose scope covers the
 * item, as AWS Config does on a recorded change), DeleteResourceConfig, GetResourceConfigHistory (the
 * latest item only).
 */
import { ConfigErrors, constraintError } from '../errors.js';
import { startItemEvaluations } from '../evaluate.js';
import { type Body, optionalInteger, optionalObject, optionalString, requiredString } from '../input.js';
import { apiItem, storedItem } from '../items.js';
import { itemsOf } from '../evaluate.js';
import { scopeState } from '../runtime.js';
import { configSlice, ownGet, resourceKey, type StoredResource, scopeKey } from '../state.js';
import type { ConfigOperations } from './types.js';

function tagsOf(body: Body): Record<string, string> {
  const tags = optionalObject(body, 'Tags') ?? {};
  const entries = Object.entries(tags);
  if (entries.length > 50)
    throw constraintError(
      'tags',
      `{${entries.length} tags}`,
      'Member must have length less than or equal to 50',
    );
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (typeof value !== 'string') throw ConfigErrors.serialization(`Tags.${key} must be a string.`);
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export const resourceOperations: ConfigOperations = {
  PutResourceConfig(rt, body, call) {
    const resourceType = requiredString(body, 'ResourceType', { max: 196 });
    const schemaVersionId = requiredString(body, 'SchemaVersionId', { max: 128 });
    const resourceId = requiredString(body, 'ResourceId', { max: 768 });
    const resourceName = optionalString(body, 'ResourceName', { max: 768 });
    const configuration = requiredString(body, 'Configuration');
    const tags = tagsOf(body);
    try {
      JSON.parse(configuration);
    } catch {
      throw ConfigErrors.invalidParameter('Configuration must be valid JSON.');
    }
    call.authorize({
      action: 'config:PutResourceConfig',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    const resource: StoredResource = {
      resourceType,
      resourceId,
      schemaVersionId,
      configuration,
      tags,
      capturedAt: call.now.toISOString(),
      createdAt: call.now.toISOString(),
      stateId: 1,
      ...(resourceName !== undefined ? { resourceName } : {}),
    };
    const scope = scopeKey(call.where);
    rt.deps.store.dispatch(configSlice, 'putResource', { scope, resource });
    const stored = ownGet(scopeState(rt, call.where).resources, resourceKey(resourceType, resourceId));
    if (stored) startItemEvaluations(rt, call.where, storedItem(call.where, stored));
    return {};
  },

  DeleteResourceConfig(rt, body, call) {
    const resourceType = requiredString(body, 'ResourceType', { max: 196 });
    const resourceId = requiredString(body, 'ResourceId', { max: 768 });
    call.authorize({
      action: 'config:DeleteResourceConfig',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    rt.deps.store.dispatch(configSlice, 'deleteResource', {
      scope: scopeKey(call.where),
      resourceType,
      resourceId,
    });
    return {};
  },

  GetResourceConfigHistory(rt, body, call) {
    const resourceType = requiredString(body, 'resourceType', { max: 256 });
    const resourceId = requiredString(body, 'resourceId', { max: 768 });
    optionalInteger(body, 'limit', { min: 0, max: 100 });
    optionalString(body, 'nextToken');
    call.authorize({
      action: 'config:GetResourceConfigHistory',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    const item = itemsOf(rt, call.where, call.now).find(
      (i) => i.resourceType === resourceType && i.resourceId === resourceId,
    );
    if (!item) throw ConfigErrors.resourceNotDiscovered(resourceType, resourceId);
    return { configurationItems: [apiItem(item)] };
  },
};
