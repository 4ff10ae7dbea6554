/** GetObject and HeadObject: versions, single ranges, part numbers, conditional reads, SSE-KMS reads. */
import { AwsError, type HttpResult } from '../../../http/index.js';
import { authorizeS3, objectArn, requireBucket } from '../access.js';
import { attributeHeaders } from '../attributes.js';
import { checksumHeaders } from '../checksums.js';
import { evaluateReadConditions, parseRange } from '../conditional.js';
import type { S3Call } from '../context.js';
import { invalidArgument, invalidRange, invalidRequest, preconditionFailed } from '../errors.js';
import { parseVersionId, readableVersion, versionHeader } from '../lookup.js';
import { encryptionHeaders, openBody } from '../sse.js';
import type { ObjectVersion } from '../state.js';

interface Slice {
  start: number;
  end: number;
  /** 206 with Content-Range, or 200 for the whole object. */
  partial: boolean;
}

function parsePartNumber(query: URLSearchParams): number | undefined {
  const raw = query.get('partNumber');
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 10000) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', raw);
  }
  return n;
}

function partSlice(version: ObjectVersion, n: number): { slice: Slice; parts: number } {
  const sizes = version.partSizes ?? [version.size];
  if (n > sizes.length) {
    throw new AwsError('InvalidPartNumber', 'The requested partnumber is not satisfiable', { status: 416 });
  }
  const start = sizes.slice(0, n - 1).reduce((a, b) => a + b, 0);
  return { slice: { start, end: start + sizes[n - 1]! - 1, partial: true }, parts: sizes.length };
}

function chooseSlice(
  call: S3Call,
  version: ObjectVersion,
  partNumber: number | undefined,
): { slice: Slice; parts?: number } {
  const rangeHeader = call.input.headers.range;
  if (partNumber !== undefined) {
    if (rangeHeader !== undefined) {
      throw invalidRequest('Cannot specify both Range header and partNumber query parameter');
    }
    return partSlice(version, partNumber);
  }
  const range = parseRange(rangeHeader, version.size);
  if (range.kind === 'unsatisfiable') throw invalidRange(rangeHeader!, version.size);
  if (range.kind === 'whole') return { slice: { start: 0, end: version.size - 1, partial: false } };
  return { slice: { start: range.start, end: range.end, partial: true } };
}

export function getObject(call: S3Call, options: { head: boolean }): HttpResult {
  const bucket = requireBucket(call);
  const key = call.input.key!;
  const versionId = parseVersionId(call.input.query);
  const partNumber = parsePartNumber(call.input.query);
  authorizeS3(call, {
    action: versionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion',
    resource: objectArn(bucket.name, key),
    bucket,
    contextKeys: versionId === undefined ? {} : { 's3:VersionId': versionId },
  });
  const version = readableVersion(call, { bucket, key, versionId });
  const lastModified = new Date(version.lastModified);
  const identity = {
    etag: version.etag,
    'last-modified': lastModified.toUTCString(),
    ...versionHeader(bucket, version.versionId),
  };
  const condition = evaluateReadConditions({ headers: call.input.headers, etag: version.etag, lastModified });
  if (condition.kind === 'not-modified') return { status: 304, headers: identity };
  if (condition.kind === 'failed') throw preconditionFailed(condition.condition);

  const { slice, parts } = chooseSlice(call, version, partNumber);
  const length = version.size === 0 ? 0 : slice.end - slice.start + 1;
  const headers: Record<string, string> = {
    ...attributeHeaders(version, call.input.query),
    ...identity,
    ...encryptionHeaders(version.encryption),
    'accept-ranges': 'bytes',
    'content-length': String(length),
  };
  if (parts !== undefined) headers['x-amz-mp-parts-count'] = String(parts);
  if (slice.partial) headers['content-range'] = `bytes ${slice.start}-${slice.end}/${version.size}`;
  const wantsChecksum = call.input.headers['x-amz-checksum-mode']?.toUpperCase() === 'ENABLED';
  if (wantsChecksum && !slice.partial) Object.assign(headers, checksumHeaders(version.checksum));
  const status = slice.partial ? 206 : 200;
  if (options.head) return { status, headers };
  const plaintext = openBody(call, { bucket, key, version });
  const body = slice.partial ? plaintext.subarray(slice.start, slice.end + 1) : plaintext;
  return { status, headers, body };
}
