/**
 * CompleteMultipartUpload: the named parts checked and assembled (and sealed with KMS for SSE-KMS
 * uploads); the ETag is the MD5 of the parts' MD5s with `-N`, the checksum composite (`…-N`) or
 * full-object as the upload asked.
 */
import {
  AwsError,
  type ChecksumAlgorithm,
  childNodes,
  childText,
  computeChecksum,
  type HttpResult,
  parseXmlBody,
} from '../../../http/index.js';
import { requireBucket } from '../access.js';
import { CHECKSUM_ALGORITHMS, checksumXmlName, compositeChecksum, multipartEtag } from '../checksums.js';
import { nowIso, type S3Call } from '../context.js';
import { invalidRequest } from '../errors.js';
import { encryptionHeaders, resumeWriteEncryption, sealBody } from '../sse.js';
import { type MultipartUpload, ownGet, type StoredChecksum, type UploadedPart } from '../state.js';
import { authorizeUploadStep as authorizePut, MIN_PART_BYTES, requireUpload } from '../uploads.js';
import { checkWriteConditions, nextVersionId, recordVersion } from '../writes.js';
import { xmlResult } from '../xml.js';

interface RequestedPart {
  partNumber: number;
  etag: string;
  checksums: Partial<Record<ChecksumAlgorithm, string>>;
}

function parseCompleteRequest(body: Buffer): RequestedPart[] {
  const root = parseXmlBody(body, 'CompleteMultipartUpload');
  const parts = childNodes(root, 'Part').map((node) => {
    const rawNumber = childText(node, 'PartNumber')?.trim() ?? '';
    const etag = childText(node, 'ETag')?.trim();
    if (!/^\d+$/.test(rawNumber) || etag === undefined) throw invalidRequest('Invalid part in the request');
    const checksums: RequestedPart['checksums'] = {};
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const value = childText(node, checksumXmlName(algorithm))?.trim();
      if (value !== undefined) checksums[algorithm] = value;
    }
    return { partNumber: Number(rawNumber), etag, checksums };
  });
  if (parts.length === 0) throw invalidRequest('You must specify at least one part');
  return parts;
}

function invalidPart(uploadId: string, part: RequestedPart): AwsError {
  return new AwsError(
    'InvalidPart',
    "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
    { fields: { UploadId: uploadId, PartNumber: String(part.partNumber), ETag: part.etag } },
  );
}

/** The uploaded parts the Complete request names, checked as S3 checks them (order, existence, size). */
function chosenParts(upload: MultipartUpload, requested: RequestedPart[]): UploadedPart[] {
  const bare = (etag: string) => etag.replace(/"/g, '');
  const chosen = requested.map((want, i) => {
    if (i > 0 && want.partNumber <= requested[i - 1]!.partNumber) {
      throw new AwsError(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. Parts must be ordered by part number.',
        { fields: { UploadId: upload.uploadId } },
      );
    }
    const part = ownGet(upload.parts, String(want.partNumber));
    if (!part || bare(part.etag) !== bare(want.etag)) throw invalidPart(upload.uploadId, want);
    const claimed = part.checksum ? want.checksums[part.checksum.algorithm] : undefined;
    if (claimed !== undefined && claimed !== part.checksum!.value) throw invalidPart(upload.uploadId, want);
    return part;
  });
  const small = chosen.slice(0, -1).find((part) => part.size < MIN_PART_BYTES);
  if (small) {
    throw new AwsError(
      'EntityTooSmall',
      'Your proposed upload is smaller than the minimum allowed object size.',
      {
        fields: {
          ProposedSize: String(small.size),
          MinSizeAllowed: String(MIN_PART_BYTES),
          PartNumber: String(small.partNumber),
          ETag: small.etag,
        },
      },
    );
  }
  return chosen;
}

function objectChecksum(upload: MultipartUpload, parts: UploadedPart[], body: Buffer): StoredChecksum {
  const algorithm = upload.checksumAlgorithm;
  if (algorithm === undefined)
    return { algorithm: 'CRC64NVME', value: computeChecksum('CRC64NVME', body), type: 'FULL_OBJECT' };
  if (upload.checksumType === 'FULL_OBJECT') {
    return { algorithm, value: computeChecksum(algorithm, body), type: 'FULL_OBJECT' };
  }
  const values = parts.map((p) => p.checksum?.value ?? '');
  return { algorithm, value: compositeChecksum(algorithm, values), type: 'COMPOSITE' };
}

export function completeMultipartUpload(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const key = call.input.key!;
  authorizePut(call, bucket, key);
  const upload = requireUpload(call, bucket, key);
  const parts = chosenParts(upload, parseCompleteRequest(call.input.body));
  checkWriteConditions(call, bucket, key);
  const encryption = resumeWriteEncryption(call, { bucket, key, settings: upload.attributes.encryption });
  const { store } = call.env.deps;
  const body = Buffer.concat(parts.map((p) => store.getBlob(p.blob)));
  const checksum = objectChecksum(upload, parts, body);
  const etag = multipartEtag(parts.map((p) => p.etag));
  const stored = sealBody(call, { encryption, bucket: bucket.name, key, body });
  const { versionId, seq } = nextVersionId(call, bucket, key);
  const versionHeaders = recordVersion(call, {
    bucket,
    key,
    seq,
    uploadId: upload.uploadId,
    version: {
      ...upload.attributes,
      versionId,
      lastModified: nowIso(call),
      blob: store.putBlob(stored),
      size: body.length,
      etag,
      checksum,
      partSizes: parts.map((p) => p.size),
    },
  });
  const location = `${call.ctx.endpoint}/${bucket.name}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return xmlResult(
    'CompleteMultipartUploadResult',
    {
      Location: location,
      Bucket: bucket.name,
      Key: key,
      ETag: etag,
      [checksumXmlName(checksum.algorithm)]: checksum.value,
      ChecksumType: checksum.type,
    },
    { ...versionHeaders, ...encryptionHeaders(upload.attributes.encryption) },
  );
}
