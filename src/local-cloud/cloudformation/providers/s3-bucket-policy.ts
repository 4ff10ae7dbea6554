/** AWS::S3::BucketPolicy; the physical ID is the bucket name. */
import { DeleteBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { jsonText, type Props, requiredString } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'S3';

async function put(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const s3 = clientFor(S3Client, ctx);
  const bucket = requiredString(props, 'Bucket');
  const policy = jsonText(props['PolicyDocument']);
  await call(SERVICE, () => s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy })));
  return { physicalId: bucket, attributes: {} };
}

async function remove(bucket: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const s3 = clientFor(S3Client, ctx);
  await callUnlessGone(SERVICE, () => s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket })));
}

export const s3BucketPolicyProvider: ResourceProvider = {
  type: 'AWS::S3::BucketPolicy',
  replaceOn: ['Bucket'],
  create: put,
  update: (_bucket, props, _previous, ctx) => put(props, ctx),
  delete: remove,
};
