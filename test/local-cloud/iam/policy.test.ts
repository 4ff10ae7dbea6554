import { describe, expect, it } from 'vitest';
import {
  PolicyCache,
  PolicyError,
  type PolicyGrammar,
  parsePolicy,
  validatePolicy,
} from '../../../src/local-cloud/iam/index.js';

const S = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

function errorOf(text: string, grammar: PolicyGrammar = 'identity'): PolicyError {
  const result = validatePolicy(text, grammar);
  if (result.ok) throw new Error('expected the policy to be malformed');
  return result.error;
}

describe('parsing valid policies', () => {
  it('accepts a single statement object and string or list elements', () => {
    const policy = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: ['arn:aws:s3:::b/*'] },
      },
      'identity',
    );
    expect(policy.statements).toHaveLength(1);
    expect(policy.statements[0]?.effect).toBe('Allow');
  });

  it('accepts a policy without Version (legacy 2008-10-17 behaviour) and with Id and Sid', () => {
    const policy = parsePolicy(
      JSON.stringify({
        Id: 'p1',
        Statement: [{ Sid: 'One', Effect: 'Deny', NotAction: 'iam:*', NotResource: '*' }],
      }),
      'identity',
    );
    expect(policy.version).toBeUndefined();
    expect(policy.id).toBe('p1');
    expect(policy.statements[0]?.sid).toBe('One');
    expect(policy.statements[0]?.actions.negated).toBe(true);
    expect(policy.statements[0]?.resources?.negated).toBe(true);
  });

  it('accepts a trust policy without Resource', () => {
    const trust = S({
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    expect(validatePolicy(trust, 'trust').ok).toBe(true);
  });

  it('accepts condition values given as numbers and booleans, and keys with several colons', () => {
    const text = S({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        Bool: { 'aws:SecureTransport': true },
        NumericLessThan: { 's3:max-keys': 10 },
        StringEquals: { 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::b' },
      },
    });
    expect(validatePolicy(text, 'identity').ok).toBe(true);
  });
});

