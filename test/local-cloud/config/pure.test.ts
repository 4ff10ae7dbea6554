import { describe, expect, it } from 'vitest';
import { complianceOf } from '../../../src/local-cloud/services/config/compliance.js';
import {
  changeEvent,
  MAX_EVENT_BYTES,
  scheduledEvent,
} from '../../../src/local-cloud/services/config/invoking-events.js';
import type { ConfigurationItem } from '../../../src/local-cloud/services/config/items.js';
import { inScope } from '../../../src/local-cloud/services/config/scope.js';
import type { StoredConfigRule } from '../../../src/local-cloud/services/config/state.js';

const where = { accountId: '123456789012', region: 'us-east-2' };
const now = new Date('2024-05-01T10:00:00.000Z');
const rule: StoredConfigRule = {
  name: 'r',
  arn: 'arn:aws:config:us-east-2:123456789012:config-rule/config-rule-abc123',
  id: 'config-rule-abc123',
  source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: 'arn', SourceDetails: [] },
  inputParameters: '{"k":"v"}',
  createdAt: now.toISOString(),
  tags: [],
};
const item = (overrides: Partial<ConfigurationItem> = {}): ConfigurationItem => ({
  accountId: where.accountId,
  region: where.region,
  resourceType: 'AWS::S3::Bucket',
  resourceId: 'b',
  resourceName: 'b',
  arn: 'arn:aws:s3:::b',
  status: 'OK',
  captureTime: now.toISOString(),
  stateId: 1,
  tags: { env: 'prod' },
  configuration: { name: 'b' },
  supplementaryConfiguration: {},
  ...overrides,
});

describe('invoking events', () => {
  it('builds a ScheduledNotification as AWS Config sends it', () => {
    const event = scheduledEvent({ rule, where, now, resultToken: 'tok' });
    expect(event).toEqual({
      version: '1.0',
      invokingEvent: JSON.stringify({
        awsAccountId: where.accountId,
        notificationCreationTime: '2024-05-01T10:00:00.000Z',
        messageType: 'ScheduledNotification',
        recordVersion: '1.0',
      }),
      ruleParameters: '{"k":"v"}',
      resultToken: 'tok',
      eventLeftScope: false,
      executionRoleArn: `arn:aws:iam::${where.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
      configRuleArn: rule.arn,
      configRuleName: 'r',
      configRuleId: rule.id,
      accountId: where.accountId,
      evaluationMode: 'DETECTIVE',
    });
  });

  it('builds a ConfigurationItemChangeNotification, or its oversized summary', () => {
    const small = JSON.parse(
      String(changeEvent({ rule, where, now, resultToken: 't', item: item() }).invokingEvent),
    );
    expect(small).toMatchObject({
      messageType: 'ConfigurationItemChangeNotification',
      recordVersion: '1.3',
      configurationItem: {
        configurationItemVersion: '1.3',
        awsAccountId: where.accountId,
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'b',
        ARN: 'arn:aws:s3:::b',
        awsRegion: 'us-east-2',
        tags: { env: 'prod' },
        configuration: { name: 'b' },
      },
    });
    const huge = item({ configuration: { blob: 'x'.repeat(MAX_EVENT_BYTES) } });
    const big = JSON.parse(
      String(changeEvent({ rule, where, now, resultToken: 't', item: huge }).invokingEvent),
    );
    expect(big.messageType).toBe('OversizedConfigurationItemChangeNotification');
    expect(big.configurationItemSummary).toMatchObject({ resourceId: 'b', changeType: 'UPDATE' });
    expect(big.configurationItem).toBeUndefined();
  });
});

describe('scope and compliance', () => {
  it('matches resource types, IDs and tags', () => {
    expect(inScope(undefined, item())).toBe(true);
    expect(inScope({ ComplianceResourceTypes: ['AWS::S3::Bucket'] }, item())).toBe(true);
    expect(inScope({ ComplianceResourceTypes: ['AWS::EC2::Instance'] }, item())).toBe(false);
    expect(inScope({ ComplianceResourceTypes: ['AWS::S3::Bucket'], ComplianceResourceId: 'c' }, item())).toBe(
      false,
    );
    expect(inScope({ TagKey: 'env' }, item())).toBe(true);
    expect(inScope({ TagKey: 'env', TagValue: 'dev' }, item())).toBe(false);
    expect(inScope({ TagKey: 'team' }, item())).toBe(false);
  });

  it('sums results up per rule', () => {
    expect(complianceOf([])).toEqual({ ComplianceType: 'INSUFFICIENT_DATA' });
    expect(complianceOf(['COMPLIANT', 'NOT_APPLICABLE'])).toEqual({ ComplianceType: 'COMPLIANT' });
    expect(complianceOf(['NOT_APPLICABLE'])).toEqual({ ComplianceType: 'NOT_APPLICABLE' });
    expect(complianceOf(['COMPLIANT', 'NON_COMPLIANT', 'NON_COMPLIANT'])).toEqual({
      ComplianceType: 'NON_COMPLIANT',
      ComplianceContributorCount: { CappedCount: 2, CapExceeded: false },
    });
  });
});
