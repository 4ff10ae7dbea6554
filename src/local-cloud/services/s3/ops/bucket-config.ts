/** Bucket versioning (Put/GetBucketVersioning) and default encryption (Put/Get/DeleteBucketEncryption). */
import {
  childNode,
  childNodes,
  childText,
  type HttpResult,
  malformedXml,
  parseXmlBody,
} from '../../../http/index.js';
import { authorizeS3, bucketArn, requireBucket } from '../access.js';
import { dispatchS3, type S3Call } from '../context.js';
import { invalidArgument, notImplemented } from '../errors.js';
import { isKms } from '../sse.js';
import type { BucketEncryption, SseAlgorithm } from '../state.js';
import { xmlResult } from '../xml.js';

export function putBucketVersioning(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  authorizeS3(call, { action: 's3:PutBucketVersioning', resource: bucketArn(bucket.name), bucket });
  const root = parseXmlBody(call.input.body, 'VersioningConfiguration');
  const status = childText(root, 'Status')?.trim();
  if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
  const mfaDelete = childText(root, 'MfaDelete')?.trim();
  if (mfaDelete !== undefined && mfaDelete !== 'Disabled') {
    if (mfaDelete !== 'Enabled') throw malformedXml();
    throw notImplemented('x-amz-mfa');
  }
  dispatchS3(call, 'putBucketVersioning', { name: bucket.name, status });
  return {};
}

export function getBucketVersioning(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  authorizeS3(call, { action: 's3:GetBucketVersioning', resource: bucketArn(bucket.name), bucket });
  return xmlResult('VersioningConfiguration', { Status: bucket.versioning });
}

const ALGORITHMS: readonly string[] = ['AES256', 'aws:kms', 'aws:kms:dsse'];

/** The default-encryption document of PutBucketEncryption, read and checked. */
export function parseEncryptionConfiguration(body: Buffer): BucketEncryption {
  const root = parseXmlBody(body, 'ServerSideEncryptionConfiguration');
  const rules = childNodes(root, 'Rule');
  if (rules.length !== 1) throw malformedXml();
  const rule = rules[0]!;
  const apply = childNode(rule, 'ApplyServerSideEncryptionByDefault');
  if (!apply) throw malformedXml();
  const algorithm = childText(apply, 'SSEAlgorithm')?.trim();
  if (algorithm === undefined || !ALGORITHMS.includes(algorithm)) throw malformedXml();
  const keyId = childText(apply, 'KMSMasterKeyID')?.trim();
  if (keyId !== undefined && keyId !== '' && !isKms(algorithm as SseAlgorithm)) {
    throw invalidArgument(
      'a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse',
      'ApplyServerSideEncryptionByDefault',
    );
  }
  const bucketKey = childText(rule, 'BucketKeyEnabled')?.trim().toLowerCase();
  if (bucketKey !== undefined && bucketKey !== 'true' && bucketKey !== 'false') throw malformedXml();
  const encryption: BucketEncryption = {
    algorithm: algorithm as SseAlgorithm,
    bucketKeyEnabled: bucketKey === 'true',
  };
  if (keyId !== undefined && keyId !== '') encryption.kmsMasterKeyId = keyId;
  return encryption;
}

export function putBucketEncryption(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  authorizeS3(call, { action: 's3:PutEncryptionConfiguration', resource: bucketArn(bucket.name), bucket });
  const encryption = parseEncryptionConfiguration(call.input.body);
  dispatchS3(call, 'putBucketEncryption', { name: bucket.name, encryption });
  return {};
}

/** Every bucket has default encryption; without a configuration it is SSE-S3, as S3 reports since 2023. */
export function getBucketEncryption(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  authorizeS3(call, { action: 's3:GetEncryptionConfiguration', resource: bucketArn(bucket.name), bucket });
  const encryption = bucket.encryption ?? { algorithm: 'AES256', bucketKeyEnabled: false };
  return xmlResult('ServerSideEncryptionConfiguration', {
    Rule: {
      ApplyServerSideEncryptionByDefault: {
        SSEAlgorithm: encryption.algorithm,
        KMSMasterKeyID: encryption.kmsMasterKeyId,
      },
      BucketKeyEnabled: encryption.bucketKeyEnabled,
    },
  });
}

export function deleteBucketEncryption(call: S3Call): HttpResult {
  const bucket = requireBucket(call);
  authorizeS3(call, { action: 's3:PutEncryptionConfiguration', resource: bucketArn(bucket.name), bucket });
  if (bucket.encryption !== undefined) dispatchS3(call, 'deleteBucketEncryption', { name: bucket.name });
  return { status: 204 };
}
