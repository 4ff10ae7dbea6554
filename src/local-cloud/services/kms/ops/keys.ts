/**
 * Key lifecycle: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, ScheduleKeyDeletion,
 * CancelKeyDeletion, UpdateKeyDescription.
 */
import { KEY_MATERIAL_BYTES } from '../ciphertext.js';
import { constraintError, KmsErrors } from '../errors.js';
import {
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalString,
  requiredString,
  tagList,
} from '../input.js';
import { assertNotPendingDeletion } from '../keys.js';
import { addDays, keyMetadata, newKey } from '../metadata.js';
import { pageMembers, paginate } from '../paging.js';
import { assertValidKeyPolicy, defaultKeyPolicy, MAX_KEY_POLICY_CHARS } from '../policies.js';
import { keyArn } from '../refs.js';
import { authorizeIdentity, authorizeKey, resolveKey } from '../runtime.js';
import { type KeyTag, kmsSlice, scopeKey } from '../state.js';
import { assertNoLockout } from './policy.js';
import { type KmsOperations, MANAGE, USE } from './types.js';

const KEY_USAGES = ['SIGN_VERIFY', 'ENCRYPT_DECRYPT', 'GENERATE_VERIFY_MAC', 'KEY_AGREEMENT'] as const;
const KEY_SPECS = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'SYMMETRIC_DEFAULT',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'SM2',
  'ML_DSA_44',
  'ML_DSA_65',
  'ML_DSA_87',
] as const;
const ORIGINS = ['AWS_KMS', 'EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE'] as const;

const ONLY_SYMMETRIC =
  'This local cloud supports only symmetric encryption keys (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT, Origin AWS_KMS, single-Region).';

/** `aws:RequestTag/<key>` and `aws:TagKeys` for requests that tag. */
export function requestTagKeys(tags: readonly KeyTag[]): Record<string, string | string[]> {
  if (tags.length === 0) return {};
  const keys: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.TagKey) };
  for (const tag of tags) keys[`aws:RequestTag/${tag.TagKey}`] = tag.TagValue;
  return keys;
}

