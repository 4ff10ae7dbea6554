/**
 * Server-side encryption: which encryption a write gets (request headers, else the bucket default,
 * else SSE-S3), SSE-KMS key resolution as S3 does it (key ARNs as given; key IDs and aliases, the
 * AWS managed key `aws/s3` included, in the requester's account), the KMS permission checks S3 makes
 * on the caller's behalf (`kms:GenerateDataKey` to write, `kms:Decrypt` to read, with
 * `kms:ViaService`), and sealing/opening object bodies with the KMS service.
 */
import type { KmsKeyRecord } from '../deps.js';
import { bucketArn, objectArn } from './access.js';
import type { S3Call } from './context.js';
import { invalidArgument, kmsError, notImplemented } from './errors.js';
import type { BucketRecord, ObjectEncryption, ObjectVersion, SseAlgorithm } from './state.js';

const ALGORITHMS: readonly string[] = ['AES256', 'aws:kms', 'aws:kms:dsse'];

export function isKms(algorithm: SseAlgorithm): boolean {
  return algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse';
}

export interface RequestedEncryption {
  algorithm: SseAlgorithm;
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  context?: [string, string][];
}

const KMS_HEADER_WITHOUT_KMS =
  'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms';

function parseContextHeader(value: string): [string, string][] {
  const bad = () =>
    invalidArgument(
      "The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map",
      'x-amz-server-side-encryption-context',
      value,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    throw bad();
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw bad();
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.some(([, v]) => typeof v !== 'string')) throw bad();
  return entries as [string, string][];
}

/** The encryption a write request asks for in its headers, validated as S3 does. */
export function requestedEncryption(
  headers: Readonly<Record<string, string>>,
): RequestedEncryption | undefined {
  if (headers['x-amz-server-side-encryption-customer-algorithm'] !== undefined) {
    throw notImplemented('x-amz-server-side-encryption-customer-algorithm');
  }
  const algorithm = headers['x-amz-server-side-encryption'];
  const keyId = headers['x-amz-server-side-encryption-aws-kms-key-id'];
  const contextHeader = headers['x-amz-server-side-encryption-context'];
  if (algorithm === undefined) {
    if (keyId !== undefined || contextHeader !== undefined) {
      throw invalidArgument(KMS_HEADER_WITHOUT_KMS, 'x-amz-server-side-encryption', 'null');
    }
    return undefined;
  }
  if (!ALGORITHMS.includes(algorithm)) {
    throw invalidArgument(
      'The encryption method specified is not supported',
      'x-amz-server-side-encryption',
      algorithm,
    );
  }
  const sse = algorithm as SseAlgorithm;
  if (!isKms(sse) && (keyId !== undefined || contextHeader !== undefined)) {
    throw invalidArgument(KMS_HEADER_WITHOUT_KMS, 'x-amz-server-side-encryption', algorithm);
  }
  const bucketKey = headers['x-amz-server-side-encryption-bucket-key-enabled'];
  return {
    algorithm: sse,
    kmsKeyId: keyId === '' ? undefined : keyId,
    bucketKeyEnabled: bucketKey === undefined ? undefined : bucketKey.toLowerCase() === 'true',
    context: contextHeader === undefined ? undefined : parseContextHeader(contextHeader),
  };
}

/** `s3:x-amz-server-side-encryption` and `…-aws-kms-key-id`: what the request headers say (only). */
export function encryptionConditionKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const keys: Record<string, string> = {};
  const algorithm = headers['x-amz-server-side-encryption'];
  const keyId = headers['x-amz-server-side-encryption-aws-kms-key-id'];
  if (algorithm !== undefined) keys['s3:x-amz-server-side-encryption'] = algorithm;
  if (keyId !== undefined) keys['s3:x-amz-server-side-encryption-aws-kms-key-id'] = keyId;
  return keys;
}

/** The KMS encryption context of an object: its ARN (the bucket's with a Bucket Key) plus the writer's. */
export function encryptionContext(
  settings: ObjectEncryption,
  bucket: string,
  key: string,
): Record<string, string> {
  const arn = settings.bucketKeyEnabled ? bucketArn(bucket) : objectArn(bucket, key);
  return { ...Object.fromEntries(settings.context ?? []), 'aws:s3:arn': arn };
}

function kmsContextKeys(call: S3Call, bucket: BucketRecord, context: Record<string, string>) {
  const keys: Record<string, string | string[] | undefined> = {
    'kms:ViaService': `s3.${bucket.region}.amazonaws.com`,
    'kms:CallerAccount': call.caller?.accountId,
    'kms:EncryptionContextKeys': Object.keys(context),
  };
  for (const [name, value] of Object.entries(context)) keys[`kms:EncryptionContext:${name}`] = value;
  return keys;
}

/** Asks IAM (caller's policies + the key policy) whether the caller may use `key` through S3. */
function authorizeKms(
  call: S3Call,
  input: { key: KmsKeyRecord; action: string; bucket: BucketRecord; context: Record<string, string> },
): void {
  call.env.deps.authorize(call.ctx, {
    action: input.action,
    resource: input.key.arn,
    resourceAccount: input.key.accountId,
    resourcePolicy: { name: `key policy of ${input.key.arn}`, document: input.key.policy, kind: 'kms-key' },
    contextKeys: kmsContextKeys(call, input.bucket, input.context),
  });
}

