import { describe, expect, it } from 'vitest';
import { evaluateResource, MAX_ANNOTATION, parsePolicy, patternToRegExp, tagProblems } from './tag-policy.js';

const POLICY = parsePolicy(
  JSON.stringify({
    requiredTags: 'owner, cost-center,environment',
    allowedValues: 'environment=prod|staging|dev,cost-center=cc-*',
  }),
);

const GOOD_TAGS = { owner: 'payments', 'cost-center': 'cc-4120', environment: 'prod' };

describe('patternToRegExp', () => {
  it('matches alternatives and * wildcards, nothing else', () => {
    const re = patternToRegExp('prod|cc-*');
    expect(re.test('prod')).toBe(true);
    expect(re.test('cc-')).toBe(true);
    expect(re.test('cc-4120')).toBe(true);
    expect(re.test('production')).toBe(false);
    expect(re.test('xcc-1')).toBe(false);
  });

  it('treats regular expression characters literally', () => {
    const re = patternToRegExp('team.a+(b)');
    expect(re.test('team.a+(b)')).toBe(true);
    expect(re.test('teamXaa(b)')).toBe(false);
  });
});

describe('parsePolicy', () => {
  it('reads required keys and allowed values', () => {
    expect(POLICY.requiredTags).toEqual(['owner', 'cost-center', 'environment']);
    expect([...POLICY.allowedValues.keys()]).toEqual(['environment', 'cost-center']);
    expect(POLICY.allowedValues.get('environment').pattern).toBe('prod|staging|dev');
  });

  it('rejects a policy without required tags', () => {
    expect(() => parsePolicy(undefined)).toThrow('"requiredTags" input parameter is empty');
    expect(() => parsePolicy('{"requiredTags":" , "}')).toThrow('"requiredTags" input parameter is empty');
  });

  it('rejects an allowedValues entry that is not key=pattern', () => {
    for (const bad of ['environment', '=prod', 'environment=']) {
      expect(() => parsePolicy(JSON.stringify({ requiredTags: 'owner', allowedValues: bad }))).toThrow(
        `"allowedValues" entry "${bad}" is not key=pattern`,
      );
    }
  });
});

describe('tagProblems', () => {
  it('finds nothing wrong with a well-tagged resource', () => {
    expect(tagProblems(GOOD_TAGS, POLICY)).toEqual([]);
  });

  it('lists missing and empty tags', () => {
    expect(tagProblems({ owner: '', environment: 'dev' }, POLICY)).toEqual([
      'Missing tags: owner, cost-center.',
    ]);
  });

  it('reports values outside the allowed pattern', () => {
    expect(tagProblems({ ...GOOD_TAGS, environment: 'Prod', 'cost-center': '4120' }, POLICY)).toEqual([
      'Tag environment="Prod" does not match prod|staging|dev.',
      'Tag cost-center="4120" does not match cc-*.',
    ]);
  });
});

describe('evaluateResource', () => {
  const item = (overrides) => ({
    resourceType: 'AWS::EC2::Instance',
    resourceId: 'i-0abc1234def567890',
    configurationItemStatus: 'OK',
    configurationItemCaptureTime: '2025-03-04T10:20:30.000Z',
    tags: GOOD_TAGS,
    ...overrides,
  });

  it('is COMPLIANT with all tags', () => {
    expect(evaluateResource(item(), POLICY)).toEqual({
      ComplianceResourceType: 'AWS::EC2::Instance',
      ComplianceResourceId: 'i-0abc1234def567890',
      ComplianceType: 'COMPLIANT',
      OrderingTimestamp: new Date('2025-03-04T10:20:30.000Z'),
    });
  });

  it('is NON_COMPLIANT with the problems as annotation', () => {
    const e = evaluateResource(item({ tags: undefined }), POLICY);
    expect(e.ComplianceType).toBe('NON_COMPLIANT');
    expect(e.Annotation).toBe('Missing tags: owner, cost-center, environment.');
  });

  it('keeps the annotation within Config limits', () => {
    const many = parsePolicy(
      JSON.stringify({ requiredTags: Array.from({ length: 60 }, (_, i) => `tag${i}`).join() }),
    );
    expect(evaluateResource(item({ tags: {} }), many).Annotation).toHaveLength(MAX_ANNOTATION);
  });

  it('is NOT_APPLICABLE for deleted resources and resources out of scope', () => {
    const deleted = evaluateResource(item({ configurationItemStatus: 'ResourceDeleted', tags: {} }), POLICY);
    expect(deleted.ComplianceType).toBe('NOT_APPLICABLE');
    expect(deleted).not.toHaveProperty('Annotation');
    const outOfScope = evaluateResource(item({ tags: {} }), POLICY, { leftScope: true });
    expect(outOfScope.ComplianceType).toBe('NOT_APPLICABLE');
  });
});
