/** Each S3 operation's implementation. */
import type { HttpResult } from '../../http/index.js';
import type { S3Call } from './context.js';
import { deleteBucketPolicy, getBucketPolicy, putBucketPolicy } from './ops/bucket-policy.js';
import {
  deleteBucketEncryption,
  getBucketEncryption,
  getBucketVersioning,
  putBucketEncryption,
  putBucketVersioning,
} from './ops/bucket-config.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './ops/buckets.js';
import { copyObject } from './ops/copy-object.js';
import { deleteObject, deleteObjects } from './ops/delete-object.js';
import { getObject } from './ops/get-object.js';
import { listObjectsV1, listObjectsV2 } from './ops/list-objects.js';
import { listObjectVersions } from './ops/list-versions.js';
import { completeMultipartUpload } from './ops/multipart-complete.js';
import { listMultipartUploads, listParts } from './ops/multipart-list.js';
import {
  abortMultipartUpload,
  createMultipartUpload,
  uploadPart,
  uploadPartCopy,
} from './ops/multipart-upload.js';
import { putObject } from './ops/put-object.js';
import type { S3Operation } from './router.js';

export const S3_OPERATIONS: Readonly<Record<S3Operation, (call: S3Call) => HttpResult>> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  ListObjects: listObjectsV1,
  ListObjectsV2: listObjectsV2,
  ListObjectVersions: listObjectVersions,
  ListMultipartUploads: listMultipartUploads,
  GetBucketPolicy: getBucketPolicy,
  PutBucketPolicy: putBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketVersioning: getBucketVersioning,
  PutBucketVersioning: putBucketVersioning,
  GetBucketEncryption: getBucketEncryption,
  PutBucketEncryption: putBucketEncryption,
  DeleteBucketEncryption: deleteBucketEncryption,
  DeleteObjects: deleteObjects,
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: (call) => getObject(call, { head: false }),
  HeadObject: (call) => getObject(call, { head: true }),
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};
