/** DeleteObject and DeleteObjects (POST ?delete): versions, delete markers, per-key results. */
import {
  AwsError,
  childNodes,
  childText,
  type HttpResult,
  malformedXml,
  parseXmlBody,
  type XmlValue,
  xmlFlat,
} from '../../../http/index.js';
import { authorizeS3, objectArn, requireBucket } from '../access.js';
import { DEFAULT_CONTENT_TYPE } from '../attributes.js';
import { dispatchS3, nowIso, type S3Call } from '../context.js';
import { invalidRequest } from '../errors.js';
import { isVersionIdShape } from '../ids.js';
import { parseVersionId, versionsOf } from '../lookup.js';
import type { BucketRecord, ObjectVersion } from '../state.js';
import { nextVersionId } from '../writes.js';
import { xmlResult } from '../xml.js';

/** Most keys one DeleteObjects request may name. */
export const MAX_DELETE_KEYS = 1000;

interface DeleteOutcome {
  /** The version removed, or the delete marker created. */
  versionId?: string;
  deleteMarker: boolean;
}

function deleteMarker(call: S3Call, versionId: string): ObjectVersion {
  return {
    versionId,
    deleteMarker: true,
    lastModified: nowIso(call),
    size: 0,
    etag: '',
    contentType: DEFAULT_CONTENT_TYPE,
    headers: [],
    metadata: [],
    tags: [],
    storageClass: 'STANDARD',
    encryption: { algorithm: 'AES256' },
  };
}

/** Deletes one key (or one version of it) after authorizing the caller for it. */
function deleteOne(
  call: S3Call,
  input: { bucket: BucketRecord; key: string; versionId: string | undefined },
): DeleteOutcome {
  const { bucket, key, versionId } = input;
  authorizeS3(call, {
    action: versionId === undefined ? 's3:DeleteObject' : 's3:DeleteObjectVersion',
    resource: objectArn(bucket.name, key),
    bucket,
    contextKeys: versionId === undefined ? {} : { 's3:VersionId': versionId },
  });
  const versions = versionsOf(bucket, key);
  if (versionId !== undefined) {
    const version = versions.find((v) => v.versionId === versionId);
    if (version) dispatchS3(call, 'deleteVersion', { bucket: bucket.name, key, versionId });
    return { versionId, deleteMarker: version?.deleteMarker === true };
  }
  if (bucket.versioning === undefined) {
    if (versions.length > 0)
      dispatchS3(call, 'deleteVersion', { bucket: bucket.name, key, versionId: 'null' });
    return { deleteMarker: false };
  }
  const next = nextVersionId(call, bucket, key);
  dispatchS3(call, 'putObject', {
    bucket: bucket.name,
    key,
    seq: next.seq,
    version: deleteMarker(call, next.versionId),
  });
  return { versionId: next.versionId, deleteMarker: true };
}

export function deleteObject(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const outcome = deleteOne(call, {
    bucket,
    key: call.input.key!,
    versionId: parseVersionId(call.input.query),
  });
  const headers: Record<string, string> = {};
  if (outcome.deleteMarker) headers['x-amz-delete-marker'] = 'true';
  if (outcome.versionId !== undefined) headers['x-amz-version-id'] = outcome.versionId;
  return { status: 204, headers };
}

interface DeleteTarget {
  key: string;
  versionId: string | undefined;
}

function parseDeleteRequest(body: Buffer): { quiet: boolean; targets: DeleteTarget[] } {
  const root = parseXmlBody(body, 'Delete');
  const objects = childNodes(root, 'Object');
  if (objects.length === 0 || objects.length > MAX_DELETE_KEYS) throw malformedXml();
  const targets = objects.map((node) => {
    const key = childText(node, 'Key');
    if (key === undefined || key === '') throw malformedXml();
    return { key, versionId: childText(node, 'VersionId') };
  });
  return { quiet: childText(root, 'Quiet')?.trim().toLowerCase() === 'true', targets };
}

export function deleteObjects(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const { input } = call;
  if (input.headers['content-md5'] === undefined && Object.keys(input.checksums).length === 0) {
    throw invalidRequest('Missing required header for this request: Content-MD5');
  }
  const { quiet, targets } = parseDeleteRequest(input.body);
  const deleted: XmlValue[] = [];
  const errors: XmlValue[] = [];
  for (const target of targets) {
    try {
      if (target.versionId !== undefined && !isVersionIdShape(target.versionId)) {
        throw new AwsError('NoSuchVersion', 'The specified version does not exist.');
      }
      const outcome = deleteOne(call, { bucket, key: target.key, versionId: target.versionId });
      if (quiet) continue;
      const createdMarker = target.versionId === undefined && outcome.deleteMarker;
      deleted.push({
        Key: target.key,
        VersionId: createdMarker ? undefined : target.versionId,
        DeleteMarker: outcome.deleteMarker ? true : undefined,
        DeleteMarkerVersionId: outcome.deleteMarker ? outcome.versionId : undefined,
      });
    } catch (err) {
      if (!(err instanceof AwsError) || err.status >= 500) throw err;
      errors.push({ Key: target.key, VersionId: target.versionId, Code: err.code, Message: err.message });
    }
  }
  return xmlResult('DeleteResult', { Deleted: xmlFlat(deleted), Error: xmlFlat(errors) });
}
