/**
 * Parameter Store's pure decisions: names, references and paths; tiers, values, patterns and policies;
 * paging tokens.
 */
import { describe, expect, it } from 'vitest';
import {
  canonicalName,
  canonicalPath,
  isUnder,
  parameterArn,
  parseReference,
  pathArn,
} from '../../../src/local-cloud/services/ssm/names.js';
import { paginate } from '../../../src/local-cloud/services/ssm/paging.js';
import {
  checkAllowedPattern,
  checkValue,
  parsePolicies,
  resolveTier,
} from '../../../src/local-cloud/services/ssm/rules.js';

const where = { accountId: '111111111111', region: 'us-east-1' };

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('names', () => {
  it('keeps paths, drops the slash of one-segment names and surrounding spaces', () => {
    expect(canonicalName('/a/b.c/d-e_f')).toBe('/a/b.c/d-e_f');
    expect(canonicalName('/single')).toBe('single');
    expect(canonicalName('  spaced  ')).toBe('spaced');
    for (const bad of ['a/b', '/a/', '//a', 'a b', 'a:b', '', '/']) {
      expect(
        codeOf(() => canonicalName(bad)),
        bad,
      ).toBe('ValidationException');
    }
  });

  it('parses names and ARNs with selectors', () => {
    expect(parseReference('/a/b:3', where, { selector: true })).toEqual({
      where,
      name: '/a/b',
      selector: { kind: 'version', version: 3, text: '3' },
    });
    expect(
      parseReference('arn:aws:ssm:eu-west-1:222222222222:parameter/a/b', where, { selector: true }),
    ).toEqual({
      where: { accountId: '222222222222', region: 'eu-west-1' },
      name: '/a/b',
    });
    expect(
      parseReference('arn:aws:ssm:us-east-1:111111111111:parameter/top:prod', where, { selector: true }),
    ).toEqual({
      where,
      name: 'top',
      selector: { kind: 'label', label: 'prod' },
    });
    expect(codeOf(() => parseReference('/a:1', where, { selector: false }))).toBe('ValidationException');
    expect(codeOf(() => parseReference('/a:1:2', where, { selector: true }))).toBe('ValidationException');
  });

  it('builds ARNs without a doubled slash', () => {
    expect(parameterArn(where, '/a/b')).toBe('arn:aws:ssm:us-east-1:111111111111:parameter/a/b');
    expect(parameterArn(where, 'top')).toBe('arn:aws:ssm:us-east-1:111111111111:parameter/top');
    expect(pathArn(where, '/a')).toBe('arn:aws:ssm:us-east-1:111111111111:parameter/a');
    expect(pathArn(where, '/')).toBe('arn:aws:ssm:us-east-1:111111111111:parameter/');
  });

  it('reads paths and decides what is under them', () => {
    expect(canonicalPath('/a/b/')).toBe('/a/b');
    expect(canonicalPath('/')).toBe('/');
    expect(codeOf(() => canonicalPath('a/b'))).toBe('ValidationException');
    expect(isUnder('/a/b', '/a', false)).toBe(true);
    expect(isUnder('/a/b/c', '/a', false)).toBe(false);
    expect(isUnder('/a/b/c', '/a', true)).toBe(true);
    expect(isUnder('/ab/c', '/a', true)).toBe(false);
    expect(isUnder('top', '/', false)).toBe(true);
    expect(isUnder('/a/b', '/', false)).toBe(false);
    expect(isUnder('/a/b', '/', true)).toBe(true);
  });
});

describe('rules', () => {
  it('resolves tiers', () => {
    const base = { valueLength: 10, hasPolicies: false };
    expect(resolveTier({ ...base, requested: undefined, previous: undefined })).toBe('Standard');
    expect(resolveTier({ ...base, requested: undefined, previous: 'Advanced' })).toBe('Advanced');
    expect(resolveTier({ ...base, requested: 'Intelligent-Tiering', previous: undefined })).toBe('Standard');
    expect(
      resolveTier({
        valueLength: 4097,
        hasPolicies: false,
        requested: 'Intelligent-Tiering',
        previous: undefined,
      }),
    ).toBe('Advanced');
    expect(
      resolveTier({
        valueLength: 1,
        hasPolicies: true,
        requested: 'Intelligent-Tiering',
        previous: undefined,
      }),
    ).toBe('Advanced');
    expect(codeOf(() => resolveTier({ ...base, requested: 'Standard', previous: 'Advanced' }))).toBe(
      'ValidationException',
    );
    expect(
      codeOf(() =>
        resolveTier({ valueLength: 1, hasPolicies: true, requested: 'Standard', previous: undefined }),
      ),
    ).toBe('ValidationException');
  });

  it('limits values by tier', () => {
    expect(codeOf(() => checkValue('x'.repeat(4096), 'Standard'))).toBeUndefined();
    expect(codeOf(() => checkValue('x'.repeat(4097), 'Standard'))).toBe('ValidationException');
    expect(codeOf(() => checkValue('x'.repeat(8192), 'Advanced'))).toBeUndefined();
    expect(codeOf(() => checkValue('x'.repeat(8193), 'Advanced'))).toBe('ValidationException');
  });

  it('matches AllowedPattern against the whole value', () => {
    expect(codeOf(() => checkAllowedPattern('\\d+', '123'))).toBeUndefined();
    expect(codeOf(() => checkAllowedPattern('\\d+', '12a'))).toBe('ParameterPatternMismatchException');
    expect(codeOf(() => checkAllowedPattern('[', 'x'))).toBe('InvalidAllowedPatternException');
    expect(codeOf(() => checkAllowedPattern(undefined, 'x'))).toBeUndefined();
  });

  it('checks parameter policies', () => {
    const expiration = {
      Type: 'Expiration',
      Version: '1.0',
      Attributes: { Timestamp: '2030-01-01T00:00:00Z' },
    };
    expect(parsePolicies(JSON.stringify([expiration])).map((p) => p.type)).toEqual(['Expiration']);
    expect(codeOf(() => parsePolicies('not json'))).toBe('InvalidPolicyAttributeException');
    expect(codeOf(() => parsePolicies(JSON.stringify([expiration, expiration])))).toBe(
      'IncompatiblePolicyException',
    );
    expect(codeOf(() => parsePolicies(JSON.stringify(Array(11).fill(expiration))))).toBe(
      'PoliciesLimitExceededException',
    );
  });
});

describe('paging', () => {
  it('pages by sort key and refuses tokens it did not make', () => {
    const items = ['c', 'a', 'b', 'd'];
    const first = paginate({ items, sortKey: (s) => s, limit: 3, token: undefined });
    expect(first.items).toEqual(['a', 'b', 'c']);
    const second = paginate({ items: [...items, 'bb'], sortKey: (s) => s, limit: 3, token: first.nextToken });
    expect(second).toEqual({ items: ['d'] });
    expect(codeOf(() => paginate({ items, sortKey: (s) => s, limit: 3, token: 'forged' }))).toBe(
      'InvalidNextToken',
    );
  });
});
