/**
 * What Parameter Store offers the other services: a parameter's current type and value by name, with
 * no permission check (CloudFormation resolves `AWS::SSM::Parameter::Value<…>` parameters with it, as
 * CloudFormation itself, not as the caller). A SecureString's value is its ciphertext: CloudFormation
 * refuses SecureString parameters there anyway.
 */
import type { StateStore } from '../../state/store.js';
import { currentVersion, findParameter } from './lookup.js';
import { canonicalName, type Where } from './names.js';
import type { ParameterType } from './state.js';

export interface SsmParameterValue {
  type: ParameterType;
  value: string;
}

export interface SsmInternal {
  /** The current version of a parameter (`name` or `/path/name`); undefined when it does not exist. */
  lookup(where: Where, name: string): SsmParameterValue | undefined;
}

function tryCanonical(name: string): string | undefined {
  try {
    return canonicalName(name);
  } catch {
    return undefined;
  }
}

export function createSsmInternal(store: StateStore): SsmInternal {
  return {
    lookup(where, name) {
      const canonical = tryCanonical(name);
      const parameter = canonical === undefined ? undefined : findParameter(store, where, canonical);
      if (!parameter) return undefined;
      const version = currentVersion(parameter);
      return { type: version.type, value: version.value };
    },
  };
}
