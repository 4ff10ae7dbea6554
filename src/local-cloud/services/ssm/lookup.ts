/**
 * Finding parameters and their versions, and authorizing an action on a parameter. IAM is asked before
 * the parameter is looked up (as AWS does), so a caller without permission learns nothing about what
 * exists.
 */
import type { StateStore } from '../../state/store.js';
import { SsmErrors } from './errors.js';
import { parameterArn, type Selector, type Where } from './names.js';
import type { SsmCall } from './runtime.js';
import { type SsmState, ssmSlice, type StoredParameter, type StoredVersion, scopeKey } from './state.js';

type ContextKeys = Record<string, string | string[] | undefined>;

export function findParameter(store: StateStore, where: Where, name: string): StoredParameter | undefined {
  return store.get<SsmState>(ssmSlice).scopes[scopeKey(where)]?.parameters[name];
}

export function parametersIn(store: StateStore, where: Where): StoredParameter[] {
  return Object.values(store.get<SsmState>(ssmSlice).scopes[scopeKey(where)]?.parameters ?? {});
}

export function currentVersion(parameter: StoredParameter): StoredVersion {
  return parameter.versions[parameter.versions.length - 1]!;
}

/** `aws:ResourceTag/<key>` for a parameter's tags. */
export function resourceTagKeys(parameter: StoredParameter | undefined): ContextKeys {
  const keys: ContextKeys = {};
  for (const [key, value] of Object.entries(parameter?.tags ?? {})) keys[`aws:ResourceTag/${key}`] = value;
  return keys;
}

/** `aws:RequestTag/<key>` and `aws:TagKeys` for requests that tag. */
export function requestTagKeys(tags: Readonly<Record<string, string>>): ContextKeys {
  const keys = Object.keys(tags);
  if (keys.length === 0) return {};
  const context: ContextKeys = { 'aws:TagKeys': keys };
  for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = value;
  return context;
}

/** Authorizes `action` on a parameter's ARN and returns the parameter if it exists. */
export function authorizeOnParameter(
  store: StateStore,
  call: SsmCall,
  target: { where: Where; name: string },
  action: string,
  contextKeys: ContextKeys = {},
): StoredParameter | undefined {
  const parameter = findParameter(store, target.where, target.name);
  call.authorize({
    action,
    resource: parameterArn(target.where, target.name),
    resourceAccount: target.where.accountId,
    contextKeys: { ...resourceTagKeys(parameter), ...contextKeys },
  });
  return parameter;
}

/**
 * The version a selector names (the current one without a selector). A missing version number answers
 * ParameterVersionNotFound; labels are not supported here, so a label selector finds nothing.
 */
export function selectVersion(parameter: StoredParameter, selector: Selector | undefined): StoredVersion {
  if (selector === undefined) return currentVersion(parameter);
  if (selector.kind === 'label') throw SsmErrors.notFound();
  const found = parameter.versions.find((v) => v.version === selector.version);
  if (!found) throw SsmErrors.versionNotFound(parameter.name, selector.text);
  return found;
}
