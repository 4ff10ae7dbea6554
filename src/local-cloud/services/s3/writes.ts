/**
 * What every object write shares (PutObject, CopyObject, CompleteMultipartUpload): conditional writes,
 * the next version ID, storing the (sealed) bytes and recording the version.
 */
import type { S3Call } from './context.js';
import { dispatchS3, s3State } from './context.js';
import { etagMatches } from './conditional.js';
import { noSuchKey, notImplemented, preconditionFailed } from './errors.js';
import { versionIdFor } from './ids.js';
import { encryptionConditionKeys } from './sse.js';
import { currentObject, versionHeader } from './lookup.js';
import type { BucketRecord, ObjectVersion } from './state.js';

/** If-None-Match: * (create only) and If-Match: <etag> (replace only that version), as S3 checks them. */
export function checkWriteConditions(call: S3Call, bucket: BucketRecord, key: string): void {
  const { headers } = call.input;
  const ifNoneMatch = headers['if-none-match'];
  const ifMatch = headers['if-match'];
  if (ifNoneMatch === undefined && ifMatch === undefined) return;
  const current = currentObject(bucket, key);
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*') throw notImplemented('If-None-Match');
    if (current) throw preconditionFailed('If-None-Match');
  }
  if (ifMatch !== undefined) {
    if (!current) throw noSuchKey(key);
    if (!etagMatches(ifMatch, current.etag)) throw preconditionFailed('If-Match');
  }
}

/** The ID the next version of `key` gets: a fresh one when versioning is on, else `null`. */
export function nextVersionId(
  call: S3Call,
  bucket: BucketRecord,
  key: string,
): { versionId: string; seq: number } {
  const seq = s3State(call).seq + 1;
  if (bucket.versioning !== 'Enabled') return { versionId: 'null', seq };
  return { versionId: versionIdFor({ bucket: bucket.name, key, seq }), seq };
}

/** Records a new version (already carrying its blob) and returns its `x-amz-version-id` header. */
export function recordVersion(
  call: S3Call,
  input: { bucket: BucketRecord; key: string; version: ObjectVersion; seq: number; uploadId?: string },
): Record<string, string> {
  const { bucket, key, version, seq, uploadId } = input;
  const payload = { bucket: bucket.name, key, version, seq };
  if (uploadId === undefined) dispatchS3(call, 'putObject', payload);
  else dispatchS3(call, 'completeUpload', { ...payload, uploadId });
  return bucket.versioning === 'Enabled' ? versionHeader(bucket, version.versionId) : {};
}

/** Condition keys of object writes (PutObject, CopyObject, CreateMultipartUpload). */
export function writeConditionKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  const keys: Record<string, string> = { ...encryptionConditionKeys(headers) };
  const pairs: [string, string][] = [
    ['x-amz-acl', 's3:x-amz-acl'],
    ['x-amz-storage-class', 's3:x-amz-storage-class'],
    ['x-amz-copy-source', 's3:x-amz-copy-source'],
    ['x-amz-metadata-directive', 's3:x-amz-metadata-directive'],
    ['x-amz-website-redirect-location', 's3:x-amz-website-redirect-location'],
  ];
  for (const [header, key] of pairs) {
    const value = headers[header];
    if (value !== undefined) keys[key] = value;
  }
  return keys;
}
