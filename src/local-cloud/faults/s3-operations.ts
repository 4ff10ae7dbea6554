/**
 * The S3 operation a request is, from its method, bucket, key and sub-resource (S3 has one handler for
 * everything, so fault rules need the name worked out).
 */

interface S3RequestShape {
  readonly method: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
}

type ByMethod = Partial<Record<string, string>>;

/** Bucket sub-resources, in the order they are recognized. */
const BUCKET_SUBRESOURCES: readonly [string, ByMethod][] = [
  ['policy', { GET: 'GetBucketPolicy', PUT: 'PutBucketPolicy', DELETE: 'DeleteBucketPolicy' }],
  ['versioning', { GET: 'GetBucketVersioning', PUT: 'PutBucketVersioning' }],
  [
    'encryption',
    { GET: 'GetBucketEncryption', PUT: 'PutBucketEncryption', DELETE: 'DeleteBucketEncryption' },
  ],
  ['tagging', { GET: 'GetBucketTagging', PUT: 'PutBucketTagging', DELETE: 'DeleteBucketTagging' }],
  ['location', { GET: 'GetBucketLocation' }],
  ['versions', { GET: 'ListObjectVersions' }],
  ['uploads', { GET: 'ListMultipartUploads' }],
  ['delete', { POST: 'DeleteObjects' }],
  ['acl', { GET: 'GetBucketAcl', PUT: 'PutBucketAcl' }],
];

const OBJECT_SUBRESOURCES: readonly [string, ByMethod][] = [
  ['uploads', { POST: 'CreateMultipartUpload' }],
  [
    'uploadId',
    { PUT: 'UploadPart', POST: 'CompleteMultipartUpload', DELETE: 'AbortMultipartUpload', GET: 'ListParts' },
  ],
  ['tagging', { GET: 'GetObjectTagging', PUT: 'PutObjectTagging', DELETE: 'DeleteObjectTagging' }],
  ['acl', { GET: 'GetObjectAcl', PUT: 'PutObjectAcl' }],
];

function fromSubresources(table: readonly [string, ByMethod][], request: S3RequestShape): string | undefined {
  for (const [name, byMethod] of table) {
    if (request.query.has(name)) return byMethod[request.method];
  }
  return undefined;
}

export function s3OperationName(request: S3RequestShape): string {
  const { method, bucket, key, query, headers } = request;
  if (bucket === undefined) return method === 'GET' ? 'ListBuckets' : `${method}Service`;
  const copy = headers['x-amz-copy-source'] !== undefined;
  if (key === undefined) {
    const sub = fromSubresources(BUCKET_SUBRESOURCES, request);
    if (sub) return sub;
    const plain: ByMethod = {
      GET: query.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects',
      HEAD: 'HeadBucket',
      PUT: 'CreateBucket',
      DELETE: 'DeleteBucket',
    };
    return plain[method] ?? `${method}Bucket`;
  }
  const sub = fromSubresources(OBJECT_SUBRESOURCES, request);
  if (sub) return sub === 'UploadPart' && copy ? 'UploadPartCopy' : sub;
  const plain: ByMethod = {
    GET: 'GetObject',
    HEAD: 'HeadObject',
    PUT: copy ? 'CopyObject' : 'PutObject',
    DELETE: 'DeleteObject',
  };
  return plain[method] ?? `${method}Object`;
}