export const keyOperations: KmsOperations = {
  CreateKey(rt, body, call) {
    const policyText = optionalString(body, 'Policy', { max: MAX_KEY_POLICY_CHARS });
    const description = optionalString(body, 'Description', { max: 8192 }) ?? '';
    const usage = optionalEnum(body, 'KeyUsage', KEY_USAGES) ?? 'ENCRYPT_DECRYPT';
    const spec =
      optionalEnum(body, 'KeySpec', KEY_SPECS) ??
      optionalEnum(body, 'CustomerMasterKeySpec', KEY_SPECS) ??
      'SYMMETRIC_DEFAULT';
    const origin = optionalEnum(body, 'Origin', ORIGINS) ?? 'AWS_KMS';
    const multiRegion = optionalBoolean(body, 'MultiRegion') ?? false;
    const bypass = optionalBoolean(body, 'BypassPolicyLockoutSafetyCheck') ?? false;
    const tags = tagList(body, 'Tags');
    if (usage !== 'ENCRYPT_DECRYPT' || spec !== 'SYMMETRIC_DEFAULT' || origin !== 'AWS_KMS' || multiRegion) {
      throw KmsErrors.unsupported(ONLY_SYMMETRIC);
    }
    authorizeIdentity(rt, call, 'kms:CreateKey', {
      contextKeys: {
        'kms:KeySpec': spec,
        'kms:KeyUsage': usage,
        'kms:KeyOrigin': origin,
        'kms:MultiRegion': multiRegion,
        'kms:BypassPolicyLockoutSafetyCheck': bypass,
        ...requestTagKeys(tags),
      },
    });
    const keyId = rt.random.uuid();
    const policy = policyText ?? defaultKeyPolicy(call.where.accountId);
    if (policyText !== undefined) {
      assertValidKeyPolicy(policyText);
      if (!bypass) {
        assertNoLockout(rt, call, {
          arn: keyArn(call.where, keyId),
          accountId: call.where.accountId,
          policy,
        });
      }
    }
    const key = newKey({
      where: call.where,
      keyId,
      material: rt.random.bytes(KEY_MATERIAL_BYTES),
      createdAt: call.now,
      description,
      keyManager: 'CUSTOMER',
      policy,
      tags,
    });
    rt.deps.store.dispatch(kmsSlice, 'createKey', { key });
    return { KeyMetadata: keyMetadata(key) };
  },

  DescribeKey(rt, body, call) {
    const { key, alias } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), USE);
    authorizeKey(rt, call, key, 'kms:DescribeKey', { alias });
    return { KeyMetadata: keyMetadata(key) };
  },

  ListKeys(rt, body, call) {
    const limit = optionalInteger(body, 'Limit', { min: 1, max: 1000 }) ?? 100;
    const marker = optionalString(body, 'Marker', { max: 1024 });
    authorizeIdentity(rt, call, 'kms:ListKeys');
    const page = paginate({
      items: rt.keys.keysIn(call.where, call.now),
      sortKey: (key) => key.keyId,
      limit,
      marker,
    });
    return { Keys: page.items.map((k) => ({ KeyId: k.keyId, KeyArn: k.arn })), ...pageMembers(page) };
  },

  EnableKey(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    authorizeKey(rt, call, key, 'kms:EnableKey');
    assertNotPendingDeletion(key);
    rt.deps.store.dispatch(kmsSlice, 'setKeyState', {
      scope: scopeKey(key),
      keyId: key.keyId,
      state: 'Enabled',
    });
    return undefined;
  },

  DisableKey(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    authorizeKey(rt, call, key, 'kms:DisableKey');
    assertNotPendingDeletion(key);
    rt.deps.store.dispatch(kmsSlice, 'setKeyState', {
      scope: scopeKey(key),
      keyId: key.keyId,
      state: 'Disabled',
    });
    return undefined;
  },

  ScheduleKeyDeletion(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    const days = optionalInteger(body, 'PendingWindowInDays', { min: 7, max: 30 }) ?? 30;
    authorizeKey(rt, call, key, 'kms:ScheduleKeyDeletion', {
      contextKeys: { 'kms:ScheduleKeyDeletionPendingWindowInDays': days },
    });
    assertNotPendingDeletion(key);
    const deletionDate = addDays(call.now, days);
    rt.deps.store.dispatch(kmsSlice, 'setKeyState', {
      scope: scopeKey(key),
      keyId: key.keyId,
      state: 'PendingDeletion',
      deletionDate,
      pendingWindowInDays: days,
    });
    return {
      KeyId: key.arn,
      DeletionDate: new Date(deletionDate),
      KeyState: 'PendingDeletion',
      PendingWindowInDays: days,
    };
  },

  CancelKeyDeletion(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    authorizeKey(rt, call, key, 'kms:CancelKeyDeletion');
    if (key.state !== 'PendingDeletion') throw KmsErrors.invalidState(`${key.arn} is not pending deletion.`);
    // As on AWS, a key whose deletion is cancelled comes back disabled.
    rt.deps.store.dispatch(kmsSlice, 'setKeyState', {
      scope: scopeKey(key),
      keyId: key.keyId,
      state: 'Disabled',
    });
    return { KeyId: key.arn };
  },

  UpdateKeyDescription(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    const description = optionalString(body, 'Description', { max: 8192 });
    if (description === undefined) throw constraintError('Description', undefined, 'Member must not be null');
    authorizeKey(rt, call, key, 'kms:UpdateKeyDescription');
    assertNotPendingDeletion(key);
    rt.deps.store.dispatch(kmsSlice, 'setDescription', {
      scope: scopeKey(key),
      keyId: key.keyId,
      description,
    });
    return undefined;
  },
};
