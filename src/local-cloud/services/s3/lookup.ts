/** Finding the object version a request names, with the errors S3 answers when there is none. */
import { bucketArn, isAuthorized } from './access.js';
import type { S3Call } from './context.js';
import { accessDenied, invalidVersionId, methodNotAllowed, noSuchKey, noSuchVersion } from './errors.js';
import { isVersionIdShape } from './ids.js';
import { type BucketRecord, type ObjectVersion, ownGet } from './state.js';

export function versionsOf(bucket: BucketRecord, key: string): ObjectVersion[] {
  return ownGet(bucket.objects, key) ?? [];
}

/** The current version, if it is an object (not a delete marker). */
export function currentObject(bucket: BucketRecord, key: string): ObjectVersion | undefined {
  const current = versionsOf(bucket, key)[0];
  return current && !current.deleteMarker ? current : undefined;
}

/** `x-amz-version-id`, sent once a bucket has had versioning turned on. */
export function versionHeader(bucket: BucketRecord, versionId: string): Record<string, string> {
  return bucket.versioning === undefined ? {} : { 'x-amz-version-id': versionId };
}

export function parseVersionId(query: URLSearchParams): string | undefined {
  const versionId = query.get('versionId');
  if (versionId === null) return undefined;
  if (!isVersionIdShape(versionId)) throw invalidVersionId(versionId);
  return versionId;
}

/**
 * The version a read names. Without a version ID: the current object, else NoSuchKey (or AccessDenied
 * for callers without s3:ListBucket, as S3 answers). With one: that version; a delete marker is 405.
 */
export function readableVersion(
  call: S3Call,
  input: { bucket: BucketRecord; key: string; versionId: string | undefined },
): ObjectVersion {
  const { bucket, key, versionId } = input;
  const versions = versionsOf(bucket, key);
  if (versionId !== undefined) {
    const version = versions.find((v) => v.versionId === versionId);
    if (!version) throw noSuchVersion(key, versionId);
    if (version.deleteMarker) {
      throw methodNotAllowed(call.input.method, 'DeleteMarker', {
        'x-amz-delete-marker': 'true',
        'x-amz-version-id': version.versionId,
        'last-modified': new Date(version.lastModified).toUTCString(),
      });
    }
    return version;
  }
  const current = versions[0];
  if (current && !current.deleteMarker) return current;
  if (!isAuthorized(call, { action: 's3:ListBucket', resource: bucketArn(bucket.name), bucket })) {
    throw accessDenied();
  }
  throw noSuchKey(
    key,
    current ? { 'x-amz-delete-marker': 'true', ...versionHeader(bucket, current.versionId) } : {},
  );
}
