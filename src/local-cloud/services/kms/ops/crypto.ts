/**
 * Cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey,
 * GenerateDataKeyWithoutPlaintext, GenerateRandom.
 */
import { AwsError } from '../../../http/errors.js';
import type { ParsedCiphertext } from '../ciphertext.js';
import { decryptWith, encryptUnder, readCiphertext } from '../engine.js';
import { constraintError, KmsErrors } from '../errors.js';
import {
  encryptionContext,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalString,
  requiredBlob,
  requiredString,
} from '../input.js';
import { assertUsable } from '../keys.js';
import { authorizeIdentity, authorizeKey, type KmsCall, type KmsRuntime, resolveKey } from '../runtime.js';
import type { StoredKey } from '../state.js';
import { type Body, type KmsOperations, USE } from './types.js';

const MAX_PLAINTEXT = 4096;
const MAX_CIPHERTEXT = 6144;
const SYMMETRIC = 'SYMMETRIC_DEFAULT';
const ALGORITHMS = [SYMMETRIC, 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE'] as const;
const ALGORITHM_KEYS = { 'kms:EncryptionAlgorithm': SYMMETRIC };

function algorithm(body: Body, member: string): void {
  const value = optionalEnum(body, member, ALGORITHMS);
  if (value !== undefined && value !== SYMMETRIC) {
    throw new AwsError(
      'InvalidKeyUsageException',
      `The key does not support the ${value} encryption algorithm.`,
    );
  }
}

function dryRun(body: Body): void {
  if (optionalBoolean(body, 'DryRun') === true) throw KmsErrors.dryRun();
}

/** The key a ciphertext names, in the caller's region; checked against the KeyId the request gave. */
function sourceKey(
  rt: KmsRuntime,
  call: KmsCall,
  parsed: ParsedCiphertext,
  keyIdText: string | undefined,
): StoredKey {
  const key = rt.keys.findByArn(parsed.keyArn, call.now);
  if (!key || key.region !== call.where.region) throw KmsErrors.invalidCiphertext();
  if (keyIdText !== undefined && resolveKey(rt, call, keyIdText, USE).key.arn !== key.arn) {
    throw KmsErrors.incorrectKey();
  }
  return key;
}

/** NumberOfBytes or KeySpec (exactly one), as GenerateDataKey* take them. */
function dataKeyLength(body: Body): number {
  const bytes = optionalInteger(body, 'NumberOfBytes', { min: 1, max: 1024 });
  const spec = optionalEnum(body, 'KeySpec', ['AES_256', 'AES_128'] as const);
  if ((bytes === undefined) === (spec === undefined)) {
    throw KmsErrors.validation('Please specify either number of bytes or key spec.');
  }
  return bytes ?? (spec === 'AES_128' ? 16 : 32);
}

function generateDataKey(rt: KmsRuntime, body: Body, call: KmsCall, action: string) {
  const keyIdText = requiredString(body, 'KeyId', { max: 2048 });
  const length = dataKeyLength(body);
  const context = encryptionContext(body, 'EncryptionContext');
  const { key, alias } = resolveKey(rt, call, keyIdText, USE);
  authorizeKey(rt, call, key, action, { encryptionContext: context, alias });
  dryRun(body);
  assertUsable(key);
  const plaintext = rt.random.bytes(length);
  return { key, plaintext, ciphertext: encryptUnder(key, plaintext, context, rt.random) };
}

export const cryptoOperations: KmsOperations = {
  Encrypt(rt, body, call) {
    const keyIdText = requiredString(body, 'KeyId', { max: 2048 });
    const plaintext = requiredBlob(body, 'Plaintext', { max: MAX_PLAINTEXT });
    const context = encryptionContext(body, 'EncryptionContext');
    algorithm(body, 'EncryptionAlgorithm');
    const { key, alias } = resolveKey(rt, call, keyIdText, USE);
    authorizeKey(rt, call, key, 'kms:Encrypt', {
      encryptionContext: context,
      alias,
      contextKeys: ALGORITHM_KEYS,
    });
    dryRun(body);
    assertUsable(key);
    return {
      CiphertextBlob: encryptUnder(key, plaintext, context, rt.random),
      KeyId: key.arn,
      EncryptionAlgorithm: SYMMETRIC,
    };
  },

  Decrypt(rt, body, call) {
    const blob = requiredBlob(body, 'CiphertextBlob', { max: MAX_CIPHERTEXT });
    const context = encryptionContext(body, 'EncryptionContext');
    const keyIdText = optionalString(body, 'KeyId', { max: 2048 });
    algorithm(body, 'EncryptionAlgorithm');
    const parsed = readCiphertext(blob);
    const key = sourceKey(rt, call, parsed, keyIdText);
    authorizeKey(rt, call, key, 'kms:Decrypt', { encryptionContext: context, contextKeys: ALGORITHM_KEYS });
    dryRun(body);
    assertUsable(key);
    return { KeyId: key.arn, Plaintext: decryptWith(key, parsed, context), EncryptionAlgorithm: SYMMETRIC };
  },

  ReEncrypt(rt, body, call) {
    const blob = requiredBlob(body, 'CiphertextBlob', { max: MAX_CIPHERTEXT });
    const sourceContext = encryptionContext(body, 'SourceEncryptionContext');
    const sourceKeyText = optionalString(body, 'SourceKeyId', { max: 2048 });
    const destinationText = requiredString(body, 'DestinationKeyId', { max: 2048 });
    const destinationContext = encryptionContext(body, 'DestinationEncryptionContext');
    algorithm(body, 'SourceEncryptionAlgorithm');
    algorithm(body, 'DestinationEncryptionAlgorithm');
    const parsed = readCiphertext(blob);
    const source = sourceKey(rt, call, parsed, sourceKeyText);
    const destination = resolveKey(rt, call, destinationText, USE);
    authorizeKey(rt, call, source, 'kms:ReEncryptFrom', {
      encryptionContext: sourceContext,
      contextKeys: { ...ALGORITHM_KEYS, 'kms:ReEncryptOnSameKey': source.arn === destination.key.arn },
    });
    authorizeKey(rt, call, destination.key, 'kms:ReEncryptTo', {
      encryptionContext: destinationContext,
      alias: destination.alias,
      contextKeys: { ...ALGORITHM_KEYS, 'kms:ReEncryptOnSameKey': source.arn === destination.key.arn },
    });
    dryRun(body);
    assertUsable(source);
    assertUsable(destination.key);
    const plaintext = decryptWith(source, parsed, sourceContext);
    return {
      CiphertextBlob: encryptUnder(destination.key, plaintext, destinationContext, rt.random),
      SourceKeyId: source.arn,
      KeyId: destination.key.arn,
      SourceEncryptionAlgorithm: SYMMETRIC,
      DestinationEncryptionAlgorithm: SYMMETRIC,
    };
  },

  GenerateDataKey(rt, body, call) {
    const { key, plaintext, ciphertext } = generateDataKey(rt, body, call, 'kms:GenerateDataKey');
    return { CiphertextBlob: ciphertext, Plaintext: plaintext, KeyId: key.arn };
  },

  GenerateDataKeyWithoutPlaintext(rt, body, call) {
    const { key, ciphertext } = generateDataKey(rt, body, call, 'kms:GenerateDataKeyWithoutPlaintext');
    return { CiphertextBlob: ciphertext, KeyId: key.arn };
  },

  GenerateRandom(rt, body, call) {
    const count = optionalInteger(body, 'NumberOfBytes', { min: 1, max: 1024 });
    if (count === undefined) throw constraintError('NumberOfBytes', undefined, 'Member must not be null');
    authorizeIdentity(rt, call, 'kms:GenerateRandom');
    return { Plaintext: rt.random.bytes(count) };
  },
};
