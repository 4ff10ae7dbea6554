/**
 * Authorization for S3 requests: resource ARNs, S3's condition keys, the bucket policy as the resource
 * policy (with the bucket owner as resource account), and the checks S3 makes before IAM is asked
 * (bucket existence, signing region, expected bucket owner).
 */
import { AwsError } from '../../http/index.js';
import type { AuthorizeRequest } from '../deps.js';
import { type S3Call, s3State } from './context.js';
import { accessDenied, noSuchBucket, wrongRegion } from './errors.js';
import { type BucketRecord, ownGet } from './state.js';

export type ConditionKeys = NonNullable<AuthorizeRequest['contextKeys']>;

export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

export function objectArn(bucket: string, key: string): string {
  return `arn:aws:s3:::${bucket}/${key}`;
}

/** Condition keys every S3 request carries (`s3:authType`, `s3:signatureversion`, …). */
function requestKeys(call: S3Call): ConditionKeys {
  const { caller } = call.ctx;
  if (caller.type !== 'Credentials') return {};
  return {
    's3:authType': caller.signature.method === 'presigned' ? 'REST-QUERY-STRING' : 'REST-HEADER',
    's3:signatureversion': 'AWS4-HMAC-SHA256',
    's3:x-amz-content-sha256': call.input.headers['x-amz-content-sha256'],
  };
}

export interface S3AccessRequest {
  action: string;
  resource: string;
  /** The bucket the resource lives in (its policy and owner take part); undefined for CreateBucket/ListBuckets. */
  bucket?: BucketRecord;
  contextKeys?: ConditionKeys;
}

/** Throws AccessDenied (in the evaluator's words) unless IAM allows the request. */
export function authorizeS3(call: S3Call, request: S3AccessRequest): void {
  const { bucket } = request;
  call.env.deps.authorize(call.ctx, {
    action: request.action,
    resource: request.resource,
    resourceAccount: bucket?.accountId ?? call.caller?.accountId,
    resourcePolicy:
      bucket?.policy === undefined
        ? undefined
        : { name: `bucket policy of ${bucket.name}`, document: bucket.policy, kind: 'bucket' },
    contextKeys: { ...requestKeys(call), ...request.contextKeys },
  });
}

/** `authorizeS3` as a yes/no (for answers that depend on another permission, like NoSuchKey). */
export function isAuthorized(call: S3Call, request: S3AccessRequest): boolean {
  try {
    authorizeS3(call, request);
    return true;
  } catch (err) {
    if (err instanceof AwsError && err.status === 403) return false;
    throw err;
  }
}

export interface BucketLookupOptions {
  /**
   * What a request signed for another region gets: `error` (AuthorizationHeaderMalformed, as for most
   * operations), `redirect` (301, as HeadBucket answers) or `none` (GetBucketLocation works anywhere).
   */
  wrongRegion?: 'error' | 'redirect' | 'none';
}

/**
 * The bucket a request names, after the checks S3 makes before authorization: it exists, the request
 * was signed for its region, and `x-amz-expected-bucket-owner` (when sent) is its owner.
 */
export function requireBucket(call: S3Call, options: BucketLookupOptions = {}): BucketRecord {
  const name = call.input.bucket!;
  const bucket = ownGet(s3State(call).buckets, name);
  if (!bucket) throw noSuchBucket(name);
  const mode = options.wrongRegion ?? 'error';
  if (mode !== 'none' && call.ctx.caller.type === 'Credentials' && call.ctx.region !== bucket.region) {
    if (mode === 'redirect') {
      throw new AwsError('PermanentRedirect', 'The bucket is in another region.', {
        status: 301,
        headers: { 'x-amz-bucket-region': bucket.region },
        fields: { BucketName: name },
      });
    }
    throw wrongRegion(call.ctx.region, bucket.region);
  }
  const expected = call.input.headers['x-amz-expected-bucket-owner'];
  if (expected !== undefined && expected !== bucket.accountId) throw accessDenied();
  return bucket;
}

/** A bucket named elsewhere in the request (copy source), with the same checks but no region rule. */
export function requireOtherBucket(call: S3Call, name: string, expectedOwner?: string): BucketRecord {
  const bucket = ownGet(s3State(call).buckets, name);
  if (!bucket) throw noSuchBucket(name);
  if (expectedOwner !== undefined && expectedOwner !== bucket.accountId) throw accessDenied();
  return bucket;
}
