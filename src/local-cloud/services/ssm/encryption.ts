/**
 * SecureString values, encrypted with KMS as Parameter Store does it: under the key the request names
 * (key ID, key ARN, alias name or alias ARN) or the account's AWS managed key `alias/aws/ssm`, with the
 * encryption context `{ PARAMETER_ARN: <parameter ARN> }`. SSM calls KMS on the caller's behalf, so the
 * caller needs the KMS permission itself — `kms:Encrypt` to write a standard parameter
 * (`kms:GenerateDataKey` for an advanced one, which AWS envelope-encrypts) and `kms:Decrypt` to read
 * with WithDecryption — allowed by its IAM policies and the key policy, with `kms:ViaService`
 * `ssm.<region>.amazonaws.com`, exactly as S3's SSE-KMS checks it.
 */
import type { KmsInternal, KmsKeyRecord } from '../deps.js';
import { keyAuthorization } from '../kms/authz.js';
import { SsmErrors } from './errors.js';
import type { Where } from './names.js';
import type { SsmCall, SsmRuntime } from './runtime.js';
import type { StoredTier, StoredVersion } from './state.js';

export const SSM_MANAGED_KEY_ALIAS = 'alias/aws/ssm';

/** The account's `alias/aws/ssm` key, created on first use. */
function managedKey(kms: KmsInternal, where: Where): KmsKeyRecord {
  return kms.awsManagedKey('ssm', where);
}

export function encryptionContext(parameterArn: string): Record<string, string> {
  return { PARAMETER_ARN: parameterArn };
}

function authorizeKey(call: SsmCall, key: KmsKeyRecord, action: string, parameterArn: string): void {
  call.authorize(
    keyAuthorization({
      key,
      action,
      callerAccount: call.where.accountId,
      encryptionContext: encryptionContext(parameterArn),
      viaService: `ssm.${call.where.region}.amazonaws.com`,
    }),
  );
}

function usableKey(rt: SsmRuntime, ref: string, where: Where): KmsKeyRecord {
  const key = rt.kms.resolveKey(ref, where);
  if (!key || key.region !== where.region) throw SsmErrors.invalidKeyId(ref);
  return key;
}

export interface SealedValue {
  /** Base64 ciphertext. */
  value: string;
  keyId: string;
  keyArn: string;
}

/** Encrypts a SecureString value after checking the caller may use the key through SSM. */
export function sealValue(
  rt: SsmRuntime,
  call: SsmCall,
  input: { keyId: string | undefined; parameterArn: string; plaintext: string; tier: StoredTier },
): SealedValue {
  const managed = input.keyId === undefined || input.keyId === SSM_MANAGED_KEY_ALIAS;
  const key = managed ? managedKey(rt.kms, call.where) : usableKey(rt, input.keyId!, call.where);
  const action = input.tier === 'Advanced' ? 'kms:GenerateDataKey' : 'kms:Encrypt';
  authorizeKey(call, key, action, input.parameterArn);
  const ciphertext = rt.kms.encrypt(
    key,
    Buffer.from(input.plaintext, 'utf8'),
    encryptionContext(input.parameterArn),
  );
  return {
    value: ciphertext.toString('base64'),
    keyId: input.keyId ?? SSM_MANAGED_KEY_ALIAS,
    keyArn: key.arn,
  };
}

/** A SecureString version's plaintext, after checking the caller may decrypt with its key through SSM. */
export function openValue(
  rt: SsmRuntime,
  call: SsmCall,
  input: { version: StoredVersion; parameterArn: string; where: Where },
): string {
  const keyArn = input.version.keyArn!;
  const key = rt.kms.resolveKey(keyArn, input.where);
  if (!key) throw SsmErrors.invalidKeyId(input.version.keyId ?? keyArn);
  authorizeKey(call, key, 'kms:Decrypt', input.parameterArn);
  const { plaintext } = rt.kms.decrypt(
    Buffer.from(input.version.value, 'base64'),
    encryptionContext(input.parameterArn),
  );
  return plaintext.toString('utf8');
}

/** The Value a read answers: plaintext, or for SecureString the ciphertext unless decryption is asked. */
export function visibleValue(
  rt: SsmRuntime,
  call: SsmCall,
  input: { version: StoredVersion; parameterArn: string; where: Where; decrypt: boolean },
): string {
  if (input.version.type !== 'SecureString' || !input.decrypt) return input.version.value;
  return openValue(rt, call, input);
}
