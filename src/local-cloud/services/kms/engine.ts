/**
 * Encrypting and decrypting under stored keys: the one place key material is used, shared by the KMS
 * API and by other services (S3's SSE-KMS through `KmsInternal`).
 */
import {
  type EncryptionContext,
  GCM_IV_BYTES,
  openCiphertext,
  type ParsedCiphertext,
  parseCiphertext,
  sealCiphertext,
} from './ciphertext.js';
import { KmsErrors } from './errors.js';
import type { KmsRandom } from './runtime.js';
import type { StoredKey } from './state.js';

/** Encrypts under the key's newest material version. */
export function encryptUnder(
  key: StoredKey,
  plaintext: Buffer,
  context: EncryptionContext | undefined,
  random: KmsRandom,
): Buffer {
  const version = key.material.length - 1;
  return sealCiphertext({
    keyArn: key.arn,
    materialVersion: version,
    material: Buffer.from(key.material[version]!, 'base64'),
    plaintext,
    context,
    iv: random.bytes(GCM_IV_BYTES),
  });
}

/** The blob's fields, or InvalidCiphertextException. */
export function readCiphertext(blob: Buffer): ParsedCiphertext {
  const parsed = parseCiphertext(blob);
  if (!parsed) throw KmsErrors.invalidCiphertext();
  return parsed;
}

/** Decrypts a blob made under `key`; InvalidCiphertextException when it was not, or the context differs. */
export function decryptWith(
  key: StoredKey,
  parsed: ParsedCiphertext,
  context: EncryptionContext | undefined,
): Buffer {
  const material = key.material[parsed.materialVersion];
  if (parsed.keyArn !== key.arn || material === undefined) throw KmsErrors.invalidCiphertext();
  const plaintext = openCiphertext(parsed, Buffer.from(material, 'base64'), context);
  if (!plaintext) throw KmsErrors.invalidCiphertext();
  return plaintext;
}
