import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authFailureError } from '../../../src/local-cloud/auth/auth-errors.js';
import type { CredentialRecord } from '../../../src/local-cloud/auth/credentials.js';
import { type SigV4Outcome, type SigV4Request, verifySigV4 } from '../../../src/local-cloud/auth/sigv4.js';
import { encodeQuery, signRequest, type WireRequest } from '../http/fixtures.js';

// AWS's documentation examples use these credentials.
const DOC_S3 = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};
const DOC_IAM = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const KEY = { accessKeyId: 'AKIATESTKEY000000001', secretAccessKey: 'test/secret+key' };
const ENDPOINT = 'http://127.0.0.1:4566';
const T0 = new Date('2030-01-02T03:04:05Z');

function lookup(records: Record<string, CredentialRecord>) {
  return (id: string) => records[id];
}

const defaultLookup = lookup({
  [DOC_S3.accessKeyId]: { secretAccessKey: DOC_S3.secretAccessKey },
  [DOC_IAM.accessKeyId]: { secretAccessKey: DOC_IAM.secretAccessKey },
  [KEY.accessKeyId]: { secretAccessKey: KEY.secretAccessKey, arn: 'arn:aws:iam::123456789012:user/tester' },
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function wire(request: WireRequest): SigV4Request {
  return {
    method: request.method,
    rawPath: request.path,
    rawQuery: request.query ? encodeQuery(request.query) : '',
    headers: Object.entries(request.headers ?? {}),
    body: Buffer.from(request.body ?? ''),
  };
}

function reason(outcome: SigV4Outcome): string {
  return outcome.status === 'failed' ? outcome.failure.reason : outcome.status;
}

async function sign(
  request: WireRequest,
  options: { service: string; at?: Date; expiresIn?: number; sessionToken?: string },
) {
  return signRequest(request, {
    endpoint: ENDPOINT,
    service: options.service,
    signingDate: options.at ?? T0,
    presignExpiresIn: options.expiresIn,
    credentials: { ...KEY, sessionToken: options.sessionToken },
  });
}

describe('verifySigV4 against AWS documentation examples', () => {
  it('verifies the IAM ListUsers GET example', async () => {
    const outcome = await verifySigV4({
      request: {
        method: 'GET',
        rawPath: '/',
        rawQuery: 'Action=ListUsers&Version=2010-05-08',
        headers: [
          ['Host', 'iam.amazonaws.com'],
          ['Content-Type', 'application/x-www-form-urlencoded; charset=utf-8'],
          ['X-Amz-Date', '20150830T123600Z'],
          [
            'Authorization',
            'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
          ],
        ],
        body: Buffer.alloc(0),
      },
      lookup: defaultLookup,
      now: new Date('2015-08-30T12:36:00Z'),
    });
    expect(outcome).toMatchObject({
      status: 'verified',
      caller: {
        type: 'Credentials',
        accessKeyId: 'AKIDEXAMPLE',
        signature: { method: 'header', service: 'iam', region: 'us-east-1', amzDate: '20150830T123600Z' },
      },
      payload: { kind: 'hashed' },
    });
  });

  it('verifies the S3 GET Object example (Range header, empty payload hash)', async () => {
    const outcome = await verifySigV4({
      request: {
        method: 'GET',
        rawPath: '/test.txt',
        rawQuery: '',
        headers: [
          ['Host', 'examplebucket.s3.amazonaws.com'],
          ['Range', 'bytes=0-9'],
          ['x-amz-content-sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
          ['x-amz-date', '20130524T000000Z'],
          [
            'Authorization',
            'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
          ],
        ],
        body: Buffer.alloc(0),
      },
      lookup: defaultLookup,
      now: new Date('2013-05-24T00:00:00Z'),
    });
    expect(reason(outcome)).toBe('verified');
  });

  it('verifies the S3 PUT Object example (key encoded once, Date header signed)', async () => {
    const body = Buffer.from('Welcome to Amazon S3.');
    const outcome = await verifySigV4({
      request: {
        method: 'PUT',
        rawPath: '/test%24file.text',
        rawQuery: '',
        headers: [
          ['Host', 'examplebucket.s3.amazonaws.com'],
          ['Date', 'Fri, 24 May 2013 00:00:00 GMT'],
          ['x-amz-date', '20130524T000000Z'],
          ['x-amz-storage-class', 'REDUCED_REDUNDANCY'],
          ['x-amz-content-sha256', '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072'],
          [
            'Authorization',
            'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
          ],
        ],
        body,
      },
      lookup: defaultLookup,
      now: new Date('2013-05-24T00:00:00Z'),
    });
    expect(reason(outcome)).toBe('verified');
  });

  const presignedExample: SigV4Request = {
    method: 'GET',
    rawPath: '/test.txt',
    rawQuery:
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
    headers: [['Host', 'examplebucket.s3.amazonaws.com']],
    body: Buffer.alloc(0),
  };

  it('verifies the S3 presigned URL example within its lifetime and refuses it after', async () => {
    const valid = await verifySigV4({
      request: presignedExample,
      lookup: defaultLookup,
      now: new Date('2013-05-24T23:59:59Z'),
    });
    expect(valid).toMatchObject({ status: 'verified', caller: { signature: { method: 'presigned' } } });
    const expired = await verifySigV4({
      request: presignedExample,
      lookup: defaultLookup,
      now: new Date('2013-05-25T00:00:01Z'),
    });
    expect(reason(expired)).toBe('PresignedExpired');
    if (expired.status !== 'failed') throw new Error('unreachable');
    const error = authFailureError(expired.failure, 's3');
    expect(error).toMatchObject({ code: 'AccessDenied', message: 'Request has expired', status: 403 });
    expect(error.fields).toMatchObject({ 'X-Amz-Expires': '86400', Expires: '2013-05-25T00:00:00Z' });
  });
});

describe('verifySigV4 with requests signed by @smithy/signature-v4', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('verifies a header-signed POST and rejects a tampered body or query', async () => {
    const signed = await sign(
      { method: 'POST', path: '/', query: { extra: 'a b' }, headers: form, body: 'Action=GetCallerIdentity' },
      { service: 'sts' },
    );
    expect(reason(await verifySigV4({ request: wire(signed), lookup: defaultLookup, now: T0 }))).toBe(
      'verified',
    );
    const tamperedBody = { ...signed, body: 'Action=GetCallerIdentitz' };
    expect(reason(await verifySigV4({ request: wire(tamperedBody), lookup: defaultLookup, now: T0 }))).toBe(
      'SignatureMismatch',
    );
    const tamperedQuery = { ...signed, query: { extra: 'a c' } };
    expect(reason(await verifySigV4({ request: wire(tamperedQuery), lookup: defaultLookup, now: T0 }))).toBe(
      'SignatureMismatch',
    );
  });

  it('canonicalises header values (trim, collapse spaces, join repeats) and query order', async () => {
    const signed = await sign(
      {
        method: 'GET',
        path: '/',
        query: { b: '2', a: '1' },
        headers: { 'x-amz-meta-note': 'one two three' },
      },
      { service: 'sts' },
    );
    const request = wire(signed);
    const spaced: SigV4Request = {
      ...request,
      rawQuery: 'a=1&b=2',
      headers: request.headers.map(([n, v]) =>
        n === 'x-amz-meta-note' ? [n, '  one   two\tthree '] : [n, v],
      ),
    };
    expect(reason(await verifySigV4({ request: spaced, lookup: defaultLookup, now: T0 }))).toBe('verified');
  });

  it('double-encodes non-S3 paths and removes dot segments', async () => {
    const signed = await sign(
      { method: 'GET', path: '/2015-03-31/functions/arn%3Aaws%3Alambda%3Afn/a%20b' },
      { service: 'lambda' },
    );
    expect(reason(await verifySigV4({ request: wire(signed), lookup: defaultLookup, now: T0 }))).toBe(
      'verified',
    );
    const dotted = {
      ...wire(signed),
      rawPath: '/2015-03-31/./functions/x/../arn%3Aaws%3Alambda%3Afn//a%20b',
    };
    expect(reason(await verifySigV4({ request: dotted, lookup: defaultLookup, now: T0 }))).toBe('verified');
  });

  it('signs S3 keys exactly as sent, and accepts reserved characters the client left unencoded', async () => {
    const emptyHash = sha256('');
    const signed = await sign(
      {
        method: 'GET',
        path: '/bucket/a%20b%2Bc/%C3%BC%28x%29',
        headers: { 'x-amz-content-sha256': emptyHash },
      },
      { service: 's3' },
    );
    expect(reason(await verifySigV4({ request: wire(signed), lookup: defaultLookup, now: T0 }))).toBe(
      'verified',
    );
    const unencoded = { ...wire(signed), rawPath: '/bucket/a%20b%2Bc/%C3%BC(x)' };
    expect(reason(await verifySigV4({ request: unencoded, lookup: defaultLookup, now: T0 }))).toBe(
      'verified',
    );
    const dotted = { ...wire(signed), rawPath: '/bucket/./a%20b%2Bc/%C3%BC%28x%29' };
    expect(reason(await verifySigV4({ request: dotted, lookup: defaultLookup, now: T0 }))).toBe(
      'SignatureMismatch',
    );
  });

  it('enforces the 15-minute clock skew both ways', async () => {
    const signed = await sign(
      { method: 'GET', path: '/', query: { Action: 'GetCallerIdentity' } },
      { service: 'sts' },
    );
    const at = (ms: number) => new Date(T0.getTime() + ms);
    expect(
      reason(await verifySigV4({ request: wire(signed), lookup: defaultLookup, now: at(15 * 60_000) })),
    ).toBe('verified');
    const late = await verifySigV4({
      request: wire(signed),
      lookup: defaultLookup,
      now: at(15 * 60_000 + 1000),
    });
    expect(reason(late)).toBe('RequestTimeTooSkewed');
    if (late.status !== 'failed') throw new Error('unreachable');
    expect(late.failure.message).toBe(
      'Signature expired: 20300102T030405Z is now earlier than 20300102T030406Z (20300102T031906Z - 15 min.)',
    );
    expect(
      reason(await verifySigV4({ request: wire(signed), lookup: defaultLookup, now: at(-16 * 60_000) })),
    ).toBe('RequestTimeTooSkewed');
  });

  it('checks presigned lifetimes, future dates and the one-week maximum', async () => {
    const presigned = await sign(
      { method: 'GET', path: '/', query: { Action: 'GetCallerIdentity' } },
      { service: 'sts', expiresIn: 60 },
    );
    const at = (ms: number) => new Date(T0.getTime() + ms);
    expect(
      reason(await verifySigV4({ request: wire(presigned), lookup: defaultLookup, now: at(60_000) })),
    ).toBe('verified');
    expect(
      reason(await verifySigV4({ request: wire(presigned), lookup: defaultLookup, now: at(61_000) })),
    ).toBe('PresignedExpired');
    expect(
      reason(await verifySigV4({ request: wire(presigned), lookup: defaultLookup, now: at(-16 * 60_000) })),
    ).toBe('PresignedNotYetValid');
    const tooLong = { ...presigned, query: { ...presigned.query, 'X-Amz-Expires': '604801' } };
    expect(reason(await verifySigV4({ request: wire(tooLong), lookup: defaultLookup, now: T0 }))).toBe(
      'InvalidExpires',
    );
  });

  it('requires exactly the session token of temporary credentials, and refuses them once expired', async () => {
    const records = lookup({
      [KEY.accessKeyId]: {
        secretAccessKey: KEY.secretAccessKey,
        sessionToken: 'the-token',
        expiresAt: new Date(T0.getTime() + 1000),
      },
    });
    const good = await sign({ method: 'GET', path: '/' }, { service: 'sts', sessionToken: 'the-token' });
    expect(reason(await verifySigV4({ request: wire(good), lookup: records, now: T0 }))).toBe('verified');
    const wrong = await sign({ method: 'GET', path: '/' }, { service: 'sts', sessionToken: 'another' });
    expect(reason(await verifySigV4({ request: wire(wrong), lookup: records, now: T0 }))).toBe(
      'InvalidSessionToken',
    );
    const none = await sign({ method: 'GET', path: '/' }, { service: 'sts' });
    expect(reason(await verifySigV4({ request: wire(none), lookup: records, now: T0 }))).toBe(
      'InvalidSessionToken',
    );
    expect(
      reason(await verifySigV4({ request: wire(good), lookup: records, now: new Date(T0.getTime() + 1000) })),
    ).toBe('ExpiredToken');
    // A token sent with long-term credentials is refused too.
    const stray = await sign({ method: 'GET', path: '/' }, { service: 'sts', sessionToken: 'stray' });
    expect(reason(await verifySigV4({ request: wire(stray), lookup: defaultLookup, now: T0 }))).toBe(
      'InvalidSessionToken',
    );
  });

  it('reports unknown keys and requests without any signature', async () => {
    const signed = await sign({ method: 'GET', path: '/' }, { service: 'sts' });
    expect(reason(await verifySigV4({ request: wire(signed), lookup: () => undefined, now: T0 }))).toBe(
      'UnknownAccessKey',
    );
    const anonymous = await verifySigV4({
      request: { ...wire(signed), headers: [['host', 'x']] },
      lookup: defaultLookup,
      now: T0,
    });
    expect(anonymous).toEqual({ status: 'anonymous' });
  });

  it('recognises S3 payload modes and checks a declared payload hash against the body', async () => {
    const streaming = await sign(
      {
        method: 'PUT',
        path: '/b/k',
        headers: { 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' },
        body: 'raw',
      },
      { service: 's3' },
    );
    expect(await verifySigV4({ request: wire(streaming), lookup: defaultLookup, now: T0 })).toMatchObject({
      status: 'verified',
      payload: { kind: 'streaming', mode: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' },
    });
    const unsigned = await sign(
      {
        method: 'PUT',
        path: '/b/k',
        headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
        body: 'anything',
      },
      { service: 's3' },
    );
    const changed = { ...wire(unsigned), body: Buffer.from('something else') };
    expect(await verifySigV4({ request: changed, lookup: defaultLookup, now: T0 })).toMatchObject({
      status: 'verified',
      payload: { kind: 'unsigned' },
    });
    const hashed = await sign(
      { method: 'PUT', path: '/b/k', headers: { 'x-amz-content-sha256': sha256('data') }, body: 'data' },
      { service: 's3' },
    );
    expect(
      reason(
        await verifySigV4({
          request: { ...wire(hashed), body: Buffer.from('date') },
          lookup: defaultLookup,
          now: T0,
        }),
      ),
    ).toBe('ContentSha256Mismatch');
    const bogus = await sign(
      { method: 'PUT', path: '/b/k', headers: { 'x-amz-content-sha256': 'NOT-A-HASH' }, body: 'data' },
      { service: 's3' },
    );
    expect(reason(await verifySigV4({ request: wire(bogus), lookup: defaultLookup, now: T0 }))).toBe(
      'InvalidContentSha256',
    );
  });
});

describe('verifySigV4 with malformed authorization', () => {
  const base: SigV4Request = {
    method: 'GET',
    rawPath: '/',
    rawQuery: '',
    headers: [
      ['host', 'localhost'],
      ['x-amz-date', '20300102T030405Z'],
    ],
    body: Buffer.alloc(0),
  };
  const withAuth = (authorization: string, extra: [string, string][] = []): SigV4Request => ({
    ...base,
    headers: [...base.headers, ...extra, ['authorization', authorization]],
  });
  const check = async (request: SigV4Request) =>
    reason(await verifySigV4({ request, lookup: defaultLookup, now: T0 }));
  const credential = `Credential=${KEY.accessKeyId}/20300102/us-east-1/sts/aws4_request`;

  it('names each problem', async () => {
    expect(await check(withAuth(`AWS ${KEY.accessKeyId}:c2lnbmF0dXJl`))).toBe('UnsupportedAlgorithm');
    expect(await check(withAuth(`AWS4-HMAC-SHA256 ${credential}, SignedHeaders=host;x-amz-date`))).toBe(
      'MalformedAuthorization',
    );
    expect(
      await check(
        withAuth(
          `AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/20300102/us-east-1, SignedHeaders=host, Signature=ab`,
        ),
      ),
    ).toBe('MalformedCredential');
    expect(
      await check(
        withAuth(
          `AWS4-HMAC-SHA256 Credential=${KEY.accessKeyId}/20300101/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=ab`,
        ),
      ),
    ).toBe('ScopeDateMismatch');
    expect(
      await check(withAuth(`AWS4-HMAC-SHA256 ${credential}, SignedHeaders=x-amz-date, Signature=ab`)),
    ).toBe('MalformedAuthorization');
    expect(
      await check({
        ...withAuth(`AWS4-HMAC-SHA256 ${credential}, SignedHeaders=host, Signature=ab`),
        rawQuery: 'X-Amz-Algorithm=AWS4-HMAC-SHA256',
      }),
    ).toBe('ConflictingAuth');
    expect(
      await check({
        ...base,
        headers: [
          ['host', 'localhost'],
          ['authorization', `AWS4-HMAC-SHA256 ${credential}, SignedHeaders=host, Signature=ab`],
        ],
      }),
    ).toBe('MissingDate');
    expect(
      await check(
        withAuth(`AWS4-HMAC-SHA256 ${credential}, SignedHeaders=host;x-amz-date;x-absent, Signature=ab`),
      ),
    ).toBe('SignatureMismatch');
  });
});
