/**
 * The source of CopyObject and UploadPartCopy: `x-amz-copy-source` parsed, the source bucket and version
 * found, `s3:GetObject` authorized against the source bucket, the copy-source preconditions checked.
 */
import { authorizeS3, objectArn, requireOtherBucket } from './access.js';
import { evaluateReadConditions } from './conditional.js';
import type { S3Call } from './context.js';
import { invalidArgument, invalidVersionId, preconditionFailed } from './errors.js';
import { isVersionIdShape } from './ids.js';
import { readableVersion } from './lookup.js';
import { openBody } from './sse.js';
import type { BucketRecord, ObjectVersion } from './state.js';

export interface CopySourceRef {
  bucket: string;
  key: string;
  versionId: string | undefined;
}

function badSource(value: string) {
  return invalidArgument(
    'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
    'x-amz-copy-source',
    value,
  );
}

/** `bucket/key`, `/bucket/key` or either with `?versionId=…`, URL-encoded. */
export function parseCopySource(value: string): CopySourceRef {
  let path = value;
  let versionId: string | undefined;
  const question = value.indexOf('?');
  if (question >= 0) {
    path = value.slice(0, question);
    versionId = new URLSearchParams(value.slice(question + 1)).get('versionId') ?? undefined;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw badSource(value);
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw badSource(value);
  if (versionId !== undefined && !isVersionIdShape(versionId)) throw invalidVersionId(versionId);
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId };
}

export interface CopySource extends CopySourceRef {
  record: BucketRecord;
  version: ObjectVersion;
}

const CONDITION_HEADERS: readonly [string, string][] = [
  ['x-amz-copy-source-if-match', 'if-match'],
  ['x-amz-copy-source-if-none-match', 'if-none-match'],
  ['x-amz-copy-source-if-modified-since', 'if-modified-since'],
  ['x-amz-copy-source-if-unmodified-since', 'if-unmodified-since'],
];

/** Finds and authorizes the source; the copy-source preconditions fail with 412, as S3 answers. */
export function resolveCopySource(call: S3Call): CopySource {
  const { headers } = call.input;
  const ref = parseCopySource(headers['x-amz-copy-source']!);
  const record = requireOtherBucket(call, ref.bucket, headers['x-amz-source-expected-bucket-owner']);
  authorizeS3(call, {
    action: ref.versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion',
    resource: objectArn(ref.bucket, ref.key),
    bucket: record,
    contextKeys: ref.versionId === undefined ? {} : { 's3:VersionId': ref.versionId },
  });
  const version = readableVersion(call, { bucket: record, key: ref.key, versionId: ref.versionId });
  const conditions: Record<string, string> = {};
  for (const [from, to] of CONDITION_HEADERS) if (headers[from] !== undefined) conditions[to] = headers[from];
  const outcome = evaluateReadConditions({
    headers: conditions,
    etag: version.etag,
    lastModified: new Date(version.lastModified),
  });
  if (outcome.kind === 'failed') throw preconditionFailed(`x-amz-copy-source-${outcome.condition}`);
  if (outcome.kind === 'not-modified') {
    const which = conditions['if-none-match'] !== undefined ? 'If-None-Match' : 'If-Modified-Since';
    throw preconditionFailed(`x-amz-copy-source-${which}`);
  }
  return { ...ref, record, version };
}

/** The source's plaintext (checks kms:Decrypt for SSE-KMS sources). */
export function readCopySource(call: S3Call, source: CopySource): Buffer {
  return openBody(call, { bucket: source.record, key: source.key, version: source.version });
}

export function copySourceVersionHeader(source: CopySource): Record<string, string> {
  return source.record.versioning === undefined
    ? {}
    : { 'x-amz-copy-source-version-id': source.version.versionId };
}
