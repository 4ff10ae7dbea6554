// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` here are IAM policy variables, not template literals.
import { describe, expect, it } from 'vitest';
import {
  compileArnPattern,
  matchArn,
  parsePrincipalArn,
  splitArn,
} from '../../../src/local-cloud/iam/arn.js';
import { parseTemplate, resolveTemplate } from '../../../src/local-cloud/iam/template.js';
import { compileGlob, matchGlob } from '../../../src/local-cloud/iam/wildcard.js';

const glob = (p: string, v: string) => matchGlob(compileGlob(p), v);
const arn = (p: string, v: string) => matchArn(compileArnPattern(compileGlob(p)), v);

describe('wildcard globs', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything:at/all', true],
    ['s3:Get*', 's3:GetObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['s3:*Object*', 's3:GetObjectVersion', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a?c', 'abbc', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['*log*', 'production-logs', true],
    ['exact', 'exact', true],
    ['exact', 'Exact', false],
    ['', '', true],
    ['', 'x', false],
    ['**', 'x', true],
    ['a*', 'a', true],
  ])('%s ~ %s → %s', (p, v, expected) => {
    expect(glob(p, v)).toBe(expected);
  });

  it('does not blow up on many stars against a long non-matching value', () => {
    expect(glob('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
  });

  it('matches case-insensitively when compiled with ignoreCase and the value is lower-cased', () => {
    expect(matchGlob(compileGlob('S3:GetObject', { ignoreCase: true }), 's3:getobject')).toBe(true);
  });
});

describe('ARN matching, part by part', () => {
  it('splits six parts, keeping colons of the resource part', () => {
    expect(splitArn('arn:aws:logs:eu-west-1:111122223333:log-group:/aws/x:*')).toEqual([
      'arn',
      'aws',
      'logs',
      'eu-west-1',
      '111122223333',
      'log-group:/aws/x:*',
    ]);
    expect(splitArn('not-an-arn')).toBeUndefined();
    expect(splitArn('urn:a:b:c:d:e')).toBeUndefined();
  });

  it('a star in one part does not span colons (docs: ArnLike vs StringLike example)', () => {
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
    const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    expect(arn(pattern, value)).toBe(false);
    expect(glob(pattern, value)).toBe(true);
  });

  it('a star in the resource part spans slashes', () => {
    expect(arn('arn:aws:s3:::artifacts/*', 'arn:aws:s3:::artifacts/a/b/c.zip')).toBe(true);
    expect(arn('arn:aws:s3:::artifacts/*', 'arn:aws:s3:::artifacts')).toBe(false);
    expect(arn('arn:aws:s3:::artifacts*', 'arn:aws:s3:::artifacts')).toBe(true);
  });

  it('matches role ARNs with paths and wildcards in the name', () => {
    expect(arn('arn:aws:iam::*:role/fleetpipe-*', 'arn:aws:iam::111122223333:role/fleetpipe-deploy')).toBe(
      true,
    );
    expect(arn('arn:aws:iam::*:role/fleetpipe-*', 'arn:aws:iam::111122223333:role/other')).toBe(false);
    expect(arn('arn:aws:iam::*:role/*/fleetpipe-*', 'arn:aws:iam::111122223333:role/ops/fleetpipe-x')).toBe(
      true,
    );
  });

  it('is case-sensitive', () => {
    expect(arn('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x')).toBe(false);
  });

  it('a value that is not an ARN only matches "*"', () => {
    expect(arn('*', 'whatever')).toBe(true);
    expect(arn('arn:aws:s3:::*', 'whatever')).toBe(false);
  });

  it('a pattern that is not ARN-shaped compares the whole string', () => {
    expect(arn('arn:*', 'arn:aws:s3:::bucket')).toBe(true);
  });
});

describe('principal ARNs', () => {
  it.each([
    ['arn:aws:iam::111122223333:root', 'root'],
    ['arn:aws:iam::111122223333:user/alice', 'user'],
    ['arn:aws:iam::111122223333:user/div/alice', 'user'],
    ['arn:aws:iam::111122223333:role/Deploy', 'role'],
    ['arn:aws:iam::111122223333:role/path/to/Deploy', 'role'],
    ['arn:aws:sts::111122223333:assumed-role/Deploy/s1', 'assumed-role'],
    ['arn:aws:sts::111122223333:federated-user/bob', 'federated-user'],
  ])('%s is a %s principal', (value, kind) => {
    expect(parsePrincipalArn(value)?.kind).toBe(kind);
  });

  it.each([
    'arn:aws:iam::1111:root',
    'arn:aws:s3:::bucket',
    'arn:aws:iam::111122223333:group/admins',
    'arn:aws:sts::111122223333:assumed-role/Deploy',
    'arn:aws:iam:eu-west-1:111122223333:role/x',
  ])('%s is not a principal ARN', (value) => {
    expect(parsePrincipalArn(value)).toBeUndefined();
  });
});

describe('policy variables in templates', () => {
  const lookup = (values: Record<string, string>) => (key: string) => values[key];

  it('substitutes a variable; key names are case-insensitive', () => {
    const t = parseTemplate('arn:aws:s3:::b/home/${AWS:UserName}/*', { wildcards: true, variables: true });
    const g = resolveTemplate(t, lookup({ 'aws:username': 'alice' }));
    expect(g && matchGlob(g, 'arn:aws:s3:::b/home/alice/notes.txt')).toBe(true);
    expect(g && matchGlob(g, 'arn:aws:s3:::b/home/bob/notes.txt')).toBe(false);
  });

  it('a variable without value resolves to nothing, unless a default is given', () => {
    const t = parseTemplate('bucket-${aws:PrincipalTag/team}', { wildcards: false, variables: true });
    expect(resolveTemplate(t, lookup({}))).toBeUndefined();
    const d = parseTemplate("bucket-${aws:PrincipalTag/team, 'company-wide'}", {
      wildcards: false,
      variables: true,
    });
    expect(resolveTemplate(d, lookup({}))?.text).toBe('bucket-company-wide');
    expect(resolveTemplate(d, lookup({ 'aws:principaltag/team': 'yellow' }))?.text).toBe('bucket-yellow');
  });

  it('${*}, ${?} and ${$} are literal characters, not wildcards', () => {
    const t = parseTemplate('a${*}b${?}c${$}', { wildcards: true, variables: true });
    const g = resolveTemplate(t, lookup({}))!;
    expect(matchGlob(g, 'a*b?c$')).toBe(true);
    expect(matchGlob(g, 'aXXbYc$')).toBe(false);
  });

  it('substituted values are literal even when they contain wildcard characters', () => {
    const t = parseTemplate('${aws:PrincipalTag/p}', { wildcards: true, variables: true });
    const g = resolveTemplate(t, lookup({ 'aws:principaltag/p': 'a*' }))!;
    expect(matchGlob(g, 'a*')).toBe(true);
    expect(matchGlob(g, 'abc')).toBe(false);
  });

  it('with variables off (Version 2008-10-17) ${...} is plain text', () => {
    const t = parseTemplate('home/${aws:username}', { wildcards: true, variables: false });
    expect(t.glob?.text).toBe('home/${aws:username}');
  });

  it('an unterminated ${ is plain text', () => {
    const t = parseTemplate('a${b', { wildcards: false, variables: true });
    expect(t.glob?.text).toBe('a${b');
  });
});
