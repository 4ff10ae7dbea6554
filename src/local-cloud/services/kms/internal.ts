/**
 * What KMS offers the other services (`KmsInternal`, for S3's SSE-KMS): key lookup, the AWS managed
 * key of a service, and encryption without a permission check (the calling service authorizes first,
 * with `keyAuthorization` and `kms:ViaService`). Key state still applies: a disabled key throws
 * DisabledException, a key pending deletion KMSInvalidStateException.
 */
import type { KmsInternal, KmsKeyRecord } from '../deps.js';
import { KEY_MATERIAL_BYTES } from './ciphertext.js';
import { decryptWith, encryptUnder, readCiphertext } from './engine.js';
import { KmsErrors } from './errors.js';
import { assertUsable, type Where } from './keys.js';
import { addDays, DEFAULT_ROTATION_PERIOD_DAYS, keyRecord, newKey } from './metadata.js';
import { awsManagedKeyPolicy, type ManagedKeyService, managedKeyDescription } from './policies.js';
import type { KmsRuntime } from './runtime.js';
import { kmsSlice, type StoredKey, scopeKey } from './state.js';

function createManagedKey(rt: KmsRuntime, service: ManagedKeyService, where: Where, now: Date): StoredKey {
  const key = newKey({
    where,
    keyId: rt.random.uuid(),
    material: rt.random.bytes(KEY_MATERIAL_BYTES),
    createdAt: now,
    description: managedKeyDescription(service),
    keyManager: 'AWS',
    policy: awsManagedKeyPolicy({ service, ...where }),
    // AWS managed keys rotate every year.
    rotation: {
      enabled: true,
      periodInDays: DEFAULT_ROTATION_PERIOD_DAYS,
      nextRotationDate: addDays(now, DEFAULT_ROTATION_PERIOD_DAYS),
    },
  });
  const at = now.toISOString();
  rt.deps.store.dispatch(kmsSlice, 'createKey', { key });
  rt.deps.store.dispatch(kmsSlice, 'createAlias', {
    scope: scopeKey(where),
    alias: { aliasName: `alias/aws/${service}`, targetKeyId: key.keyId, createdAt: at, updatedAt: at },
  });
  return key;
}

export function createKmsInternal(rt: KmsRuntime): KmsInternal {
  const stored = (record: KmsKeyRecord, now: Date): StoredKey => {
    const key = rt.keys.findByArn(record.arn, now);
    if (!key) throw KmsErrors.keyNotFound(record.arn);
    return key;
  };
  return {
    resolveKey(ref, where) {
      const resolved = rt.keys.tryResolve(ref, where, { aliases: true, crossAccount: true }, rt.deps.now());
      return resolved ? keyRecord(resolved.key) : undefined;
    },

    awsManagedKey(service, where) {
      const now = rt.deps.now();
      const alias = rt.keys.scope(where)?.aliases[`alias/aws/${service}`];
      const existing = alias ? rt.keys.findKey(where, alias.targetKeyId, now) : undefined;
      return keyRecord(existing ?? createManagedKey(rt, service, where, now));
    },

    encrypt(record, plaintext, context) {
      const key = stored(record, rt.deps.now());
      assertUsable(key);
      return encryptUnder(key, plaintext, context, rt.random);
    },

    decrypt(ciphertext, context) {
      const parsed = readCiphertext(ciphertext);
      const key = rt.keys.findByArn(parsed.keyArn, rt.deps.now());
      if (!key) throw KmsErrors.invalidCiphertext();
      assertUsable(key);
      return { key: keyRecord(key), plaintext: decryptWith(key, parsed, context) };
    },
  };
}
