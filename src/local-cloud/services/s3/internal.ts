/**
 * What S3 offers the other services of the local cloud: reading an object with a request's caller's
 * permissions, as an AWS service does when it fetches from S3 on the caller's behalf (Lambda's
 * CreateFunction code, CloudFormation's TemplateURL). The read is GetObject itself: the same bucket policy,
 * identity policy, region and SSE-KMS (`kms:Decrypt` with `kms:ViaService`) checks, the same errors.
 */
import type { RequestContext } from '../../http/index.js';
import type { S3Env } from './context.js';
import { getObject } from './ops/get-object.js';

export interface S3ObjectRef {
  bucket: string;
  key: string;
  versionId?: string;
}

export interface S3Internal {
  /** The object's bytes, read as the caller of `ctx`; throws S3's `AwsError` (AccessDenied, NoSuchKey…). */
  getObject(ctx: RequestContext, ref: S3ObjectRef): Buffer;
}

export function createS3Internal(env: S3Env): S3Internal {
  return {
    getObject(ctx, ref) {
      const query = new URLSearchParams();
      if (ref.versionId !== undefined) query.set('versionId', ref.versionId);
      const input = {
        method: 'GET',
        bucket: ref.bucket,
        key: ref.key,
        addressing: 'path' as const,
        query,
        headers: {},
        body: Buffer.alloc(0),
        checksums: {},
        contentEncoding: undefined,
      };
      const result = getObject({ env, input, ctx, caller: env.deps.callerOf(ctx) }, { head: false });
      const body = result.body;
      if (Buffer.isBuffer(body)) return body;
      return Buffer.from(typeof body === 'string' ? body : '');
    },
  };
}
