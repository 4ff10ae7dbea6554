/**
 * KMS state: keys and aliases per account and region ("scope" `<account>/<region>`), changed only through
 * the reducers below. Everything a reducer needs (IDs, key material, timestamps) comes in its payload:
 * handlers draw random bytes and read the clock, reducers never do.
 *
 * Key material is kept here in base64, in the clear: this is a local emulator, not a vault.
 */
import type { SliceDefinition } from '../../state/store.js';

export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

export interface KeyTag {
  TagKey: string;
  TagValue: string;
}

export interface StoredKey {
  keyId: string;
  arn: string;
  accountId: string;
  region: string;
  /** ISO 8601. */
  createdAt: string;
  description: string;
  /** `CUSTOMER` for keys made by CreateKey, `AWS` for AWS managed keys (`alias/aws/s3`). */
  keyManager: 'CUSTOMER' | 'AWS';
  state: KeyState;
  /** ISO 8601, while the key is pending deletion. */
  deletionDate?: string;
  pendingWindowInDays?: number;
  /** The key policy, as JSON text. */
  policy: string;
  rotation: KeyRotation;
  /** 256-bit key material versions in base64, oldest first; new ciphertexts use the last one. */
  material: string[];
  tags: KeyTag[];
}

export interface KeyRotation {
  enabled: boolean;
  periodInDays: number;
  /** ISO 8601: when automatic rotation would next happen (informational: the local cloud never rotates by itself). */
  nextRotationDate?: string;
  /** ISO 8601 of the last RotateKeyOnDemand. */
  onDemandAt?: string;
}

export interface StoredAlias {
  /** `alias/name` */
  aliasName: string;
  targetKeyId: string;
  createdAt: string;
  updatedAt: string;
}

export interface KmsScope {
  /** By key ID, in creation order. */
  keys: Record<string, StoredKey>;
  /** By alias name (`alias/x`). */
  aliases: Record<string, StoredAlias>;
}

export interface KmsState {
  /** By `<account>/<region>`. */
  scopes: Record<string, KmsScope>;
}

export function scopeKey(where: { accountId: string; region: string }): string {
  return `${where.accountId}/${where.region}`;
}

function scopeOf(state: KmsState, scope: string): KmsScope {
  let found = state.scopes[scope];
  if (!found) {
    found = { keys: {}, aliases: {} };
    state.scopes[scope] = found;
  }
  return found;
}

function keyOf(state: KmsState, payload: { scope: string; keyId: string }): StoredKey | undefined {
  return state.scopes[payload.scope]?.keys[payload.keyId];
}

export interface KeyChange {
  scope: string;
  keyId: string;
}

export const kmsSlice: SliceDefinition<KmsState> = {
  name: 'kms',
  initial: () => ({ scopes: {} }),
  reducers: {
    createKey: (state, payload: { key: StoredKey }) => {
      scopeOf(state, scopeKey(payload.key)).keys[payload.key.keyId] = payload.key;
    },
    setKeyState: (
      state,
      payload: KeyChange & { state: KeyState; deletionDate?: string; pendingWindowInDays?: number },
    ) => {
      const key = keyOf(state, payload);
      if (!key) return;
      key.state = payload.state;
      if (payload.deletionDate === undefined) {
        delete key.deletionDate;
        delete key.pendingWindowInDays;
      } else {
        key.deletionDate = payload.deletionDate;
        key.pendingWindowInDays = payload.pendingWindowInDays;
      }
    },
    putPolicy: (state, payload: KeyChange & { policy: string }) => {
      const key = keyOf(state, payload);
      if (key) key.policy = payload.policy;
    },
    setDescription: (state, payload: KeyChange & { description: string }) => {
      const key = keyOf(state, payload);
      if (key) key.description = payload.description;
    },
    setRotation: (state, payload: KeyChange & { rotation: KeyRotation }) => {
      const key = keyOf(state, payload);
      if (key) key.rotation = { ...payload.rotation, onDemandAt: key.rotation.onDemandAt };
    },
    rotateMaterial: (state, payload: KeyChange & { material: string; rotatedAt: string }) => {
      const key = keyOf(state, payload);
      if (!key) return;
      key.material.push(payload.material);
      key.rotation.onDemandAt = payload.rotatedAt;
    },
    tagKey: (state, payload: KeyChange & { tags: KeyTag[] }) => {
      const key = keyOf(state, payload);
      if (!key) return;
      for (const tag of payload.tags) {
        const existing = key.tags.find((t) => t.TagKey === tag.TagKey);
        if (existing) existing.TagValue = tag.TagValue;
        else key.tags.push({ TagKey: tag.TagKey, TagValue: tag.TagValue });
      }
    },
    untagKey: (state, payload: KeyChange & { tagKeys: string[] }) => {
      const key = keyOf(state, payload);
      if (key) key.tags = key.tags.filter((t) => !payload.tagKeys.includes(t.TagKey));
    },
    /** Removes a key whose deletion date has passed, with the aliases that point at it. */
    purgeKey: (state, payload: KeyChange) => {
      const scope = state.scopes[payload.scope];
      if (!scope) return;
      delete scope.keys[payload.keyId];
      for (const [name, alias] of Object.entries(scope.aliases)) {
        if (alias.targetKeyId === payload.keyId) delete scope.aliases[name];
      }
    },
    createAlias: (state, payload: { scope: string; alias: StoredAlias }) => {
      scopeOf(state, payload.scope).aliases[payload.alias.aliasName] = payload.alias;
    },
    updateAlias: (
      state,
      payload: { scope: string; aliasName: string; targetKeyId: string; updatedAt: string },
    ) => {
      const alias = state.scopes[payload.scope]?.aliases[payload.aliasName];
      if (!alias) return;
      alias.targetKeyId = payload.targetKeyId;
      alias.updatedAt = payload.updatedAt;
    },
    deleteAlias: (state, payload: { scope: string; aliasName: string }) => {
      const scope = state.scopes[payload.scope];
      if (scope) delete scope.aliases[payload.aliasName];
    },
  },
};
