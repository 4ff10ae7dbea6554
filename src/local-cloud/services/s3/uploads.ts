/**
 * What the multipart operations share: finding the upload a request names, the s3:PutObject check every
 * upload step makes, and the upload's response headers.
 */
import type { S3Call } from './context.js';
import { s3State } from './context.js';
import { authorizeS3, objectArn } from './access.js';
import { noSuchUpload } from './errors.js';
import { type BucketRecord, type MultipartUpload, ownGet } from './state.js';
import { writeConditionKeys } from './writes.js';

/** Smallest part size, except for the last part. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10000;

export function requireUpload(call: S3Call, bucket: BucketRecord, key: string): MultipartUpload {
  const uploadId = call.input.query.get('uploadId') ?? '';
  const upload = ownGet(s3State(call).uploads, uploadId);
  if (!upload || upload.bucket !== bucket.name || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

/** Every step of an upload is an s3:PutObject on the object. */
export function authorizeUploadStep(call: S3Call, bucket: BucketRecord, key: string): void {
  authorizeS3(call, {
    action: 's3:PutObject',
    resource: objectArn(bucket.name, key),
    bucket,
    contextKeys: writeConditionKeys(call.input.headers),
  });
}

export function uploadChecksumHeaders(upload: MultipartUpload): Record<string, string> {
  if (upload.checksumAlgorithm === undefined) return {};
  return {
    'x-amz-checksum-algorithm': upload.checksumAlgorithm,
    'x-amz-checksum-type': upload.checksumType!,
  };
}
