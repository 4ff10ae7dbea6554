import { describe, expect, it } from 'vitest';
import {
  canonicalHeaders,
  canonicalQueryString,
  canonicalUriCandidates,
  normalizePath,
  percentDecodeBytes,
  uriEncode,
} from '../../../src/local-cloud/auth/canonical.js';

describe('SigV4 canonicalisation', () => {
  it('URI-encodes everything but unreserved characters, as UTF-8 with upper-case hex', () => {
    expect(uriEncode("AZaz09-_.~ !'()*/+=&ü")).toBe('AZaz09-_.~%20%21%27%28%29%2A%2F%2B%3D%26%C3%BC');
  });

  it('percent-decodes to bytes and keeps stray percent signs', () => {
    expect(percentDecodeBytes('a%2Fb%zz%4').toString('latin1')).toBe('a/b%zz%4');
    expect(percentDecodeBytes('%C3%BC').toString('utf8')).toBe('ü');
  });

  it('normalises paths for non-S3 services only', () => {
    expect(normalizePath('/a//b/./c/../d/')).toBe('/a/b/d/');
    expect(normalizePath('/..')).toBe('/');
    expect(canonicalUriCandidates('/a%20b//c', { s3: false })).toEqual(['/a%2520b/c']);
    expect(canonicalUriCandidates('', { s3: false })).toEqual(['/']);
    expect(canonicalUriCandidates('/b/a%20b//c', { s3: true })).toEqual(['/b/a%20b//c']);
    expect(canonicalUriCandidates('/b/a b(c)', { s3: true })).toEqual(['/b/a b(c)', '/b/a%20b%28c%29']);
  });

  it('sorts the query by name then value, re-encoding each and dropping the signature', () => {
    expect(canonicalQueryString('b=2&a=z&a=y&c&X-Amz-Signature=abc&sp%20ace=a+b', 'X-Amz-Signature')).toBe(
      'a=y&a=z&b=2&c=&sp%20ace=a%2Bb',
    );
    expect(canonicalQueryString('prefix=%7Efoo%2a&tagging')).toBe('prefix=~foo%2A&tagging=');
  });

  it('builds canonical header lines, joining repeats and reporting missing ones', () => {
    const headers: [string, string][] = [
      ['Host', 'example.com'],
      ['X-Multi', ' a  b '],
      ['x-multi', 'c'],
    ];
    expect(canonicalHeaders(headers, ['host', 'x-multi'])).toEqual({
      ok: true,
      text: 'host:example.com\nx-multi:a b,c\n',
    });
    expect(canonicalHeaders(headers, ['host', 'x-absent'])).toEqual({ ok: false, missing: 'x-absent' });
  });
});
