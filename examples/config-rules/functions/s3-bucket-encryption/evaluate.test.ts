import { describe, expect, it } from 'vitest';
import { type ConfigurationItem, evaluateBucket, parseRuleParameters } from './evaluate.js';

const CAPTURED = '2025-03-04T10:20:30.000Z';

function bucket(overrides: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return {
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'acme-invoices',
    configurationItemStatus: 'OK',
    configurationItemCaptureTime: CAPTURED,
    supplementaryConfiguration: {},
    ...overrides,
  };
}

function encryptedWith(sseAlgorithm: string): Record<string, unknown> {
  return {
    ServerSideEncryptionConfiguration: {
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm }, bucketKeyEnabled: true }],
    },
  };
}

const lenient = { requireKms: false };
const strict = { requireKms: true };

describe('evaluateBucket', () => {
  it('accepts SSE-KMS', () => {
    const e = evaluateBucket(bucket({ supplementaryConfiguration: encryptedWith('aws:kms') }), strict);
    expect(e).toEqual({
      ComplianceResourceType: 'AWS::S3::Bucket',
      ComplianceResourceId: 'acme-invoices',
      ComplianceType: 'COMPLIANT',
      Annotation: 'Default encryption: aws:kms.',
      OrderingTimestamp: new Date(CAPTURED),
    });
  });

  it('accepts dual-layer SSE-KMS', () => {
    const e = evaluateBucket(bucket({ supplementaryConfiguration: encryptedWith('aws:kms:dsse') }), strict);
    expect(e.ComplianceType).toBe('COMPLIANT');
  });

  it('accepts SSE-S3 unless KMS is required', () => {
    const item = bucket({ supplementaryConfiguration: encryptedWith('AES256') });
    expect(evaluateBucket(item, lenient).ComplianceType).toBe('COMPLIANT');
    const e = evaluateBucket(item, strict);
    expect(e.ComplianceType).toBe('NON_COMPLIANT');
    expect(e.Annotation).toContain('requires SSE-KMS');
  });

  it('flags a bucket without default encryption', () => {
    const e = evaluateBucket(bucket({ supplementaryConfiguration: {} }), lenient);
    expect(e.ComplianceType).toBe('NON_COMPLIANT');
    expect(e.Annotation).toBe('Bucket has no default encryption configured.');
  });

  it('flags an encryption configuration whose rules set no default', () => {
    const item = bucket({
      supplementaryConfiguration: {
        ServerSideEncryptionConfiguration: { rules: [{ bucketKeyEnabled: false }] },
      },
    });
    expect(evaluateBucket(item, lenient).ComplianceType).toBe('NON_COMPLIANT');
  });

  it('flags an algorithm it does not know', () => {
    const e = evaluateBucket(bucket({ supplementaryConfiguration: encryptedWith('rot13') }), lenient);
    expect(e.ComplianceType).toBe('NON_COMPLIANT');
    expect(e.Annotation).toContain('"rot13"');
  });

  it('is not applicable to a deleted bucket', () => {
    for (const status of ['ResourceDeleted', 'ResourceDeletedNotRecorded']) {
      const e = evaluateBucket(
        bucket({ configurationItemStatus: status, supplementaryConfiguration: {} }),
        lenient,
      );
      expect(e.ComplianceType).toBe('NOT_APPLICABLE');
      expect(e.Annotation).toBeUndefined();
    }
  });

  it('is not applicable once the bucket left the rule scope', () => {
    const e = evaluateBucket(bucket({ supplementaryConfiguration: {} }), lenient, { leftScope: true });
    expect(e.ComplianceType).toBe('NOT_APPLICABLE');
  });

  it('is not applicable to other resource types', () => {
    const e = evaluateBucket(bucket({ resourceType: 'AWS::EC2::Instance' }), lenient);
    expect(e.ComplianceType).toBe('NOT_APPLICABLE');
  });
});

describe('parseRuleParameters', () => {
  it('defaults requireKms to false', () => {
    expect(parseRuleParameters(undefined)).toEqual({ requireKms: false });
    expect(parseRuleParameters('{}')).toEqual({ requireKms: false });
  });

  it('reads requireKms as a boolean or a string', () => {
    expect(parseRuleParameters('{"requireKms":true}')).toEqual({ requireKms: true });
    expect(parseRuleParameters('{"requireKms":"true"}')).toEqual({ requireKms: true });
    expect(parseRuleParameters('{"requireKms":"false"}')).toEqual({ requireKms: false });
  });
});
