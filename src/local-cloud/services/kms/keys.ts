/**
 * Finding keys and aliases in KMS state, as a caller in one account and region sees them. Keys whose
 * scheduled deletion date has passed are deleted on the way (the state is only ever changed through
 * the slice's reducers).
 */
import type { StateStore } from '../../state/store.js';
import { KmsErrors } from './errors.js';
import { aliasArn, keyArn, parseKeyRef } from './refs.js';
import {
  type KmsScope,
  type KmsState,
  kmsSlice,
  type StoredAlias,
  type StoredKey,
  scopeKey,
} from './state.js';

export interface Where {
  accountId: string;
  region: string;
}

export interface ResolveOptions {
  /** Accept alias names and alias ARNs (cryptographic operations and DescribeKey do). */
  aliases: boolean;
  /** Accept key and alias ARNs of other accounts (operations AWS documents as "Cross-account use: Yes"). */
  crossAccount: boolean;
}

export interface ResolvedKey {
  key: StoredKey;
  /** The alias name the request used, if it used one (`kms:RequestAlias`). */
  alias?: string;
}

export class KeyDirectory {
  constructor(private readonly store: StateStore) {}

  private state(): KmsState {
    return this.store.get<KmsState>(kmsSlice);
  }

  scope(where: Where): KmsScope | undefined {
    return this.state().scopes[scopeKey(where)];
  }

  /** The key, unless its deletion date has passed (then it is deleted now). */
  private live(key: StoredKey | undefined, now: Date): StoredKey | undefined {
    if (!key) return undefined;
    if (
      key.state === 'PendingDeletion' &&
      key.deletionDate !== undefined &&
      Date.parse(key.deletionDate) <= now.getTime()
    ) {
      this.store.dispatch(kmsSlice, 'purgeKey', { scope: scopeKey(key), keyId: key.keyId });
      return undefined;
    }
    return key;
  }

  /** Resolves a `KeyId` member; throws NotFoundException as KMS does. */
  resolve(text: string, where: Where, options: ResolveOptions, now: Date): ResolvedKey {
    const ref = parseKeyRef(text);
    if (!ref) throw KmsErrors.invalidKeyId(text);
    if (ref.kind === 'key-id') {
      const key = this.live(this.scope(where)?.keys[ref.keyId], now);
      if (!key) throw KmsErrors.keyNotFound(keyArn(where, ref.keyId));
      return { key };
    }
    if (ref.kind === 'key-arn') {
      const owner = { accountId: ref.accountId, region: ref.region };
      const foreign = ref.accountId !== where.accountId && !options.crossAccount;
      const key = foreign || ref.region !== where.region ? undefined : this.findKey(owner, ref.keyId, now);
      if (!key) throw KmsErrors.keyNotFound(text);
      return { key };
    }
    if (!options.aliases) throw KmsErrors.invalidKeyId(text);
    const owner = ref.kind === 'alias-arn' ? { accountId: ref.accountId, region: ref.region } : where;
    const foreign = owner.accountId !== where.accountId && !options.crossAccount;
    const alias =
      foreign || owner.region !== where.region ? undefined : this.scope(owner)?.aliases[ref.aliasName];
    const key = alias ? this.findKey(owner, alias.targetKeyId, now) : undefined;
    if (!key) throw KmsErrors.aliasNotFound(aliasArn(owner, ref.aliasName));
    return { key, alias: ref.aliasName };
  }

  /** Like `resolve`, but undefined instead of NotFoundException. */
  tryResolve(text: string, where: Where, options: ResolveOptions, now: Date): ResolvedKey | undefined {
    try {
      return this.resolve(text, where, options, now);
    } catch {
      return undefined;
    }
  }

  findKey(where: Where, keyId: string, now: Date): StoredKey | undefined {
    return this.live(this.scope(where)?.keys[keyId], now);
  }

  /** A key by its ARN, wherever it lives (Decrypt: the ciphertext names the key). */
  findByArn(arn: string, now: Date): StoredKey | undefined {
    const ref = parseKeyRef(arn);
    if (ref?.kind !== 'key-arn') return undefined;
    return this.findKey({ accountId: ref.accountId, region: ref.region }, ref.keyId, now);
  }

  /** The keys of an account and region, in creation order. */
  keysIn(where: Where, now: Date): StoredKey[] {
    const keys = Object.values(this.scope(where)?.keys ?? {});
    return keys.filter((key) => this.live(key, now) !== undefined);
  }

  aliasesIn(where: Where): StoredAlias[] {
    return Object.values(this.scope(where)?.aliases ?? {});
  }

  /** Alias names pointing at a key (`kms:ResourceAliases`). */
  aliasesOf(key: StoredKey): string[] {
    return this.aliasesIn(key)
      .filter((a) => a.targetKeyId === key.keyId)
      .map((a) => a.aliasName);
  }
}

/** DisabledException / KMSInvalidStateException unless the key may be used for cryptography. */
export function assertUsable(key: StoredKey): void {
  if (key.state === 'Disabled') throw KmsErrors.disabled(key.arn);
  if (key.state === 'PendingDeletion') throw KmsErrors.pendingDeletion(key.arn);
}

/** KMSInvalidStateException when the key is pending deletion (management operations). */
export function assertNotPendingDeletion(key: StoredKey): void {
  if (key.state === 'PendingDeletion') throw KmsErrors.pendingDeletion(key.arn);
}
