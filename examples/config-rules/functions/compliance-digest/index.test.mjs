import { describe, expect, it } from 'vitest';
import { createHandler } from './index.mjs';

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:acme-compliance-digest';
const CONTEXT = {
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:444455556666:function:acme-guardrails-compliance-digest',
};
const SCHEDULED = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: '2025-03-04T08:00:00Z' };

/** Config answers in pages; SNS records what was published. */
function fakes(pages) {
  const tokens = [];
  const published = [];
  const configApi = async () => ({
    async describeComplianceByConfigRule(nextToken) {
      tokens.push(nextToken);
      return pages[nextToken ?? 'first'];
    },
  });
  const snsApi = async () => ({
    async publish(input) {
      published.push(input);
      return { MessageId: 'm-1' };
    },
  });
  return { configApi, snsApi, tokens, published };
}

const PAGES = {
  first: {
    ComplianceByConfigRules: [
      { ConfigRuleName: 'acme-guardrails-required-tags', Compliance: { ComplianceType: 'COMPLIANT' } },
    ],
    NextToken: 'page-2',
  },
  'page-2': {
    ComplianceByConfigRules: [
      {
        ConfigRuleName: 'acme-guardrails-s3-bucket-encryption',
        Compliance: { ComplianceType: 'NON_COMPLIANT', ComplianceContributorCount: { CappedCount: 3 } },
      },
    ],
  },
};

describe('compliance-digest handler', () => {
  it('reads every page and publishes the digest to the topic', async () => {
    const f = fakes(PAGES);
    const handler = createHandler({ ...f, env: { DIGEST_TOPIC_ARN: TOPIC } });
    const result = await handler(SCHEDULED, CONTEXT);

    expect(f.tokens).toEqual([undefined, 'page-2']);
    expect(result).toEqual({ rules: 2, nonCompliantRules: 1 });
    expect(f.published).toHaveLength(1);
    const [message] = f.published;
    expect(message.TopicArn).toBe(TOPIC);
    expect(message.Subject).toBe('Config compliance 444455556666 eu-west-1: 1 of 2 rules NON_COMPLIANT');
    expect(message.Message).toContain('Account 444455556666, region eu-west-1, 2025-03-04');
    expect(message.Message).toContain('acme-guardrails-s3-bucket-encryption  3 resources');
  });

  it('applies RULE_NAME_PREFIX', async () => {
    const f = fakes(PAGES);
    const handler = createHandler({ ...f, env: { DIGEST_TOPIC_ARN: TOPIC, RULE_NAME_PREFIX: 'other-' } });
    await handler(SCHEDULED, CONTEXT);
    expect(f.published[0].Message).toContain('No Config rules found.');
  });

  it('fails with a clear message when the topic is not configured', async () => {
    const f = fakes(PAGES);
    const handler = createHandler({ ...f, env: {} });
    await expect(handler(SCHEDULED, CONTEXT)).rejects.toThrow('DIGEST_TOPIC_ARN is not set');
    expect(f.published).toEqual([]);
  });
});
