/** CopyObject: same- or cross-bucket (and cross-account) copies, metadata/tagging directives, re-encryption. */
import { computeChecksum, type HttpResult } from '../../../http/index.js';
import { authorizeS3, objectArn, requireBucket } from '../access.js';
import { attributesFromRequest, directive, storageClassOf, tagsOf } from '../attributes.js';
import { checksumXml, md5Hex, parseChecksumAlgorithm } from '../checksums.js';
import { nowIso, type S3Call } from '../context.js';
import { copySourceVersionHeader, readCopySource, resolveCopySource } from '../copy-source.js';
import { invalidRequest, keyTooLong } from '../errors.js';
import { keyTooLong as isKeyTooLong } from '../names.js';
import { encryptionHeaders, requestedEncryption, resolveWriteEncryption, sealBody } from '../sse.js';
import type { ObjectAttributes, StoredChecksum } from '../state.js';
import { checkWriteConditions, nextVersionId, recordVersion, writeConditionKeys } from '../writes.js';
import { xmlResult, xmlTime } from '../xml.js';

const SELF_COPY =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";

export function copyObject(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const key = call.input.key!;
  const { headers } = call.input;
  if (isKeyTooLong(key)) throw keyTooLong();
  const source = resolveCopySource(call);
  authorizeS3(call, {
    action: 's3:PutObject',
    resource: objectArn(bucket.name, key),
    bucket,
    contextKeys: writeConditionKeys(headers),
  });
  const metadataDirective = directive(headers, 'x-amz-metadata-directive');
  const taggingDirective = directive(headers, 'x-amz-tagging-directive');
  const requested = requestedEncryption(headers);
  const toItself =
    source.bucket === bucket.name &&
    source.key === key &&
    (source.versionId === undefined || source.versionId === source.version.versionId);
  const changes =
    metadataDirective === 'REPLACE' ||
    requested !== undefined ||
    headers['x-amz-storage-class'] !== undefined ||
    headers['x-amz-website-redirect-location'] !== undefined;
  if (toItself && !changes) throw invalidRequest(SELF_COPY);
  checkWriteConditions(call, bucket, key);

  const encryption = resolveWriteEncryption(call, { bucket, key, requested });
  const plaintext = readCopySource(call, source);
  const fromRequest = attributesFromRequest({
    headers,
    contentEncoding: call.input.contentEncoding,
    encryption: encryption.settings,
  });
  const attributes: ObjectAttributes =
    metadataDirective === 'REPLACE'
      ? fromRequest
      : {
          contentType: source.version.contentType,
          headers: source.version.headers,
          metadata: source.version.metadata,
          storageClass: storageClassOf({ 'x-amz-storage-class': source.version.storageClass, ...headers }),
          encryption: encryption.settings,
          tags: source.version.tags,
        };
  attributes.tags = taggingDirective === 'REPLACE' ? tagsOf(headers) : source.version.tags;

  const algorithm = parseChecksumAlgorithm(headers['x-amz-checksum-algorithm']);
  const kept = source.version.checksum;
  const checksum: StoredChecksum =
    kept && kept.type === 'FULL_OBJECT' && (algorithm === undefined || algorithm === kept.algorithm)
      ? kept
      : {
          algorithm: algorithm ?? 'CRC64NVME',
          value: computeChecksum(algorithm ?? 'CRC64NVME', plaintext),
          type: 'FULL_OBJECT',
        };
  const stored = sealBody(call, { encryption, bucket: bucket.name, key, body: plaintext });
  const etag = `"${md5Hex(encryption.key ? stored : plaintext)}"`;
  const lastModified = nowIso(call);
  const { versionId, seq } = nextVersionId(call, bucket, key);
  const blob = call.env.deps.store.putBlob(stored);
  const versionHeaders = recordVersion(call, {
    bucket,
    key,
    seq,
    version: {
      contentType: attributes.contentType,
      headers: attributes.headers,
      metadata: attributes.metadata,
      tags: attributes.tags,
      storageClass: attributes.storageClass,
      encryption: encryption.settings,
      versionId,
      lastModified,
      blob,
      size: plaintext.length,
      etag,
      checksum,
    },
  });
  return xmlResult(
    'CopyObjectResult',
    { ETag: etag, LastModified: xmlTime(lastModified), ...checksumXml(checksum) },
    { ...versionHeaders, ...copySourceVersionHeader(source), ...encryptionHeaders(encryption.settings) },
  );
}
