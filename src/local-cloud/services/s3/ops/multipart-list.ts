/** ListParts and ListMultipartUploads. */
import { type HttpResult, type XmlValue, xmlFlat } from '../../../http/index.js';
import { authorizeS3, bucketArn, objectArn, requireBucket } from '../access.js';
import { checksumXmlName } from '../checksums.js';
import { type S3Call, s3State } from '../context.js';
import { commonPrefixOf } from '../listing.js';
import { compareKeys } from '../names.js';
import { ownerXml } from '../owner.js';
import type { BucketRecord, MultipartUpload } from '../state.js';
import { requireUpload } from '../uploads.js';
import { xmlResult, xmlTime } from '../xml.js';
import { maxKeysOf } from './list-params.js';

function initiatorXml(call: S3Call, upload: MultipartUpload, bucket: BucketRecord) {
  return { ID: upload.initiator || ownerXml(call, bucket.accountId).ID, DisplayName: undefined };
}

export function listParts(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  const key = call.input.key!;
  authorizeS3(call, { action: 's3:ListMultipartUploadParts', resource: objectArn(bucket.name, key), bucket });
  const upload = requireUpload(call, bucket, key);
  const { query } = call.input;
  const max = maxKeysOf(query, 'max-parts');
  const marker = Number(query.get('part-number-marker') ?? '0') || 0;
  const all = Object.values(upload.parts)
    .filter((p) => p.partNumber > marker)
    .sort((a, b) => a.partNumber - b.partNumber);
  const page = all.slice(0, max);
  const truncated = all.length > page.length;
  return xmlResult('ListPartsResult', {
    Bucket: bucket.name,
    Key: key,
    UploadId: upload.uploadId,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.at(-1)?.partNumber ?? marker,
    MaxParts: max,
    IsTruncated: truncated,
    Part: xmlFlat(
      page.map((p) => ({
        PartNumber: p.partNumber,
        LastModified: xmlTime(p.lastModified),
        ETag: p.etag,
        Size: p.size,
        ...(p.checksum ? { [checksumXmlName(p.checksum.algorithm)]: p.checksum.value } : {}),
      })),
    ),
    Initiator: initiatorXml(call, upload, bucket),
    Owner: ownerXml(call, bucket.accountId),
    StorageClass: upload.attributes.storageClass,
    ChecksumAlgorithm: upload.checksumAlgorithm,
    ChecksumType: upload.checksumType,
  });
}

export function listMultipartUploads(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  authorizeS3(call, { action: 's3:ListBucketMultipartUploads', resource: bucketArn(bucket.name), bucket });
  const { query } = call.input;
  const max = maxKeysOf(query, 'max-uploads');
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') || undefined;
  const keyMarker = query.get('key-marker') || undefined;
  const uploadIdMarker = query.get('upload-id-marker') || undefined;
  const uploads = Object.values(s3State(call).uploads)
    .filter((u) => u.bucket === bucket.name && u.key.startsWith(prefix))
    .filter((u) => {
      if (keyMarker === undefined) return true;
      const order = compareKeys(u.key, keyMarker);
      return order > 0 || (order === 0 && uploadIdMarker !== undefined && u.uploadId > uploadIdMarker);
    })
    .sort(
      (a, b) =>
        compareKeys(a.key, b.key) ||
        a.initiated.localeCompare(b.initiated) ||
        a.uploadId.localeCompare(b.uploadId),
    );
  const listed: XmlValue[] = [];
  const prefixes: string[] = [];
  let truncated = false;
  let last: { key: string; uploadId?: string } | undefined;
  for (const upload of uploads) {
    const common = commonPrefixOf(upload.key, prefix, delimiter);
    if (common !== undefined && prefixes.at(-1) === common) continue;
    if (listed.length + prefixes.length >= max) {
      truncated = true;
      break;
    }
    if (common !== undefined) {
      prefixes.push(common);
      last = { key: common };
      continue;
    }
    listed.push({
      Key: upload.key,
      UploadId: upload.uploadId,
      Initiator: initiatorXml(call, upload, bucket),
      Owner: ownerXml(call, bucket.accountId),
      StorageClass: upload.attributes.storageClass,
      Initiated: xmlTime(upload.initiated),
      ChecksumAlgorithm: upload.checksumAlgorithm,
      ChecksumType: upload.checksumType,
    });
    last = { key: upload.key, uploadId: upload.uploadId };
  }
  return xmlResult('ListMultipartUploadsResult', {
    Bucket: bucket.name,
    KeyMarker: keyMarker ?? '',
    UploadIdMarker: uploadIdMarker ?? '',
    NextKeyMarker: truncated ? last?.key : undefined,
    NextUploadIdMarker: truncated ? last?.uploadId : undefined,
    Prefix: prefix,
    Delimiter: delimiter,
    MaxUploads: max,
    IsTruncated: truncated,
    Upload: xmlFlat(listed),
    CommonPrefixes: xmlFlat(prefixes.map((p) => ({ Prefix: p }))),
  });
}
