import { describe, expect, it } from 'vitest';
import { buildDigest, MAX_LISTED_RULES, MAX_SUBJECT, summarize } from './digest.mjs';

const rule = (name, type, count, capped = false) => ({
  ConfigRuleName: name,
  Compliance: {
    ComplianceType: type,
    ...(count === undefined
      ? {}
      : { ComplianceContributorCount: { CappedCount: count, CapExceeded: capped } }),
  },
});

const RULES = [
  rule('acme-guardrails-s3-bucket-encryption', 'NON_COMPLIANT', 2),
  rule('acme-guardrails-required-tags', 'NON_COMPLIANT', 100, true),
  rule('acme-guardrails-iam-access-key-rotation', 'COMPLIANT'),
  rule('acme-guardrails-unused-security-groups', 'INSUFFICIENT_DATA'),
  rule('acme-guardrails-ebs-snapshots', 'NOT_APPLICABLE'),
  rule('securityhub-root-mfa', 'NON_COMPLIANT', 1),
];

describe('summarize', () => {
  it('groups rules and orders non-compliant ones by resource count', () => {
    expect(summarize(RULES)).toEqual({
      total: 6,
      nonCompliant: [
        { name: 'acme-guardrails-required-tags', resources: 100, capped: true },
        { name: 'acme-guardrails-s3-bucket-encryption', resources: 2, capped: false },
        { name: 'securityhub-root-mfa', resources: 1, capped: false },
      ],
      insufficientData: ['acme-guardrails-unused-security-groups'],
      compliant: 1,
      notApplicable: 1,
    });
  });

  it('keeps only rules with the prefix', () => {
    const s = summarize(RULES, { rulePrefix: 'acme-guardrails-' });
    expect(s.total).toBe(5);
    expect(s.nonCompliant.map((r) => r.name)).not.toContain('securityhub-root-mfa');
  });

  it('breaks ties by name and treats a rule without results as INSUFFICIENT_DATA', () => {
    const s = summarize([
      rule('b', 'NON_COMPLIANT', 3),
      rule('a', 'NON_COMPLIANT', 3),
      { ConfigRuleName: 'new-rule' },
    ]);
    expect(s.nonCompliant.map((r) => r.name)).toEqual(['a', 'b']);
    expect(s.insufficientData).toEqual(['new-rule']);
  });
});

describe('buildDigest', () => {
  const base = { account: '444455556666', region: 'eu-west-1', date: '2025-03-04' };

  it('writes subject and message for non-compliant rules', () => {
    const digest = buildDigest({ ...base, rules: RULES, rulePrefix: 'acme-guardrails-' });
    expect(digest.subject).toBe('Config compliance 444455556666 eu-west-1: 2 of 5 rules NON_COMPLIANT');
    expect(digest.nonCompliantRules).toBe(2);
    expect(digest.message).toBe(
      [
        'AWS Config compliance digest',
        'Account 444455556666, region eu-west-1, 2025-03-04',
        'Rules named acme-guardrails-*',
        '',
        '2 of 5 rules are NON_COMPLIANT:',
        '  acme-guardrails-required-tags         100 resources or more',
        '  acme-guardrails-s3-bucket-encryption  2 resources',
        '',
        '1 rule has no results yet (INSUFFICIENT_DATA):',
        '  acme-guardrails-unused-security-groups',
        '',
        'Compliant: 1. Not applicable: 1.',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing is non-compliant', () => {
    const digest = buildDigest({ ...base, rules: [rule('only', 'COMPLIANT')] });
    expect(digest.subject).toBe('Config compliance 444455556666 eu-west-1: no non-compliant rules');
    expect(digest.message).toContain('No non-compliant resources in 1 rule.');
    expect(digest.nonCompliantRules).toBe(0);
  });

  it('says so when the account has no rules', () => {
    expect(buildDigest({ ...base, rules: [] }).message).toContain('No Config rules found.');
  });

  it('cuts long lists', () => {
    const many = Array.from({ length: MAX_LISTED_RULES + 7 }, (_, i) =>
      rule(`rule-${String(i).padStart(3, '0')}`, 'NON_COMPLIANT', 1),
    );
    const { message } = buildDigest({ ...base, rules: many });
    expect(message.split('\n').filter((l) => l.startsWith('  rule-'))).toHaveLength(MAX_LISTED_RULES);
    expect(message).toContain('  ... and 7 more');
  });

  it('keeps the subject within what SNS accepts', () => {
    const { subject } = buildDigest({ ...base, region: 'é'.repeat(120), rules: [] });
    expect(subject.length).toBe(MAX_SUBJECT);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
  });
});
