import { describe, expect, it } from 'vitest';
import { classifyRequest, type ProtocolHints, s3Address } from '../../../src/local-cloud/http/protocols.js';
import type { HttpRequestHead } from '../../../src/local-cloud/http/types.js';

function head(overrides: Partial<HttpRequestHead> & { headers?: Record<string, string> }): HttpRequestHead {
  const headers = overrides.headers ?? {};
  return {
    method: 'POST',
    rawPath: '/',
    rawQuery: '',
    rawHeaders: Object.entries(headers),
    sourceIp: '127.0.0.1',
    secure: false,
    ...overrides,
    headers,
  };
}

const hints: ProtocolHints = {
  protocolOf: (service) => ({ sts: 'query', kms: 'json', lambda: 'rest-json' })[service] as never,
  serviceOfTarget: (target) => (target.startsWith('TrentService.') ? 'kms' : undefined),
  serviceOfRestRoute: (_method, path) => (path.startsWith('/2015-03-31/') ? 'lambda' : undefined),
};

describe('classifyRequest', () => {
  it('trusts the signing service', () => {
    expect(classifyRequest(head({}), 's3', hints)).toEqual({ protocol: 'rest-xml', service: 's3' });
    expect(classifyRequest(head({}), 'sts', hints)).toEqual({ protocol: 'query', service: 'sts' });
    expect(classifyRequest(head({}), 'lambda', hints)).toEqual({ protocol: 'rest-json', service: 'lambda' });
  });

  it('falls back to headers and body shape for services without handlers', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    expect(classifyRequest(head({ headers: form }), 'elasticloadbalancing', hints).protocol).toBe('query');
    expect(classifyRequest(head({ rawQuery: 'Action=Describe' }), 'ec2x', hints).protocol).toBe('query');
    expect(classifyRequest(head({ headers: { 'x-amz-target': 'X.Y' } }), 'newsvc', hints).protocol).toBe(
      'json',
    );
    expect(
      classifyRequest(head({ headers: { 'content-type': 'application/x-amz-json-1.0' } }), 'newsvc', hints)
        .protocol,
    ).toBe('json');
    expect(classifyRequest(head({}), 'newsvc', hints).protocol).toBe('rest-json');
  });

  it('classifies unsigned requests by target, form, REST route, else S3', () => {
    expect(
      classifyRequest(head({ headers: { 'x-amz-target': 'TrentService.Encrypt' } }), undefined, hints),
    ).toEqual({
      protocol: 'json',
      service: 'kms',
    });
    expect(
      classifyRequest(
        head({ headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        undefined,
        hints,
      ),
    ).toEqual({ protocol: 'query', service: undefined });
    expect(
      classifyRequest(head({ method: 'GET', rawPath: '/2015-03-31/functions' }), undefined, hints),
    ).toEqual({
      protocol: 'rest-json',
      service: 'lambda',
    });
    expect(classifyRequest(head({ method: 'GET', rawPath: '/bucket/key' }), undefined, hints)).toEqual({
      protocol: 'rest-xml',
      service: 's3',
    });
  });
});

describe('s3Address', () => {
  const at = (host: string, rawPath: string) => s3Address({ host, rawPath, hostname: 'localhost' });

  it('reads path-style requests', () => {
    expect(at('127.0.0.1:4566', '/bucket/dir/a%20b.txt')).toEqual({
      style: 'path',
      bucket: 'bucket',
      key: 'dir/a b.txt',
      hostRegion: undefined,
    });
    expect(at('localhost:4566', '/bucket')).toMatchObject({ bucket: 'bucket', key: undefined });
    expect(at('localhost:4566', '/')).toMatchObject({ bucket: undefined, key: undefined });
    expect(at('s3.localhost:4566', '/b/k')).toMatchObject({ style: 'path', bucket: 'b', key: 'k' });
    expect(at('s3.eu-west-1.localhost', '/b/k')).toMatchObject({
      style: 'path',
      bucket: 'b',
      hostRegion: 'eu-west-1',
    });
    expect(at('[::1]:4566', '/b/a//b')).toMatchObject({ style: 'path', bucket: 'b', key: 'a//b' });
  });

  it('reads virtual-hosted requests', () => {
    expect(at('my-bucket.localhost:4566', '/k%2Fwith%2Fslashes')).toEqual({
      style: 'virtual',
      bucket: 'my-bucket',
      key: 'k/with/slashes',
      hostRegion: undefined,
    });
    expect(at('my.dotted.bucket.localhost', '/')).toMatchObject({
      bucket: 'my.dotted.bucket',
      key: undefined,
    });
    expect(at('b.s3.localhost', '/k')).toMatchObject({ style: 'virtual', bucket: 'b', key: 'k' });
    expect(at('b.s3.us-west-2.localhost', '/k')).toMatchObject({ bucket: 'b', hostRegion: 'us-west-2' });
    expect(at('b.s3.amazonaws.com', '/k')).toMatchObject({ style: 'virtual', bucket: 'b' });
    expect(at('B.LOCALHOST', '/')).toMatchObject({ bucket: 'b' });
  });

  it('answers InvalidURI for undecodable paths', () => {
    expect(() => at('localhost', '/bucket/%E0%A4%A')).toThrow(
      expect.objectContaining({ code: 'InvalidURI' }),
    );
  });
});
