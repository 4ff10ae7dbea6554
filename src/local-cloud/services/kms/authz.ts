/**
 * The authorization request of an operation on a KMS key: the key policy as the resource policy (it must
 * allow even within the account), the key ARN as resource, and KMS's condition keys. S3 uses the same
 * builder for SSE-KMS (with `viaService`), so a key policy reads the same keys whoever asks.
 */
import type { ContextValue } from '../../iam/index.js';
import type { AuthorizeRequest } from '../deps.js';
import type { KeyTag } from './state.js';

export interface KeyAuthorizationInput {
  key: { arn: string; accountId: string; policy: string; tags?: readonly KeyTag[] };
  /** `kms:Decrypt` */
  action: string;
  /** The account of the principal making the request (`kms:CallerAccount`). */
  callerAccount: string;
  encryptionContext?: Readonly<Record<string, string>>;
  /** `s3.us-east-1.amazonaws.com` when a service calls KMS on the caller's behalf (`kms:ViaService`). */
  viaService?: string;
  /** Operation-specific keys (`kms:RequestAlias`, `kms:RotationPeriodInDays`, …). */
  contextKeys?: Readonly<Record<string, ContextValue>>;
}

type ContextKeys = NonNullable<AuthorizeRequest['contextKeys']>;

/** `kms:EncryptionContext:<key>` for every pair and `kms:EncryptionContextKeys`. */
export function encryptionContextKeys(context: Readonly<Record<string, string>> | undefined): ContextKeys {
  const keys: ContextKeys = {};
  if (context === undefined || Object.keys(context).length === 0) return keys;
  for (const [name, value] of Object.entries(context)) keys[`kms:EncryptionContext:${name}`] = value;
  keys['kms:EncryptionContextKeys'] = Object.keys(context);
  return keys;
}

export function keyAuthorization(input: KeyAuthorizationInput): AuthorizeRequest {
  const { key } = input;
  const contextKeys: ContextKeys = {
    'kms:CallerAccount': input.callerAccount,
    'kms:KeySpec': 'SYMMETRIC_DEFAULT',
    'kms:KeyUsage': 'ENCRYPT_DECRYPT',
    'kms:KeyOrigin': 'AWS_KMS',
    ...encryptionContextKeys(input.encryptionContext),
  };
  for (const tag of key.tags ?? []) contextKeys[`aws:ResourceTag/${tag.TagKey}`] = tag.TagValue;
  if (input.viaService !== undefined) contextKeys['kms:ViaService'] = input.viaService;
  for (const [name, value] of Object.entries(input.contextKeys ?? {})) {
    contextKeys[name] = value as ContextKeys[string];
  }
  return {
    action: input.action,
    resource: key.arn,
    resourceAccount: key.accountId,
    resourcePolicy: { name: `key policy of ${key.arn}`, document: key.policy, kind: 'kms-key' },
    contextKeys,
  };
}
