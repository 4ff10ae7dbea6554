/**
 * Keys as KMS describes them (`KeyMetadata`) and as other services see them (`KmsKeyRecord`), and the
 * record of a new key.
 */
import type { KmsKeyRecord } from '../deps.js';
import type { Where } from './keys.js';
import { keyArn } from './refs.js';
import type { KeyRotation, KeyTag, StoredKey } from './state.js';

/** Days between automatic rotations unless EnableKeyRotation says otherwise. */
export const DEFAULT_ROTATION_PERIOD_DAYS = 365;

export function keyMetadata(key: StoredKey): Record<string, unknown> {
  return {
    AWSAccountId: key.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: new Date(key.createdAt),
    Enabled: key.state === 'Enabled',
    Description: key.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: key.state,
    DeletionDate: key.deletionDate === undefined ? undefined : new Date(key.deletionDate),
    Origin: 'AWS_KMS',
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
  };
}

export function keyRecord(key: StoredKey): KmsKeyRecord {
  return {
    keyId: key.keyId,
    arn: key.arn,
    accountId: key.accountId,
    region: key.region,
    policy: key.policy,
    enabled: key.state === 'Enabled',
  };
}

export interface NewKeyInput {
  where: Where;
  keyId: string;
  /** 32 random bytes. */
  material: Buffer;
  createdAt: Date;
  description: string;
  keyManager: StoredKey['keyManager'];
  policy: string;
  tags?: KeyTag[];
  rotation?: KeyRotation;
}

export function newKey(input: NewKeyInput): StoredKey {
  return {
    keyId: input.keyId,
    arn: keyArn(input.where, input.keyId),
    accountId: input.where.accountId,
    region: input.where.region,
    createdAt: input.createdAt.toISOString(),
    description: input.description,
    keyManager: input.keyManager,
    state: 'Enabled',
    policy: input.policy,
    rotation: input.rotation ?? { enabled: false, periodInDays: DEFAULT_ROTATION_PERIOD_DAYS },
    material: [input.material.toString('base64')],
    tags: input.tags ?? [],
  };
}

/** `now + days`, as ISO 8601. */
export function addDays(now: Date, days: number): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString();
}
