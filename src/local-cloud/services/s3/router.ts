/**
 * Which S3 operation a request is, from its method, bucket, key and sub-resource query parameters.
 * Pure. Sub-resources this S3 does not implement (`?lifecycle`, `?cors`, `?acl`, …) are named so the
 * handler can answer NotImplemented instead of treating them as plain object or bucket requests.
 */

export type S3Operation =
  | 'ListBuckets'
  | 'CreateBucket'
  | 'HeadBucket'
  | 'DeleteBucket'
  | 'GetBucketLocation'
  | 'ListObjects'
  | 'ListObjectsV2'
  | 'ListObjectVersions'
  | 'ListMultipartUploads'
  | 'GetBucketPolicy'
  | 'PutBucketPolicy'
  | 'DeleteBucketPolicy'
  | 'GetBucketVersioning'
  | 'PutBucketVersioning'
  | 'GetBucketEncryption'
  | 'PutBucketEncryption'
  | 'DeleteBucketEncryption'
  | 'DeleteObjects'
  | 'PutObject'
  | 'CopyObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'UploadPartCopy'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'ListParts';

export type Route =
  | { kind: 'operation'; operation: S3Operation }
  | { kind: 'not-implemented'; subresource: string }
  | { kind: 'method-not-allowed'; resourceType: string };

/** Sub-resources of S3's API that this local S3 does not implement. */
export const UNSUPPORTED_SUBRESOURCES = [
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataConfiguration',
  'metadataTable',
  'metrics',
  'notification',
  'object-lock',
  'ownershipControls',
  'policyStatus',
  'publicAccessBlock',
  'renameObject',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'session',
  'tagging',
  'torrent',
  'website',
] as const;

export interface RouteInput {
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  query: URLSearchParams;
  headers: Readonly<Record<string, string>>;
}

function op(operation: S3Operation): Route {
  return { kind: 'operation', operation };
}

function bucketRoute(method: string, query: URLSearchParams): Route | undefined {
  const has = (name: string) => query.has(name);
  switch (method) {
    case 'GET':
      if (has('policy')) return op('GetBucketPolicy');
      if (has('versioning')) return op('GetBucketVersioning');
      if (has('encryption')) return op('GetBucketEncryption');
      if (has('location')) return op('GetBucketLocation');
      if (has('versions')) return op('ListObjectVersions');
      if (has('uploads')) return op('ListMultipartUploads');
      return query.get('list-type') === '2' ? op('ListObjectsV2') : op('ListObjects');
    case 'PUT':
      if (has('policy')) return op('PutBucketPolicy');
      if (has('versioning')) return op('PutBucketVersioning');
      if (has('encryption')) return op('PutBucketEncryption');
      return op('CreateBucket');
    case 'HEAD':
      return op('HeadBucket');
    case 'DELETE':
      if (has('policy')) return op('DeleteBucketPolicy');
      if (has('encryption')) return op('DeleteBucketEncryption');
      return op('DeleteBucket');
    case 'POST':
      if (has('delete')) return op('DeleteObjects');
      return { kind: 'not-implemented', subresource: 'POST object' };
    default:
      return undefined;
  }
}

function objectRoute(
  method: string,
  query: URLSearchParams,
  headers: RouteInput['headers'],
): Route | undefined {
  const has = (name: string) => query.has(name);
  const copy = headers['x-amz-copy-source'] !== undefined;
  switch (method) {
    case 'PUT':
      if (has('uploadId') || has('partNumber')) return op(copy ? 'UploadPartCopy' : 'UploadPart');
      return op(copy ? 'CopyObject' : 'PutObject');
    case 'GET':
      return op(has('uploadId') ? 'ListParts' : 'GetObject');
    case 'HEAD':
      return op('HeadObject');
    case 'DELETE':
      return op(has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject');
    case 'POST':
      if (has('uploads')) return op('CreateMultipartUpload');
      if (has('uploadId')) return op('CompleteMultipartUpload');
      return undefined;
    default:
      return undefined;
  }
}

export function routeS3(input: RouteInput): Route {
  const { method, bucket, key, query } = input;
  const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => query.has(name));
  if (bucket === undefined) {
    return method === 'GET' ? op('ListBuckets') : { kind: 'method-not-allowed', resourceType: 'SERVICE' };
  }
  if (unsupported !== undefined) return { kind: 'not-implemented', subresource: unsupported };
  const route = key === undefined ? bucketRoute(method, query) : objectRoute(method, query, input.headers);
  return route ?? { kind: 'method-not-allowed', resourceType: key === undefined ? 'BUCKET' : 'OBJECT' };
}
