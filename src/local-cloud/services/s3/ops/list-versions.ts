/** ListObjectVersions: every version and delete marker, newest first per key, with key/version markers. */
import { type HttpResult, type XmlValue, xmlFlat } from '../../../http/index.js';
import { authorizeS3, bucketArn, requireBucket } from '../access.js';
import type { S3Call } from '../context.js';
import { invalidArgument } from '../errors.js';
import { sortedKeys } from '../keys.js';
import { commonPrefixOf, walkKeys } from '../listing.js';
import { versionsOf } from '../lookup.js';
import { ownerXml } from '../owner.js';
import type { BucketRecord, ObjectVersion } from '../state.js';
import { xmlResult, xmlTime } from '../xml.js';
import { keyEncoder, listScope, optionalEncoded } from './list-params.js';

interface Listed {
  key: string;
  version: ObjectVersion;
  isLatest: boolean;
}

interface VersionPage {
  listed: Listed[];
  prefixes: string[];
  truncated: boolean;
  nextKeyMarker?: string;
  nextVersionIdMarker?: string;
}

function collect(
  bucket: BucketRecord,
  scope: { prefix: string; delimiter: string | undefined; maxKeys: number },
  markers: { key: string | undefined; versionId: string | undefined },
): VersionPage {
  const page: VersionPage = { listed: [], prefixes: [], truncated: false };
  let budget = scope.maxKeys;
  const emitVersions = (key: string, versions: ObjectVersion[], offset: number): boolean => {
    for (let i = offset; i < versions.length; i++) {
      if (budget === 0) {
        page.truncated = true;
        return false;
      }
      page.listed.push({ key, version: versions[i]!, isLatest: i === 0 });
      page.nextKeyMarker = key;
      page.nextVersionIdMarker = versions[i]!.versionId;
      budget -= 1;
    }
    return true;
  };
  // The rest of the marker key's versions, after the version-id marker.
  if (markers.key !== undefined && markers.versionId !== undefined) {
    const key = markers.key;
    const inScope =
      key.startsWith(scope.prefix) && commonPrefixOf(key, scope.prefix, scope.delimiter) === undefined;
    const versions = versionsOf(bucket, key);
    const at = versions.findIndex((v) => v.versionId === markers.versionId);
    if (inScope && at >= 0 && !emitVersions(key, versions, at + 1)) return page;
  }
  const walk = walkKeys({
    keys: sortedKeys(bucket),
    prefix: scope.prefix,
    delimiter: scope.delimiter,
    after: markers.key,
  });
  for (const entry of walk) {
    if (entry.kind === 'prefix') {
      if (budget === 0) {
        page.truncated = true;
        return page;
      }
      page.prefixes.push(entry.prefix);
      page.nextKeyMarker = entry.prefix;
      page.nextVersionIdMarker = undefined;
      budget -= 1;
    } else if (!emitVersions(entry.key, versionsOf(bucket, entry.key), 0)) {
      return page;
    }
  }
  return page;
}

export function listObjectVersions(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const { query } = call.input;
  const scope = listScope(query);
  authorizeS3(call, {
    action: 's3:ListBucketVersions',
    resource: bucketArn(bucket.name),
    bucket,
    contextKeys: scope.conditionKeys,
  });
  const { type, encode } = keyEncoder(query);
  const keyMarker = query.get('key-marker') || undefined;
  const versionIdMarker = query.get('version-id-marker') || undefined;
  if (versionIdMarker !== undefined && keyMarker === undefined) {
    throw invalidArgument(
      'A version-id marker cannot be specified without a key marker.',
      'version-id-marker',
      versionIdMarker,
    );
  }
  const page = collect(bucket, scope, { key: keyMarker, versionId: versionIdMarker });
  const owner = ownerXml(call, bucket.accountId);
  const versions: XmlValue[] = [];
  const markers: XmlValue[] = [];
  for (const { key, version, isLatest } of page.listed) {
    const common = {
      Key: encode(key),
      VersionId: version.versionId,
      IsLatest: isLatest,
      LastModified: xmlTime(version.lastModified),
    };
    if (version.deleteMarker) {
      markers.push({ ...common, Owner: owner });
    } else {
      versions.push({
        ...common,
        ETag: version.etag,
        ChecksumAlgorithm: version.checksum?.algorithm,
        ChecksumType: version.checksum?.type,
        Size: version.size,
        StorageClass: version.storageClass,
        Owner: owner,
      });
    }
  }
  return xmlResult('ListVersionsResult', {
    Name: bucket.name,
    Prefix: encode(scope.prefix),
    KeyMarker: encode(keyMarker ?? ''),
    VersionIdMarker: versionIdMarker ?? '',
    NextKeyMarker: page.truncated ? optionalEncoded(page.nextKeyMarker, encode) : undefined,
    NextVersionIdMarker: page.truncated ? page.nextVersionIdMarker : undefined,
    MaxKeys: scope.maxKeys,
    Delimiter: optionalEncoded(scope.delimiter, encode),
    EncodingType: type,
    IsTruncated: page.truncated,
    Version: xmlFlat(versions),
    DeleteMarker: xmlFlat(markers),
    CommonPrefixes: xmlFlat(page.prefixes.map((p) => ({ Prefix: encode(p) }))),
  });
}
