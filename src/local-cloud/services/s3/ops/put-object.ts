/** PutObject: stores the bytes (sealed with KMS for SSE-KMS), metadata, checksum and a new version. */
import type { HttpResult } from '../../../http/index.js';
import { authorizeS3, objectArn, requireBucket } from '../access.js';
import { attributesFromRequest } from '../attributes.js';
import { checksumHeaders, fullObjectChecksum, md5Hex } from '../checksums.js';
import { type S3Call, nowIso } from '../context.js';
import { keyTooLong } from '../errors.js';
import { keyTooLong as isKeyTooLong } from '../names.js';
import { encryptionHeaders, requestedEncryption, resolveWriteEncryption, sealBody } from '../sse.js';
import { checkWriteConditions, nextVersionId, recordVersion, writeConditionKeys } from '../writes.js';

export function putObject(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const key = call.input.key!;
  if (isKeyTooLong(key)) throw keyTooLong();
  const requested = requestedEncryption(call.input.headers);
  authorizeS3(call, {
    action: 's3:PutObject',
    resource: objectArn(bucket.name, key),
    bucket,
    contextKeys: writeConditionKeys(call.input.headers),
  });
  checkWriteConditions(call, bucket, key);
  const encryption = resolveWriteEncryption(call, { bucket, key, requested });
  const attributes = attributesFromRequest({
    headers: call.input.headers,
    contentEncoding: call.input.contentEncoding,
    encryption: encryption.settings,
  });
  const body = call.input.body;
  const stored = sealBody(call, { encryption, bucket: bucket.name, key, body });
  // S3 ETags are the MD5 of the data, except for SSE-KMS objects (not an MD5 of the plaintext).
  const etag = `"${md5Hex(encryption.key ? stored : body)}"`;
  const checksum = fullObjectChecksum(call.input.checksums, body);
  const { versionId, seq } = nextVersionId(call, bucket, key);
  const blob = call.env.deps.store.putBlob(stored);
  const versionHeaders = recordVersion(call, {
    bucket,
    key,
    seq,
    version: {
      ...attributes,
      versionId,
      lastModified: nowIso(call),
      blob,
      size: body.length,
      etag,
      checksum,
    },
  });
  return {
    headers: {
      etag,
      ...versionHeaders,
      ...encryptionHeaders(encryption.settings),
      ...checksumHeaders(checksum),
    },
  };
}