describe('malformed policies, worded as IAM words them', () => {
  it('invalid JSON → Syntax errors in policy.', () => {
    const error = errorOf('{"Version": "2012-10-17", "Statement": [');
    expect(error).toBeInstanceOf(PolicyError);
    expect(error.code).toBe('MalformedPolicyDocument');
    expect(error.message).toBe('Syntax errors in policy.');
    expect(error.detail).toMatch(/not valid JSON/);
  });

  it.each([
    ['not an object', '[]'],
    ['unknown top-level element', JSON.stringify({ Version: '2012-10-17', Statement: [], Extra: 1 })],
    [
      'unsupported version',
      JSON.stringify({ Version: '2012-10-18', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }),
    ],
    ['missing Statement', JSON.stringify({ Version: '2012-10-17' })],
    ['empty Statement list', JSON.stringify({ Version: '2012-10-17', Statement: [] })],
    ['unknown statement element', S({ Effect: 'Allow', Action: '*', Resource: '*', Actions: 'x' })],
    ['Action and NotAction together', S({ Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' })],
    [
      'Resource and NotResource together',
      S({ Effect: 'Allow', Action: '*', Resource: '*', NotResource: '*' }),
    ],
    [
      'unknown condition operator',
      S({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEqualz: { 'aws:a': 'b' } } }),
    ],
    [
      'NullIfExists',
      S({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { NullIfExists: { 'aws:a': 'true' } } }),
    ],
    [
      'condition value object',
      S({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:a': { b: 1 } } } }),
    ],
    ['Action not a string', S({ Effect: 'Allow', Action: [1], Resource: '*' })],
    ['empty Action list', S({ Effect: 'Allow', Action: [], Resource: '*' })],
  ])('%s → Syntax errors in policy.', (_name, text) => {
    expect(errorOf(text).message).toBe('Syntax errors in policy.');
  });

  it('Principal in an identity policy', () => {
    const text = S({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' });
    expect(errorOf(text).message).toBe('Policy document should not specify a principal.');
    const notPrincipal = S({
      Effect: 'Deny',
      NotPrincipal: { AWS: '111122223333' },
      Action: '*',
      Resource: '*',
    });
    expect(errorOf(notPrincipal).message).toBe('Policy document should not specify a principal.');
  });

  it('missing Effect, and an Effect in the wrong case', () => {
    expect(errorOf(S({ Action: '*', Resource: '*' })).message).toBe('Missing required field Effect.');
    expect(errorOf(S({ Effect: 'allow', Action: '*', Resource: '*' })).message).toBe(
      'The policy failed legacy parsing',
    );
  });

  it('missing Action and missing Resource', () => {
    expect(errorOf(S({ Effect: 'Allow', Resource: '*' })).message).toBe(
      'Policy statement must contain actions.',
    );
    expect(errorOf(S({ Effect: 'Allow', Action: '*' })).message).toBe(
      'Policy statement must contain resources.',
    );
  });

  it('actions need exactly one colon after a vendor prefix', () => {
    expect(errorOf(S({ Effect: 'Allow', Action: 'GetObject', Resource: '*' })).message).toBe(
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    );
    expect(errorOf(S({ Effect: 'Allow', Action: 's3:Get:Object', Resource: '*' })).message).toBe(
      'Actions/Condition can contain only one colon.',
    );
  });

  it('a condition key needs a vendor prefix', () => {
    const text = S({
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { StringEquals: { SourceIp: 'x' } },
    });
    expect(errorOf(text).message).toBe(
      'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
    );
  });

  it('resources must be ARNs or "*"', () => {
    expect(errorOf(S({ Effect: 'Allow', Action: '*', Resource: 'my-bucket' })).message).toBe(
      'Resource my-bucket must be in ARN format or "*".',
    );
  });

  it('resource and trust policies need a Principal', () => {
    const text = S({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    expect(errorOf(text, 'resource').message).toBe('Missing required field Principal.');
    expect(errorOf(S({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust').message).toBe(
      'Missing required field Principal.',
    );
  });

  it('trust policies prohibit Resource and NotPrincipal', () => {
    const withResource = S({
      Effect: 'Allow',
      Principal: { AWS: '111122223333' },
      Action: 'sts:AssumeRole',
      Resource: '*',
    });
    expect(errorOf(withResource, 'trust').message).toBe('Has prohibited field Resource.');
    const withNotPrincipal = S({
      Effect: 'Deny',
      NotPrincipal: { AWS: '111122223333' },
      Action: 'sts:AssumeRole',
    });
    expect(errorOf(withNotPrincipal, 'trust').message).toBe('Has prohibited field NotPrincipal.');
  });

  it('principals must be "*", an account, an IAM/STS principal ARN, or a known principal type', () => {
    const bad = S({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:group/admins' },
      Action: 's3:*',
      Resource: '*',
    });
    expect(errorOf(bad, 'resource').message).toBe(
      'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/admins"',
    );
    const partial = S({
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::111122223333:role/fleet*' },
      Action: 's3:*',
      Resource: '*',
    });
    expect(errorOf(partial, 'resource').message).toBe(
      'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:role/fleet*"',
    );
    const unknownType = S({ Effect: 'Allow', Principal: { Robot: 'x' }, Action: 's3:*', Resource: '*' });
    expect(errorOf(unknownType, 'resource').message).toBe('Syntax errors in policy.');
  });

  it('names the statement in detail', () => {
    const text = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Sid: 'Broken', Effect: 'Allow', Resource: '*' },
      ],
    });
    expect(errorOf(text).detail).toBe('Statement[1] (Broken)');
  });

  it('parsePolicy throws the PolicyError', () => {
    expect(() => parsePolicy('nope', 'identity')).toThrow(PolicyError);
  });
});

describe('policy cache', () => {
  const text = S({ Effect: 'Allow', Action: '*', Resource: '*' });

  it('compiles a text once per grammar', () => {
    const cache = new PolicyCache(10);
    const a = cache.compile(text, 'identity');
    expect(cache.compile(text, 'identity')).toBe(a);
    expect(cache.size).toBe(1);
  });

  it('compiles a document object once', () => {
    const cache = new PolicyCache(10);
    const doc = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow' as const, Action: '*', Resource: '*' },
    };
    expect(cache.compile(doc, 'identity')).toBe(cache.compile(doc, 'identity'));
  });

  it('stays within its size, dropping the least recently used text', () => {
    const cache = new PolicyCache(2);
    const texts = ['a', 'b', 'c'].map((n) => S({ Sid: n, Effect: 'Allow', Action: '*', Resource: '*' }));
    const first = cache.compile(texts[0]!, 'identity');
    cache.compile(texts[1]!, 'identity');
    cache.compile(texts[0]!, 'identity'); // refresh: now texts[1] is the oldest
    cache.compile(texts[2]!, 'identity');
    expect(cache.size).toBe(2);
    expect(cache.compile(texts[0]!, 'identity')).toBe(first);
  });

  it('passes compiled policies through and never caches malformed ones', () => {
    const cache = new PolicyCache(10);
    const compiled = parsePolicy(text, 'identity');
    expect(cache.compile(compiled, 'identity')).toBe(compiled);
    expect(() => cache.compile('{', 'identity')).toThrow(PolicyError);
    expect(cache.size).toBe(0);
  });
});
