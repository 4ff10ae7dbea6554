/**
 * Starting a multipart upload and sending its parts: CreateMultipartUpload, UploadPart, UploadPartCopy,
 * AbortMultipartUpload. Parts are kept as blobs until the upload completes.
 */
import { type ChecksumAlgorithm, computeChecksum, type HttpResult } from '../../../http/index.js';
import { authorizeS3, objectArn, requireBucket } from '../access.js';
import { attributesFromRequest } from '../attributes.js';
import { checksumXmlName, md5Hex, parseChecksumAlgorithm } from '../checksums.js';
import { dispatchS3, nowIso, type S3Call, s3State } from '../context.js';
import { copySourceVersionHeader, readCopySource, resolveCopySource } from '../copy-source.js';
import { invalidArgument, invalidRequest, keyTooLong } from '../errors.js';
import { uploadIdFor } from '../ids.js';
import { keyTooLong as isKeyTooLong } from '../names.js';
import { encryptionHeaders, requestedEncryption, resolveWriteEncryption } from '../sse.js';
import type { ChecksumType, MultipartUpload, UploadedPart } from '../state.js';
import {
  authorizeUploadStep as authorizePut,
  MAX_PARTS,
  requireUpload,
  uploadChecksumHeaders,
} from '../uploads.js';
import { xmlResult, xmlTime } from '../xml.js';

function checksumType(
  algorithm: ChecksumAlgorithm | undefined,
  raw: string | undefined,
): ChecksumType | undefined {
  if (algorithm === undefined) {
    if (raw !== undefined)
      throw invalidRequest('The x-amz-checksum-type header requires x-amz-checksum-algorithm.');
    return undefined;
  }
  const type = raw?.toUpperCase() ?? (algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE');
  if (type !== 'FULL_OBJECT' && type !== 'COMPOSITE') {
    throw invalidArgument('Value for x-amz-checksum-type header is invalid.', 'x-amz-checksum-type', raw);
  }
  if (type === 'FULL_OBJECT' && (algorithm === 'SHA1' || algorithm === 'SHA256')) {
    throw invalidRequest(
      `The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`,
    );
  }
  if (type === 'COMPOSITE' && algorithm === 'CRC64NVME') {
    throw invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  }
  return type;
}

export function createMultipartUpload(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const key = call.input.key!;
  const { headers } = call.input;
  if (isKeyTooLong(key)) throw keyTooLong();
  const requested = requestedEncryption(headers);
  authorizePut(call, bucket, key);
  const rawAlgorithm = headers['x-amz-checksum-algorithm'];
  const algorithm = parseChecksumAlgorithm(rawAlgorithm);
  if (rawAlgorithm !== undefined && algorithm === undefined) {
    throw invalidArgument(
      'Checksum algorithm provided is unsupported.',
      'x-amz-checksum-algorithm',
      rawAlgorithm,
    );
  }
  const type = checksumType(algorithm, headers['x-amz-checksum-type']);
  const encryption = resolveWriteEncryption(call, { bucket, key, requested });
  const attributes = attributesFromRequest({
    headers,
    contentEncoding: call.input.contentEncoding,
    encryption: encryption.settings,
  });
  const seq = s3State(call).seq + 1;
  const upload: MultipartUpload = {
    uploadId: uploadIdFor({ bucket: bucket.name, key, seq }),
    bucket: bucket.name,
    key,
    initiated: nowIso(call),
    attributes,
    initiator: call.caller?.arn ?? '',
    parts: {},
  };
  if (algorithm !== undefined) {
    upload.checksumAlgorithm = algorithm;
    upload.checksumType = type;
  }
  dispatchS3(call, 'createUpload', { upload, seq });
  return xmlResult(
    'InitiateMultipartUploadResult',
    { Bucket: bucket.name, Key: key, UploadId: upload.uploadId },
    { ...encryptionHeaders(encryption.settings), ...uploadChecksumHeaders(upload) },
  );
}

function partNumberOf(call: S3Call): number {
  const raw = call.input.query.get('partNumber') ?? '';
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_PARTS) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', raw);
  }
  return n;
}

/** The part's checksum in the upload's algorithm: the one the client sent, else computed. */
function partChecksum(call: S3Call, upload: MultipartUpload, body: Buffer): UploadedPart['checksum'] {
  const algorithm = upload.checksumAlgorithm;
  if (algorithm === undefined) return undefined;
  const sent = Object.entries(call.input.checksums) as [ChecksumAlgorithm, string][];
  const other = sent.find(([a]) => a !== algorithm);
  if (other) {
    throw invalidRequest(
      `Checksum Type mismatch occurred, expected checksum Type: ${algorithm.toLowerCase()}, actual checksum Type: ${other[0].toLowerCase()}`,
    );
  }
  return { algorithm, value: sent[0]?.[1] ?? computeChecksum(algorithm, body) };
}

function storePart(call: S3Call, upload: MultipartUpload, partNumber: number, body: Buffer): UploadedPart {
  const part: UploadedPart = {
    partNumber,
    etag: `"${md5Hex(body)}"`,
    size: body.length,
    blob: call.env.deps.store.putBlob(body),
    lastModified: nowIso(call),
  };
  const checksum = partChecksum(call, upload, body);
  if (checksum) part.checksum = checksum;
  dispatchS3(call, 'putPart', { uploadId: upload.uploadId, part });
  return part;
}

function copyRange(header: string | undefined, source: Buffer): Buffer {
  if (header === undefined) return source;
  const match = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  const start = match ? Number(match[1]) : Number.NaN;
  const end = match ? Number(match[2]) : Number.NaN;
  if (!match || start > end || end >= source.length) {
    throw invalidArgument(
      `Range specified is not valid for source object of size: ${source.length}`,
      'x-amz-copy-source-range',
      header,
    );
  }
  return source.subarray(start, end + 1);
}

export function uploadPart(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const key = call.input.key!;
  const partNumber = partNumberOf(call);
  authorizePut(call, bucket, key);
  const upload = requireUpload(call, bucket, key);
  const part = storePart(call, upload, partNumber, call.input.body);
  const headers: Record<string, string> = {
    etag: part.etag,
    ...encryptionHeaders(upload.attributes.encryption),
  };
  if (part.checksum)
    Object.assign(headers, {
      [`x-amz-checksum-${part.checksum.algorithm.toLowerCase()}`]: part.checksum.value,
    });
  return { headers };
}

export function uploadPartCopy(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const key = call.input.key!;
  const partNumber = partNumberOf(call);
  const source = resolveCopySource(call);
  authorizePut(call, bucket, key);
  const upload = requireUpload(call, bucket, key);
  const body = copyRange(call.input.headers['x-amz-copy-source-range'], readCopySource(call, source));
  const part = storePart(call, upload, partNumber, body);
  const checksum: Record<string, string> = part.checksum
    ? { [checksumXmlName(part.checksum.algorithm)]: part.checksum.value }
    : {};
  return xmlResult(
    'CopyPartResult',
    { ETag: part.etag, LastModified: xmlTime(part.lastModified), ...checksum },
    { ...copySourceVersionHeader(source), ...encryptionHeaders(upload.attributes.encryption) },
  );
}

export function abortMultipartUpload(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const key = call.input.key!;
  authorizeS3(call, { action: 's3:AbortMultipartUpload', resource: objectArn(bucket.name, key), bucket });
  const upload = requireUpload(call, bucket, key);
  dispatchS3(call, 'abortUpload', { uploadId: upload.uploadId });
  return { status: 204 };
}
