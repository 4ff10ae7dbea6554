/**
 * The rule's decision, free of AWS calls: is this bucket encrypted by default?
 */

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** The parts of an AWS Config configuration item this rule reads. */
export interface ConfigurationItem {
  resourceType: string;
  resourceId: string;
  configurationItemStatus: string;
  configurationItemCaptureTime: string;
  supplementaryConfiguration?: Record<string, unknown>;
}

/** One result for PutEvaluations, in the API's own shape. */
export interface Evaluation {
  ComplianceResourceType: string;
  ComplianceResourceId: string;
  ComplianceType: ComplianceType;
  Annotation?: string;
  OrderingTimestamp: Date;
}

export interface RuleParameters {
  /** Accept only SSE-KMS (aws:kms, aws:kms:dsse); SSE-S3 (AES256) is then NON_COMPLIANT. */
  requireKms: boolean;
}

export const BUCKET_TYPE = 'AWS::S3::Bucket';

const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];
const S3_MANAGED_ALGORITHM = 'AES256';

/** Statuses for which there is no bucket left to judge. */
const GONE_STATUSES = ['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded'];

/** Config caps annotations at 256 characters. */
const MAX_ANNOTATION = 256;

/** Reads the rule's input parameters (a JSON string; values may arrive as strings). */
export function parseRuleParameters(ruleParameters: string | undefined): RuleParameters {
  const raw = ruleParameters ? (JSON.parse(ruleParameters) as Record<string, unknown>) : {};
  const requireKms = raw['requireKms'];
  return { requireKms: requireKms === true || requireKms === 'true' };
}

/**
 * The default-encryption algorithm of the bucket, or undefined when the item
 * shows none. Config records it under
 * supplementaryConfiguration.ServerSideEncryptionConfiguration.rules[].applyServerSideEncryptionByDefault.
 */
export function defaultEncryptionAlgorithm(item: ConfigurationItem): string | undefined {
  const sse = item.supplementaryConfiguration?.['ServerSideEncryptionConfiguration'] as
    | { rules?: Array<{ applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }> }
    | undefined;
  for (const rule of sse?.rules ?? []) {
    const algorithm = rule.applyServerSideEncryptionByDefault?.sseAlgorithm;
    if (algorithm) return algorithm;
  }
  return undefined;
}

export interface EvaluateOptions {
  /** The bucket no longer matches the rule's scope (the event's eventLeftScope). */
  leftScope?: boolean;
}

export function evaluateBucket(
  item: ConfigurationItem,
  params: RuleParameters,
  options: EvaluateOptions = {},
): Evaluation {
  const result = (ComplianceType: ComplianceType, annotation?: string): Evaluation => ({
    ComplianceResourceType: item.resourceType,
    ComplianceResourceId: item.resourceId,
    ComplianceType,
    ...(annotation ? { Annotation: annotation.slice(0, MAX_ANNOTATION) } : {}),
    OrderingTimestamp: new Date(item.configurationItemCaptureTime),
  });

  if (item.resourceType !== BUCKET_TYPE) return result('NOT_APPLICABLE', `Rule checks ${BUCKET_TYPE} only.`);
  if (options.leftScope || GONE_STATUSES.includes(item.configurationItemStatus))
    return result('NOT_APPLICABLE');

  const algorithm = defaultEncryptionAlgorithm(item);
  if (!algorithm) return result('NON_COMPLIANT', 'Bucket has no default encryption configured.');
  if (KMS_ALGORITHMS.includes(algorithm)) return result('COMPLIANT', `Default encryption: ${algorithm}.`);
  if (algorithm === S3_MANAGED_ALGORITHM) {
    return params.requireKms
      ? result('NON_COMPLIANT', 'Bucket uses SSE-S3 (AES256); this rule requires SSE-KMS.')
      : result('COMPLIANT', 'Default encryption: AES256.');
  }
  return result('NON_COMPLIANT', `Unrecognised default encryption algorithm "${algorithm}".`);
}
