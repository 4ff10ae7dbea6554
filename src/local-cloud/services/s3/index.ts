/**
 * The local cloud's S3: buckets (one global namespace across accounts), objects with versioning,
 * listings, multipart uploads, bucket policies enforced through IAM on every request, default
 * encryption and SSE-KMS through the KMS service. State lives in the `s3` slice; bytes in the store's
 * blobs. See docs/local-cloud.md ("S3") for what is supported and where it differs from AWS.
 *
 *   const store = StateStore.open({ dir, slices: [...s3Slices, ...] });
 *   const s3 = registerS3(registry, deps, { kms });   // s3.getObject(ctx, { bucket, key }) for other services
 */
import type { HttpResult, RequestContext, S3Input, ServiceRegistry } from '../../http/index.js';
import type { KmsInternal, ServiceDeps } from '../deps.js';
import type { S3Call, S3Env } from './context.js';
import { methodNotAllowed, notImplemented } from './errors.js';
import { createS3Internal, type S3Internal } from './internal.js';
import { S3_OPERATIONS } from './operations.js';
import { routeS3, type S3Operation } from './router.js';

export type { S3Env } from './context.js';
export type { S3Internal, S3ObjectRef } from './internal.js';
export type { S3Operation } from './router.js';
export {
  type BucketRecord,
  type MultipartUpload,
  type ObjectVersion,
  type S3State,
  s3Slice,
  s3Slices,
} from './state.js';

export interface S3Options {
  /** The KMS service's internal API, for SSE-KMS. */
  readonly kms: KmsInternal;
}

/** Answers one S3 request (exported for tests and tools; `registerS3` wires it to the registry). */
export function handleS3(env: S3Env, input: S3Input, ctx: RequestContext): HttpResult {
  const route = routeS3(input);
  if (route.kind === 'not-implemented') throw notImplemented(route.subresource);
  if (route.kind === 'method-not-allowed') throw methodNotAllowed(input.method, route.resourceType);
  const call: S3Call = { env, input, ctx, caller: env.deps.callerOf(ctx) };
  return S3_OPERATIONS[route.operation as S3Operation](call);
}

/** Registers S3's single handler (every S3 request) with the wire core; returns S3's internal API. */
export function registerS3(registry: ServiceRegistry, deps: ServiceDeps, options: S3Options): S3Internal {
  const env: S3Env = { deps, kms: options.kms };
  registry.s3((input, ctx) => handleS3(env, input, ctx));
  return createS3Internal(env);
}
