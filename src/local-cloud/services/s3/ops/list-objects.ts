/** ListObjectsV2 and ListObjects (v1): prefix, delimiter, pagination, encoding-type=url. */
import type { HttpResult, XmlValue } from '../../../http/index.js';
import { xmlFlat } from '../../../http/index.js';
import { authorizeS3, bucketArn, requireBucket } from '../access.js';
import type { S3Call } from '../context.js';
import { invalidArgument } from '../errors.js';
import { sortedKeys } from '../keys.js';
import { type ListEntry, takeEntries, walkKeys } from '../listing.js';
import { currentObject } from '../lookup.js';
import { ownerXml } from '../owner.js';
import type { BucketRecord } from '../state.js';
import { xmlResult, xmlTime } from '../xml.js';
import { keyEncoder, listScope, optionalEncoded } from './list-params.js';

interface Page {
  bucket: BucketRecord;
  entries: ListEntry[];
  truncated: boolean;
}

function listPage(
  bucket: BucketRecord,
  scope: { prefix: string; delimiter: string | undefined; maxKeys: number; after: string | undefined },
): Page {
  const walk = walkKeys({
    keys: sortedKeys(bucket),
    prefix: scope.prefix,
    delimiter: scope.delimiter,
    after: scope.after,
    include: (key) => currentObject(bucket, key) !== undefined,
  });
  const { page, truncated } = takeEntries(walk, scope.maxKeys);
  return { bucket, entries: page, truncated };
}

function contentsXml(
  call: S3Call,
  page: Page,
  options: { encode: (s: string) => string; owner: boolean },
): { Contents: XmlValue; CommonPrefixes: XmlValue } {
  const owner = options.owner ? ownerXml(call, page.bucket.accountId) : undefined;
  const contents = page.entries.flatMap((entry): XmlValue[] => {
    if (entry.kind !== 'key') return [];
    const object = currentObject(page.bucket, entry.key)!;
    return [
      {
        Key: options.encode(entry.key),
        LastModified: xmlTime(object.lastModified),
        ETag: object.etag,
        ChecksumAlgorithm: object.checksum?.algorithm,
        ChecksumType: object.checksum?.type,
        Size: object.size,
        StorageClass: object.storageClass,
        Owner: owner,
      },
    ];
  });
  const prefixes = page.entries.flatMap((entry): XmlValue[] =>
    entry.kind === 'prefix' ? [{ Prefix: options.encode(entry.prefix) }] : [],
  );
  return { Contents: xmlFlat(contents), CommonPrefixes: xmlFlat(prefixes) };
}

function lastMarker(page: Page): string | undefined {
  const last = page.entries.at(-1);
  if (!last) return undefined;
  return last.kind === 'key' ? last.key : last.prefix;
}

function encodeToken(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64');
}

function decodeToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // answered below
  }
  throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
}

function authorizeList(call: S3Call, bucket: BucketRecord, conditionKeys: Record<string, string>): void {
  authorizeS3(call, {
    action: 's3:ListBucket',
    resource: bucketArn(bucket.name),
    bucket,
    contextKeys: conditionKeys,
  });
}

export function listObjectsV2(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const { query } = call.input;
  const scope = listScope(query);
  authorizeList(call, bucket, scope.conditionKeys);
  const { type, encode } = keyEncoder(query);
  const token = query.get('continuation-token');
  const startAfter = query.get('start-after') ?? undefined;
  if (token === '')
    throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
  const after = token !== null ? decodeToken(token) : startAfter;
  const page = listPage(bucket, { ...scope, after });
  const last = lastMarker(page);
  return xmlResult('ListBucketResult', {
    Name: bucket.name,
    Prefix: encode(scope.prefix),
    Delimiter: optionalEncoded(scope.delimiter, encode),
    MaxKeys: scope.maxKeys,
    EncodingType: type,
    KeyCount: page.entries.length,
    IsTruncated: page.truncated,
    ContinuationToken: token ?? undefined,
    NextContinuationToken: page.truncated && last !== undefined ? encodeToken(last) : undefined,
    StartAfter: optionalEncoded(startAfter, encode),
    ...contentsXml(call, page, { encode, owner: query.get('fetch-owner') === 'true' }),
  });
}

export function listObjectsV1(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const { query } = call.input;
  const scope = listScope(query);
  authorizeList(call, bucket, scope.conditionKeys);
  const { type, encode } = keyEncoder(query);
  const marker = query.get('marker') ?? '';
  const page = listPage(bucket, { ...scope, after: marker === '' ? undefined : marker });
  const last = lastMarker(page);
  return xmlResult('ListBucketResult', {
    Name: bucket.name,
    Prefix: encode(scope.prefix),
    Marker: encode(marker),
    NextMarker: page.truncated && scope.delimiter !== undefined ? optionalEncoded(last, encode) : undefined,
    MaxKeys: scope.maxKeys,
    Delimiter: optionalEncoded(scope.delimiter, encode),
    EncodingType: type,
    IsTruncated: page.truncated,
    ...contentsXml(call, page, { encode, owner: true }),
  });
}
