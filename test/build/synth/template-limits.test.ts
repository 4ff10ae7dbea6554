import { describe, expect, it } from 'vitest';
import { checkTemplateLimits, DefaultTemplateLimits } from '../../../src/build/synth/template-limits.js';

const measure = (
  over: Partial<{ body: string; resources: number; parameters: number; outputs: number }>,
) => ({
  body: '{}',
  resources: 1,
  parameters: 0,
  outputs: 0,
  ...over,
});

describe('checkTemplateLimits', () => {
  it("uses CloudFormation's limits, inclusive", () => {
    expect(DefaultTemplateLimits).toEqual({
      maxResources: 500,
      maxParameters: 200,
      maxOutputs: 200,
      maxTemplateBytes: 1_000_000,
    });
    expect(checkTemplateLimits(measure({ resources: 500, parameters: 200, outputs: 200 }))).toEqual([]);
  });

  it('reports every limit crossed', () => {
    const violations = checkTemplateLimits(measure({ resources: 501, parameters: 201, outputs: 201 }));
    expect(violations.map((v) => [v.limit, v.actual, v.max])).toEqual([
      ['maxResources', 501, 500],
      ['maxParameters', 201, 200],
      ['maxOutputs', 201, 200],
    ]);
    expect(violations[0]!.message).toBe('501 resources, more than the 500 CloudFormation allows');
  });

  it('counts the body in UTF-8 bytes', () => {
    const limits = { ...DefaultTemplateLimits, maxTemplateBytes: 4 };
    expect(checkTemplateLimits(measure({ body: 'abcd' }), limits)).toEqual([]);
    // Two characters, six bytes.
    expect(checkTemplateLimits(measure({ body: '€€' }), limits)).toMatchObject([
      { limit: 'maxTemplateBytes', actual: 6, max: 4 },
    ]);
  });
});
