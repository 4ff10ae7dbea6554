/**
 * Get/Put/DeleteBucketPolicy. Only identities of the bucket owner's account may manage the policy (405
 * for others that IAM would allow); the owner's root user always may, so a policy cannot lock the
 * owner out. A new policy must follow the resource-policy grammar and name only this bucket.
 */
import type { HttpResult } from '../../../http/index.js';
import { validatePolicy } from '../../../iam/index.js';
import { authorizeS3, bucketArn, requireBucket } from '../access.js';
import { dispatchS3, type S3Call } from '../context.js';
import { malformedPolicy, methodNotAllowed, noSuchBucketPolicy } from '../errors.js';
import type { BucketRecord } from '../state.js';

/** Largest bucket policy, in bytes. */
export const MAX_BUCKET_POLICY_BYTES = 20 * 1024;

function authorizePolicyAccess(call: S3Call, bucket: BucketRecord, action: string): void {
  const { caller } = call;
  if (caller?.type === 'Root' && caller.accountId === bucket.accountId) return;
  authorizeS3(call, { action, resource: bucketArn(bucket.name), bucket });
  if (caller?.accountId !== bucket.accountId) throw methodNotAllowed(call.input.method, 'BUCKETPOLICY');
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Whether a Resource pattern can name this bucket or objects in it. */
function resourceFitsBucket(resource: string, bucket: string): boolean {
  if (resource === '*') return true;
  const prefix = 'arn:aws:s3:::';
  if (!resource.startsWith(prefix)) return false;
  const rest = resource.slice(prefix.length);
  const slash = rest.indexOf('/');
  const bucketPart = slash < 0 ? rest : rest.slice(0, slash);
  return globToRegExp(bucketPart).test(bucket) || (slash < 0 && bucketPart.endsWith('*'));
}

/** S3's own checks on top of the grammar: S3 actions, and resources in this bucket. */
function s3PolicyProblem(document: unknown, bucket: string): string | undefined {
  const statements = asList((document as { Statement?: unknown }).Statement);
  for (const raw of statements) {
    const statement = raw as Record<string, unknown>;
    const actions = asList(statement['Action']).map(String);
    if (actions.some((a) => a !== '*' && !a.toLowerCase().startsWith('s3:'))) {
      return 'Action does not apply to any resource(s) in statement';
    }
    const resources = [...asList(statement['Resource']), ...asList(statement['NotResource'])].map(String);
    if (resources.some((r) => !resourceFitsBucket(r, bucket))) return 'Policy has invalid resource';
  }
  return undefined;
}

export function putBucketPolicy(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  authorizePolicyAccess(call, bucket, 's3:PutBucketPolicy');
  const { body } = call.input;
  if (body.length > MAX_BUCKET_POLICY_BYTES) {
    throw malformedPolicy('Policy exceeds the maximum allowed document size.');
  }
  const text = body.toString('utf8');
  if (!text.trimStart().startsWith('{')) {
    throw malformedPolicy("Policies must be valid JSON and the first byte must be '{'");
  }
  const validation = validatePolicy(text, 'resource');
  if (!validation.ok) throw malformedPolicy(validation.error.message);
  const problem = s3PolicyProblem(JSON.parse(text), bucket.name);
  if (problem !== undefined) throw malformedPolicy(problem);
  dispatchS3(call, 'putBucketPolicy', { name: bucket.name, policy: text });
  return { status: 204 };
}

export function getBucketPolicy(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  authorizePolicyAccess(call, bucket, 's3:GetBucketPolicy');
  if (bucket.policy === undefined) throw noSuchBucketPolicy(bucket.name);
  return { headers: { 'content-type': 'application/json' }, body: bucket.policy };
}

export function deleteBucketPolicy(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  authorizePolicyAccess(call, bucket, 's3:DeleteBucketPolicy');
  if (bucket.policy !== undefined) dispatchS3(call, 'deleteBucketPolicy', { name: bucket.name });
  return { status: 204 };
}
