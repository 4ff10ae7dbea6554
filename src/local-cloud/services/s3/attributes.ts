/**
 * Object attributes as PutObject/CopyObject/CreateMultipartUpload headers set them and GetObject/
 * HeadObject headers return them: Content-Type and the other stored entity headers, user metadata
 * (`x-amz-meta-*`), tags, storage class. Pure.
 */
import { AwsError } from '../../http/index.js';
import { invalidArgument, metadataTooLarge } from './errors.js';
import type { ObjectAttributes, ObjectEncryption } from './state.js';

const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-language',
  'expires',
  'x-amz-website-redirect-location',
] as const;

const STORAGE_CLASSES = new Set([
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'SNOW',
  'EXPRESS_ONEZONE',
]);

/** Largest total size of user metadata (names and values, UTF-8). */
export const MAX_METADATA_BYTES = 2048;
const MAX_TAGS = 10;
const META = 'x-amz-meta-';

/** S3 objects default to this content type. */
export const DEFAULT_CONTENT_TYPE = 'binary/octet-stream';

function parseTags(value: string): [string, string][] {
  const tags = [...new URLSearchParams(value).entries()];
  if (tags.length > MAX_TAGS) {
    throw new AwsError('BadRequest', 'Object tags cannot be greater than 10');
  }
  const names = new Set(tags.map(([k]) => k));
  if (names.size !== tags.length || tags.some(([k, v]) => k === '' || k.length > 128 || v.length > 256)) {
    throw new AwsError('InvalidTag', 'The TagKey you have provided is invalid');
  }
  return tags;
}

/** Throws S3's refusal of ACLs on buckets with Object Ownership "bucket owner enforced" (the default). */
export function rejectAcls(headers: Readonly<Record<string, string>>): void {
  const acl = headers['x-amz-acl'];
  const grants = Object.keys(headers).some((h) => h.startsWith('x-amz-grant-'));
  if (grants || (acl !== undefined && acl !== 'private' && acl !== 'bucket-owner-full-control')) {
    throw new AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs');
  }
}

/** User metadata from the request headers, checked against S3's size limit. */
export function userMetadata(headers: Readonly<Record<string, string>>): [string, string][] {
  const metadata = Object.entries(headers)
    .filter(([name]) => name.startsWith(META) && name.length > META.length)
    .map(([name, value]): [string, string] => [name.slice(META.length), value])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const size = metadata.reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (size > MAX_METADATA_BYTES) throw metadataTooLarge(size);
  return metadata;
}

export function storageClassOf(headers: Readonly<Record<string, string>>): string {
  const storageClass = headers['x-amz-storage-class'] ?? 'STANDARD';
  if (!STORAGE_CLASSES.has(storageClass)) {
    throw new AwsError('InvalidStorageClass', 'The storage class you specified is not valid', {
      fields: { StorageClassRequested: storageClass },
    });
  }
  return storageClass;
}

export function tagsOf(headers: Readonly<Record<string, string>>): [string, string][] {
  const tagging = headers['x-amz-tagging'];
  return tagging === undefined ? [] : parseTags(tagging);
}

/** Everything a write request says about the new object besides its bytes and encryption. */
export function attributesFromRequest(input: {
  headers: Readonly<Record<string, string>>;
  contentEncoding: string | undefined;
  encryption: ObjectEncryption;
}): ObjectAttributes {
  const { headers } = input;
  rejectAcls(headers);
  const stored: [string, string][] = STORED_HEADERS.flatMap((name): [string, string][] =>
    headers[name] === undefined ? [] : [[name, headers[name]]],
  );
  if (input.contentEncoding !== undefined) stored.push(['content-encoding', input.contentEncoding]);
  return {
    contentType: headers['content-type'] ?? DEFAULT_CONTENT_TYPE,
    headers: stored,
    metadata: userMetadata(headers),
    tags: tagsOf(headers),
    storageClass: storageClassOf(headers),
    encryption: input.encryption,
  };
}

const OVERRIDES: Readonly<Record<string, string>> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

/** The response headers an object's attributes give, with `response-*` query overrides applied. */
export function attributeHeaders(
  attributes: ObjectAttributes,
  query?: URLSearchParams,
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': attributes.contentType };
  for (const [name, value] of attributes.headers) headers[name] = value;
  for (const [name, value] of attributes.metadata) headers[`${META}${name}`] = value;
  if (attributes.storageClass !== 'STANDARD') headers['x-amz-storage-class'] = attributes.storageClass;
  if (attributes.tags.length > 0) headers['x-amz-tagging-count'] = String(attributes.tags.length);
  for (const [param, header] of Object.entries(OVERRIDES)) {
    const value = query?.get(param);
    if (value !== null && value !== undefined) headers[header] = value;
  }
  return headers;
}

/** Rejects a metadata directive other than COPY / REPLACE. */
export function directive(headers: Readonly<Record<string, string>>, name: string): 'COPY' | 'REPLACE' {
  const value = headers[name] ?? 'COPY';
  if (value !== 'COPY' && value !== 'REPLACE') {
    throw invalidArgument(`Unknown ${name}`, name, value);
  }
  return value;
}
