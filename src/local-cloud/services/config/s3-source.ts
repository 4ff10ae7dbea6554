/**
 * S3 buckets as AWS::S3::Bucket configuration items, read (never changed) from S3's state when a rule is
 * evaluated: the bucket's default encryption (`ServerSideEncryptionConfiguration`; S3's default, SSE-S3,
 * when none is set) and policy (`BucketPolicy`) as supplementary configuration, as AWS Config records them.
 */
import type { StateStore } from '../../state/store.js';
import type { BucketRecord, S3State } from '../s3/state.js';
import { s3Slice } from '../s3/state.js';
import type { ConfigItemSource, ConfigurationItem } from './items.js';
import type { Where } from './names.js';

function encryptionOf(bucket: BucketRecord): Record<string, unknown> {
  const encryption = bucket.encryption;
  return {
    rules: [
      {
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: encryption?.algorithm ?? 'AES256',
          kmsMasterKeyID: encryption?.kmsMasterKeyId ?? null,
        },
        bucketKeyEnabled: encryption?.bucketKeyEnabled ?? false,
      },
    ],
  };
}

export function bucketItem(bucket: BucketRecord, now: Date): ConfigurationItem {
  return {
    accountId: bucket.accountId,
    region: bucket.region,
    resourceType: 'AWS::S3::Bucket',
    resourceId: bucket.name,
    resourceName: bucket.name,
    arn: `arn:aws:s3:::${bucket.name}`,
    status: 'OK',
    captureTime: now.toISOString(),
    resourceCreationTime: bucket.createdAt,
    stateId: 1,
    tags: {},
    configuration: { name: bucket.name, owner: { id: bucket.accountId }, creationDate: bucket.createdAt },
    supplementaryConfiguration: {
      ServerSideEncryptionConfiguration: encryptionOf(bucket),
      BucketPolicy: { policyText: bucket.policy ?? null },
      BucketVersioningConfiguration: { status: bucket.versioning ?? 'Off', isMfaDeleteEnabled: null },
    },
  };
}

/** The buckets of an account and region, from the store's `s3` slice. */
export function s3BucketSource(store: StateStore): ConfigItemSource {
  return {
    resourceTypes: ['AWS::S3::Bucket'],
    items(where: Where, now: Date) {
      const buckets = Object.values(store.get<S3State>(s3Slice).buckets);
      return buckets
        .filter((b) => b.accountId === where.accountId && b.region === where.region)
        .sort((a, b) => (a.name < b.name ? -1 : 1))
        .map((bucket) => bucketItem(bucket, now));
    },
  };
}
