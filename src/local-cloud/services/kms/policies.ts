/**
 * Key policies: the default one CreateKey attaches when none is given, the one AWS gives its AWS managed
 * keys, and the validation PutKeyPolicy/CreateKey apply (IAM's resource-policy grammar).
 */
import { validatePolicy } from '../../iam/index.js';
import { constraintError, KmsErrors } from './errors.js';

export const MAX_KEY_POLICY_CHARS = 32_768;

/** AWS's default key policy: the account (root) may do everything, delegating to IAM policies. */
export function defaultKeyPolicy(accountId: string): string {
  const policy = {
    Version: '2012-10-17',
    Id: 'key-default-1',
    Statement: [
      {
        Sid: 'Enable IAM User Permissions',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
    ],
  };
  return JSON.stringify(policy, null, 2);
}

/** The services that have an AWS managed key here. */
export type ManagedKeyService = 's3' | 'ssm';

const MANAGED_KEY_DESCRIPTION: Record<ManagedKeyService, string> = {
  s3: 'Default key that protects my S3 objects when no other key is defined',
  ssm: 'Default key that protects my SSM parameters when no other key is defined',
};

export function managedKeyDescription(service: ManagedKeyService): string {
  return MANAGED_KEY_DESCRIPTION[service];
}

/**
 * The policy shape of AWS managed keys (`alias/aws/<service>`): every principal of the account may use
 * the key through the service, and the account may read the key's metadata directly.
 */
export function awsManagedKeyPolicy(input: {
  service: ManagedKeyService;
  accountId: string;
  region: string;
}): string {
  const { service, accountId, region } = input;
  const policy = {
    Version: '2012-10-17',
    Id: `auto-${service}-2`,
    Statement: [
      {
        Sid: `Allow access through ${service.toUpperCase()} for all principals in the account that are authorized to use ${service.toUpperCase()}`,
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        Resource: '*',
        Condition: {
          StringEquals: {
            'kms:ViaService': `${service}.${region}.amazonaws.com`,
            'kms:CallerAccount': accountId,
          },
        },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'],
        Resource: '*',
      },
    ],
  };
  return JSON.stringify(policy, null, 2);
}

/** Throws `MalformedPolicyDocumentException` unless `text` is a key policy IAM would accept. */
export function assertValidKeyPolicy(text: string): void {
  if (text.length > MAX_KEY_POLICY_CHARS) {
    throw constraintError(
      'Policy',
      '[policy]',
      `Member must have length less than or equal to ${MAX_KEY_POLICY_CHARS}`,
    );
  }
  const result = validatePolicy(text, 'resource');
  if (!result.ok) {
    const { message, detail } = result.error;
    throw KmsErrors.malformedPolicy(detail === undefined ? message : `${message} (${detail})`);
  }
}