function usableKey(key: KmsKeyRecord | undefined, ref: string, bucket: BucketRecord): KmsKeyRecord {
  if (!key || key.region !== bucket.region) throw kmsError('NotFoundException', `Invalid keyId ${ref}`);
  if (!key.enabled) throw kmsError('DisabledException', `${key.arn} is disabled.`);
  return key;
}

const SIGV4_REQUIRED =
  'Requests specifying Server Side Encryption with AWS KMS managed keys require AWS Signature Version 4.';

export interface WriteEncryption {
  settings: ObjectEncryption;
  /** The KMS key, for SSE-KMS writes. */
  key?: KmsKeyRecord;
}

/**
 * Decides how a new object is encrypted and, for SSE-KMS, checks that the caller may generate data
 * keys under the chosen key (AccessDenied otherwise).
 */
export function resolveWriteEncryption(
  call: S3Call,
  input: { bucket: BucketRecord; key: string; requested: RequestedEncryption | undefined },
): WriteEncryption {
  const { bucket, requested } = input;
  const fallback = bucket.encryption;
  const algorithm = requested?.algorithm ?? fallback?.algorithm ?? 'AES256';
  if (!isKms(algorithm)) return { settings: { algorithm } };
  if (call.caller === undefined) throw invalidArgument(SIGV4_REQUIRED);
  const ref = requested ? requested.kmsKeyId : fallback?.kmsMasterKeyId;
  const defaultBucketKey = fallback !== undefined && isKms(fallback.algorithm) && fallback.bucketKeyEnabled;
  const where = { accountId: call.caller.accountId, region: bucket.region };
  const key =
    ref === undefined
      ? call.env.kms.awsManagedKey('s3', where)
      : usableKey(call.env.kms.resolveKey(ref, where), ref, bucket);
  const settings: ObjectEncryption = { algorithm, kmsKeyArn: key.arn };
  if (requested?.bucketKeyEnabled ?? defaultBucketKey) settings.bucketKeyEnabled = true;
  if (requested?.context !== undefined) settings.context = requested.context;
  const context = encryptionContext(settings, bucket.name, input.key);
  authorizeKms(call, { key, action: 'kms:GenerateDataKey', bucket, context });
  return { settings, key };
}

/**
 * The encryption a multipart upload chose at its start, for sealing the assembled object: the key
 * must still be usable, and (as S3 requires for SSE-KMS multipart uploads) the caller must be allowed
 * to decrypt with it.
 */
export function resumeWriteEncryption(
  call: S3Call,
  input: { bucket: BucketRecord; key: string; settings: ObjectEncryption },
): WriteEncryption {
  const { bucket, settings } = input;
  if (!isKms(settings.algorithm)) return { settings };
  if (call.caller === undefined) throw invalidArgument(SIGV4_REQUIRED);
  const arn = settings.kmsKeyArn!;
  const key = usableKey(
    call.env.kms.resolveKey(arn, { accountId: call.caller.accountId, region: bucket.region }),
    arn,
    bucket,
  );
  const context = encryptionContext(settings, bucket.name, input.key);
  authorizeKms(call, { key, action: 'kms:Decrypt', bucket, context });
  return { settings, key };
}

/** The bytes to store for a new object: the plaintext, or its KMS ciphertext for SSE-KMS. */
export function sealBody(
  call: S3Call,
  input: { encryption: WriteEncryption; bucket: string; key: string; body: Buffer },
): Buffer {
  const { key, settings } = input.encryption;
  if (!key) return input.body;
  return call.env.kms.encrypt(key, input.body, encryptionContext(settings, input.bucket, input.key));
}

/** An object's plaintext; for SSE-KMS after checking that the caller may decrypt with its key. */
export function openBody(
  call: S3Call,
  input: { bucket: BucketRecord; key: string; version: ObjectVersion },
): Buffer {
  const { bucket, version } = input;
  const stored = call.env.deps.store.getBlob(version.blob!);
  const { encryption } = version;
  if (!isKms(encryption.algorithm)) return stored;
  if (call.caller === undefined) throw invalidArgument(SIGV4_REQUIRED);
  const arn = encryption.kmsKeyArn!;
  const key = usableKey(
    call.env.kms.resolveKey(arn, { accountId: call.caller.accountId, region: bucket.region }),
    arn,
    bucket,
  );
  const context = encryptionContext(encryption, bucket.name, input.key);
  authorizeKms(call, { key, action: 'kms:Decrypt', bucket, context });
  return call.env.kms.decrypt(stored, context).plaintext;
}

/** The SSE response headers of an object. */
export function encryptionHeaders(settings: ObjectEncryption): Record<string, string> {
  const headers: Record<string, string> = { 'x-amz-server-side-encryption': settings.algorithm };
  if (settings.kmsKeyArn !== undefined) {
    headers['x-amz-server-side-encryption-aws-kms-key-id'] = settings.kmsKeyArn;
  }
  if (settings.bucketKeyEnabled) headers['x-amz-server-side-encryption-bucket-key-enabled'] = 'true';
  if (settings.context !== undefined) {
    headers['x-amz-server-side-encryption-context'] = Buffer.from(
      JSON.stringify(Object.fromEntries(settings.context)),
    ).toString('base64');
  }
  return headers;
}
