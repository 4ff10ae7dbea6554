import { describe, expect, it } from 'vitest';
import { type ConfigApi, fromHistoryItem, type ResourceRef } from './config-api.js';
import type { ConfigurationItem, Evaluation } from './evaluate.js';
import { type ConfigRuleEvent, createHandler } from './index.js';

const CAPTURED = '2025-03-04T10:20:30.000Z';

/** An in-memory ConfigApi that records what the handler reports. */
function fakeConfigApi(history: Record<string, ConfigurationItem> = {}) {
  const puts: Array<{ resultToken: string; evaluations: Evaluation[] }> = [];
  const lookups: ResourceRef[] = [];
  const api: ConfigApi = {
    async putEvaluations(input) {
      puts.push(input);
    },
    async latestConfigurationItem(resource) {
      lookups.push(resource);
      return history[resource.resourceId];
    },
  };
  return { api, puts, lookups, handler: createHandler({ configApi: async () => api }) };
}

function changeEvent(
  item: Partial<ConfigurationItem>,
  extra: Partial<ConfigRuleEvent> = {},
): ConfigRuleEvent {
  return {
    invokingEvent: JSON.stringify({
      messageType: 'ConfigurationItemChangeNotification',
      configurationItem: {
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'acme-logs',
        configurationItemStatus: 'OK',
        configurationItemCaptureTime: CAPTURED,
        ...item,
      },
    }),
    ruleParameters: '{"requireKms":false}',
    resultToken: 'token-1',
    ...extra,
  };
}

const kms = {
  ServerSideEncryptionConfiguration: {
    rules: [
      { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyID: 'alias/acme-s3' } },
    ],
  },
};

describe('s3-bucket-encryption handler', () => {
  it('reports one evaluation with the result token', async () => {
    const { handler, puts } = fakeConfigApi();
    await handler(changeEvent({ supplementaryConfiguration: kms }));
    expect(puts).toHaveLength(1);
    expect(puts[0]!.resultToken).toBe('token-1');
    expect(puts[0]!.evaluations).toEqual([
      expect.objectContaining({ ComplianceResourceId: 'acme-logs', ComplianceType: 'COMPLIANT' }),
    ]);
  });

  it('reports NON_COMPLIANT for an unencrypted bucket', async () => {
    const { handler, puts } = fakeConfigApi();
    await handler(changeEvent({ supplementaryConfiguration: {} }));
    expect(puts[0]!.evaluations[0]!.ComplianceType).toBe('NON_COMPLIANT');
  });

  it('reports NOT_APPLICABLE when the bucket left the rule scope', async () => {
    const { handler, puts } = fakeConfigApi();
    await handler(changeEvent({ supplementaryConfiguration: {} }, { eventLeftScope: true }));
    expect(puts[0]!.evaluations[0]!.ComplianceType).toBe('NOT_APPLICABLE');
  });

  it('reads an oversized item from the configuration history', async () => {
    const full: ConfigurationItem = {
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'acme-big',
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: CAPTURED,
      supplementaryConfiguration: kms,
    };
    const { handler, puts, lookups } = fakeConfigApi({ 'acme-big': full });
    await handler({
      invokingEvent: JSON.stringify({
        messageType: 'OversizedConfigurationItemChangeNotification',
        configurationItemSummary: { ...full, supplementaryConfiguration: undefined },
      }),
      resultToken: 'token-2',
    });
    expect(lookups).toEqual([
      expect.objectContaining({ resourceType: 'AWS::S3::Bucket', resourceId: 'acme-big' }),
    ]);
    expect(puts[0]!.evaluations[0]!.ComplianceType).toBe('COMPLIANT');
  });

  it('does not look up a deleted oversized item', async () => {
    const { handler, puts, lookups } = fakeConfigApi();
    await handler({
      invokingEvent: JSON.stringify({
        messageType: 'OversizedConfigurationItemChangeNotification',
        configurationItemSummary: {
          resourceType: 'AWS::S3::Bucket',
          resourceId: 'acme-gone',
          configurationItemStatus: 'ResourceDeleted',
          configurationItemCaptureTime: CAPTURED,
        },
      }),
      resultToken: 'token-3',
    });
    expect(lookups).toEqual([]);
    expect(puts[0]!.evaluations[0]!.ComplianceType).toBe('NOT_APPLICABLE');
  });

  it('reports nothing on a scheduled notification', async () => {
    const { handler, puts } = fakeConfigApi();
    const result = await handler({
      invokingEvent: JSON.stringify({ messageType: 'ScheduledNotification' }),
      resultToken: 'token-4',
    });
    expect(result.evaluations).toEqual([]);
    expect(puts).toEqual([]);
  });
});

describe('fromHistoryItem', () => {
  it('parses supplementary configuration values, which the API returns as JSON strings', () => {
    const item = fromHistoryItem({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'acme-big',
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: new Date(CAPTURED),
      supplementaryConfiguration: {
        ServerSideEncryptionConfiguration: JSON.stringify(kms.ServerSideEncryptionConfiguration),
      },
    });
    expect(item).toEqual({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'acme-big',
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: CAPTURED,
      supplementaryConfiguration: kms,
    });
  });
});
