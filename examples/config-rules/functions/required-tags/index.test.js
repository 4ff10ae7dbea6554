import { describe, expect, it } from 'vitest';
import { fromHistoryItem } from './config-api.js';
import { createHandler } from './index.js';

const CAPTURED = '2025-03-04T10:20:30.000Z';
const PARAMETERS = JSON.stringify({ requiredTags: 'owner,cost-center', allowedValues: 'cost-center=cc-*' });

function fakeConfigApi(history = {}) {
  const puts = [];
  const lookups = [];
  const api = {
    async putEvaluations(input) {
      puts.push(input);
    },
    async latestConfigurationItem(resource) {
      lookups.push(resource);
      return history[resource.resourceId];
    },
  };
  return { puts, lookups, handler: createHandler({ configApi: async () => api }) };
}

const bucket = (tags, status = 'OK') => ({
  resourceType: 'AWS::S3::Bucket',
  resourceId: 'acme-reports',
  configurationItemStatus: status,
  configurationItemCaptureTime: CAPTURED,
  tags,
});

const changeEvent = (item, extra = {}) => ({
  invokingEvent: JSON.stringify({
    messageType: 'ConfigurationItemChangeNotification',
    configurationItem: item,
  }),
  ruleParameters: PARAMETERS,
  resultToken: 'token-1',
  ...extra,
});

describe('required-tags handler', () => {
  it('reports a compliant resource with the result token', async () => {
    const { handler, puts } = fakeConfigApi();
    await handler(changeEvent(bucket({ owner: 'data', 'cost-center': 'cc-7' })));
    expect(puts).toEqual([
      {
        resultToken: 'token-1',
        evaluations: [
          {
            ComplianceResourceType: 'AWS::S3::Bucket',
            ComplianceResourceId: 'acme-reports',
            ComplianceType: 'COMPLIANT',
            OrderingTimestamp: new Date(CAPTURED),
          },
        ],
      },
    ]);
  });

  it('reports what is missing', async () => {
    const { handler, puts } = fakeConfigApi();
    await handler(changeEvent(bucket({ 'cost-center': 'finance' })));
    expect(puts[0].evaluations[0]).toMatchObject({
      ComplianceType: 'NON_COMPLIANT',
      Annotation: 'Missing tags: owner. Tag cost-center="finance" does not match cc-*.',
    });
  });

  it('reports NOT_APPLICABLE when the resource left the rule scope', async () => {
    const { handler, puts } = fakeConfigApi();
    await handler(changeEvent(bucket({}), { eventLeftScope: true }));
    expect(puts[0].evaluations[0].ComplianceType).toBe('NOT_APPLICABLE');
    expect(puts[0].evaluations[0]).not.toHaveProperty('Annotation');
  });

  it('reads an oversized item from the configuration history', async () => {
    const full = bucket({ owner: 'data', 'cost-center': 'cc-7' });
    const { handler, puts, lookups } = fakeConfigApi({ 'acme-reports': full });
    await handler({
      invokingEvent: JSON.stringify({
        messageType: 'OversizedConfigurationItemChangeNotification',
        configurationItemSummary: { ...full, tags: undefined },
      }),
      ruleParameters: PARAMETERS,
      resultToken: 'token-2',
    });
    expect(lookups).toEqual([expect.objectContaining({ resourceId: 'acme-reports' })]);
    expect(puts[0].evaluations[0].ComplianceType).toBe('COMPLIANT');
  });

  it('fails before calling AWS when the policy is misconfigured', async () => {
    const { handler, puts, lookups } = fakeConfigApi();
    await expect(handler(changeEvent(bucket({}), { ruleParameters: '{}' }))).rejects.toThrow('requiredTags');
    expect(puts).toEqual([]);
    expect(lookups).toEqual([]);
  });

  it('reports nothing on a scheduled notification', async () => {
    const { handler, puts } = fakeConfigApi();
    const result = await handler({
      invokingEvent: JSON.stringify({ messageType: 'ScheduledNotification' }),
      ruleParameters: PARAMETERS,
      resultToken: 'token-3',
    });
    expect(result).toEqual({ evaluations: [] });
    expect(puts).toEqual([]);
  });
});

describe('fromHistoryItem', () => {
  it('keeps the fields the rule reads', () => {
    expect(
      fromHistoryItem({
        resourceType: 'AWS::RDS::DBInstance',
        resourceId: 'db-ABCDEFGHIJ',
        configurationItemStatus: 'OK',
        configurationItemCaptureTime: new Date(CAPTURED),
        configuration: '{"dBInstanceClass":"db.t4g.micro"}',
        tags: { owner: 'data' },
      }),
    ).toEqual({
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-ABCDEFGHIJ',
      configurationItemStatus: 'OK',
      configurationItemCaptureTime: CAPTURED,
      tags: { owner: 'data' },
    });
  });
});
