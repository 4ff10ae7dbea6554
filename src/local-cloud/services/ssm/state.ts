/**
 * Parameter Store state: parameters per account and region ("scope" `<account>/<region>`), each with
 * its versions (oldest first, the last 100 kept, as AWS keeps them) and tags, changed only through the
 * reducers below. Timestamps and version numbers come in the payloads.
 *
 * SecureString values are stored as KMS ciphertext (base64), never as plaintext.
 */
import type { SliceDefinition } from '../../state/store.js';

export const PARAMETER_TYPES = ['String', 'StringList', 'SecureString'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export type StoredTier = 'Standard' | 'Advanced';

/** Parameter Store keeps this many versions of a parameter; older ones are dropped. */
export const MAX_VERSIONS = 100;

export interface StoredVersion {
  version: number;
  type: ParameterType;
  /** The value for String and StringList; the base64 KMS ciphertext for SecureString. */
  value: string;
  /** SecureString: the key as the request named it (`alias/aws/ssm` by default), and its ARN. */
  keyId?: string;
  keyArn?: string;
  description?: string;
  allowedPattern?: string;
  tier: StoredTier;
  dataType: string;
  /** The Policies JSON as given. */
  policies?: string;
  /** Epoch milliseconds. */
  modifiedAt: number;
  /** ARN of the principal that wrote this version. */
  modifiedBy: string;
}

export interface StoredParameter {
  /** The canonical name (see names.ts). */
  name: string;
  /** Oldest first; the last one is the current value. */
  versions: StoredVersion[];
  tags: Record<string, string>;
}

export interface SsmScope {
  /** By canonical name. */
  parameters: Record<string, StoredParameter>;
}

export interface SsmState {
  /** By `<account>/<region>`. */
  scopes: Record<string, SsmScope>;
}

export function scopeKey(where: { accountId: string; region: string }): string {
  return `${where.accountId}/${where.region}`;
}

export interface ParameterRef {
  scope: string;
  name: string;
}

function parameterOf(state: SsmState, ref: ParameterRef): StoredParameter | undefined {
  return state.scopes[ref.scope]?.parameters[ref.name];
}

export const ssmSlice: SliceDefinition<SsmState> = {
  name: 'ssm',
  initial: () => ({ scopes: {} }),
  reducers: {
    /** Adds a version, creating the parameter (with `tags`) when it does not exist. */
    putVersion: (
      state,
      payload: ParameterRef & { version: StoredVersion; tags?: Record<string, string> },
    ) => {
      let scope = state.scopes[payload.scope];
      if (!scope) {
        scope = { parameters: {} };
        state.scopes[payload.scope] = scope;
      }
      let parameter = scope.parameters[payload.name];
      if (!parameter) {
        parameter = { name: payload.name, versions: [], tags: { ...payload.tags } };
        scope.parameters[payload.name] = parameter;
      }
      parameter.versions.push(payload.version);
      if (parameter.versions.length > MAX_VERSIONS) {
        parameter.versions.splice(0, parameter.versions.length - MAX_VERSIONS);
      }
    },
    deleteParameter: (state, payload: ParameterRef) => {
      const scope = state.scopes[payload.scope];
      if (scope) delete scope.parameters[payload.name];
    },
    tag: (state, payload: ParameterRef & { tags: Record<string, string> }) => {
      const parameter = parameterOf(state, payload);
      if (parameter) Object.assign(parameter.tags, payload.tags);
    },
    untag: (state, payload: ParameterRef & { keys: string[] }) => {
      const parameter = parameterOf(state, payload);
      if (parameter) for (const key of payload.keys) delete parameter.tags[key];
    },
  },
};
