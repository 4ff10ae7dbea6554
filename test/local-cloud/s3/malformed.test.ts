import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawResponse, send, signRequest, type WireRequest } from '../http/fixtures.js';
import { PRINCIPALS, type S3Harness, startS3Harness } from './harness.js';

const contentMd5 = (body: string) => createHash('md5').update(body).digest('base64');

describe('S3 answers malformed and unsupported requests with 4xx/501, never a crash', () => {
  let h: S3Harness;
  const bucket = 'malformed-bucket';

  async function signed(request: WireRequest): Promise<RawResponse> {
    const { accessKeyId, secretAccessKey } = PRINCIPALS.rootA;
    const body = request.body ?? '';
    const withHash = {
      ...request,
      body,
      headers: {
        'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
        ...(request.headers ?? {}),
      },
    };
    const ready = await signRequest(withHash, {
      endpoint: h.cloud.endpoint,
      service: 's3',
      credentials: { accessKeyId, secretAccessKey },
      signingDate: new Date(),
    });
    return send(h.cloud.endpoint, ready);
  }

  const errorCode = (res: RawResponse) => /<Code>([^<]+)<\/Code>/.exec(res.body)?.[1];

  beforeAll(async () => {
    h = await startS3Harness();
    expect((await signed({ method: 'PUT', path: `/${bucket}` })).status).toBe(200);
  });
  afterAll(() => h.close());

  it.each([
    [
      'CreateBucket with broken XML',
      { method: 'PUT', path: '/other-bucket', body: '<CreateBucketConfiguration><Loc' },
      400,
      'MalformedXML',
    ],
    [
      'CreateBucket with the wrong root element',
      { method: 'PUT', path: '/other-bucket', body: '<Nope/>' },
      400,
      'MalformedXML',
    ],
    [
      'PutBucketVersioning with an unknown status',
      {
        method: 'PUT',
        path: `/${bucket}`,
        query: { versioning: '' },
        body: '<VersioningConfiguration><Status>On</Status></VersioningConfiguration>',
      },
      400,
      'MalformedXML',
    ],
    [
      'PutBucketEncryption with an unknown algorithm',
      {
        method: 'PUT',
        path: `/${bucket}`,
        query: { encryption: '' },
        body: '<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>ROT13</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>',
      },
      400,
      'MalformedXML',
    ],
    [
      'DeleteObjects without Content-MD5',
      { method: 'POST', path: `/${bucket}`, query: { delete: '' }, body: '<Delete/>' },
      400,
      'InvalidRequest',
    ],
    [
      'DeleteObjects with no objects',
      {
        method: 'POST',
        path: `/${bucket}`,
        query: { delete: '' },
        body: '<Delete/>',
        headers: { 'content-md5': contentMd5('<Delete/>') },
      },
      400,
      'MalformedXML',
    ],
    [
      'DeleteObjects with an XXE attempt',
      {
        method: 'POST',
        path: `/${bucket}`,
        query: { delete: '' },
        body: '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Delete><Object><Key>&x;</Key></Object></Delete>',
        headers: {
          'content-md5': contentMd5(
            '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Delete><Object><Key>&x;</Key></Object></Delete>',
          ),
        },
      },
      400,
      'MalformedXML',
    ],
    [
      'PutBucketPolicy with a non-JSON body',
      { method: 'PUT', path: `/${bucket}`, query: { policy: '' }, body: 'allow all' },
      400,
      'MalformedPolicy',
    ],
    [
      'CompleteMultipartUpload with an unknown upload',
      {
        method: 'POST',
        path: `/${bucket}/k`,
        query: { uploadId: 'nope' },
        body: '<CompleteMultipartUpload/>',
      },
      404,
      'NoSuchUpload',
    ],
    [
      'ListObjectsV2 with max-keys=abc',
      { method: 'GET', path: `/${bucket}`, query: { 'list-type': '2', 'max-keys': 'abc' } },
      400,
      'InvalidArgument',
    ],
    [
      'GetObject with partNumber=0',
      { method: 'GET', path: `/${bucket}/k`, query: { partNumber: '0' } },
      400,
      'InvalidArgument',
    ],
    [
      'UploadPart with partNumber=10001',
      { method: 'PUT', path: `/${bucket}/k`, query: { partNumber: '10001', uploadId: 'x' }, body: 'x' },
      400,
      'InvalidArgument',
    ],
    [
      'PutObject with an unknown SSE algorithm',
      {
        method: 'PUT',
        path: `/${bucket}/k`,
        body: 'x',
        headers: { 'x-amz-server-side-encryption': 'rot13' },
      },
      400,
      'InvalidArgument',
    ],
    [
      'PutObject with a key over 1024 bytes',
      { method: 'PUT', path: `/${bucket}/${'k'.repeat(1025)}`, body: 'x' },
      400,
      'KeyTooLongError',
    ],
    [
      'CopyObject with a source without a key',
      { method: 'PUT', path: `/${bucket}/k`, headers: { 'x-amz-copy-source': bucket } },
      400,
      'InvalidArgument',
    ],
    [
      'GetBucketLifecycleConfiguration',
      { method: 'GET', path: `/${bucket}`, query: { lifecycle: '' } },
      501,
      'NotImplemented',
    ],
    [
      'PutObjectAcl',
      { method: 'PUT', path: `/${bucket}/k`, query: { acl: '' }, body: '' },
      501,
      'NotImplemented',
    ],
    [
      'a POST object (browser form upload)',
      { method: 'POST', path: `/${bucket}`, body: 'form' },
      501,
      'NotImplemented',
    ],
    ['PUT on the service', { method: 'PUT', path: '/' }, 405, 'MethodNotAllowed'],
    ['PATCH on an object', { method: 'PATCH', path: `/${bucket}/k`, body: 'x' }, 405, 'MethodNotAllowed'],
  ] as [string, WireRequest, number, string][])('%s', async (_what, request, status, code) => {
    const res = await signed(request);
    expect(res.status).toBe(status);
    expect(errorCode(res)).toBe(code);
    expect(res.headers['x-amz-request-id']).toBeDefined();
  });

  it('stores binary/octet-stream when PutObject sends no Content-Type', async () => {
    expect((await signed({ method: 'PUT', path: `/${bucket}/typeless`, body: 'x' })).status).toBe(200);
    const got = await signed({ method: 'GET', path: `/${bucket}/typeless` });
    expect(got.headers['content-type']).toBe('binary/octet-stream');
  });

  it('answers the wrong Content-MD5 with BadDigest', async () => {
    const res = await signed({
      method: 'PUT',
      path: `/${bucket}/md5`,
      body: 'abc',
      headers: { 'content-md5': contentMd5('abd') },
    });
    expect(res.status).toBe(400);
    expect(errorCode(res)).toBe('BadDigest');
  });

  it('answers HEAD errors without a body', async () => {
    const res = await signed({ method: 'HEAD', path: `/${bucket}/absent` });
    expect(res.status).toBe(404);
    expect(res.body).toBe('');
  });

  it('still serves requests afterwards', async () => {
    const res = await signed({ method: 'GET', path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toContain(`<Name>${bucket}</Name>`);
  });
});
