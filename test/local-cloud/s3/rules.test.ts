/** The pure decisions behind S3: names, key order, ranges, preconditions, listing walks, routing, ETags. */
import { describe, expect, it } from 'vitest';
import { computeChecksum } from '../../../src/local-cloud/http/index.js';
import { compositeChecksum, multipartEtag } from '../../../src/local-cloud/services/s3/checksums.js';
import { evaluateReadConditions, parseRange } from '../../../src/local-cloud/services/s3/conditional.js';
import { takeEntries, walkKeys } from '../../../src/local-cloud/services/s3/listing.js';
import { bucketNameProblem, compareKeys } from '../../../src/local-cloud/services/s3/names.js';
import { routeS3 } from '../../../src/local-cloud/services/s3/router.js';

describe('bucket names', () => {
  it.each(['abc', 'my-bucket.example', 'a'.repeat(63), '1bucket9'])('accepts %s', (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });
  it.each([
    ['ab', 'must be 3 to 63'],
    ['MyBucket', 'lower-case'],
    ['a..b', 'adjacent dots'],
    ['10.0.0.1', 'IP address'],
    ['sthree-x', 'sthree-'],
    ['x--ol-s3', '--ol-s3'],
    ['.dot', 'begin and end'],
  ])('refuses %s (%s)', (name, why) => {
    expect(bucketNameProblem(name)).toContain(why);
  });
});

describe('key order', () => {
  it('orders by UTF-8 bytes, astral characters after the top of the BMP', () => {
    const keys = ['b', '\u{1F600}', '\uFFFD', 'a/b', 'a', 'ä', 'a-'];
    const expected = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...keys].sort(compareKeys)).toEqual(expected);
  });
});

describe('ranges', () => {
  it.each([
    ['bytes=0-0', { kind: 'partial', start: 0, end: 0 }],
    ['bytes=5-', { kind: 'partial', start: 5, end: 9 }],
    ['bytes=-4', { kind: 'partial', start: 6, end: 9 }],
    ['bytes=-20', { kind: 'partial', start: 0, end: 9 }],
    ['bytes=3-100', { kind: 'partial', start: 3, end: 9 }],
    ['bytes=10-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-2', { kind: 'whole' }],
    ['bytes=0-1,3-4', { kind: 'whole' }],
    ['items=0-1', { kind: 'whole' }],
  ])('%s of 10 bytes', (header, outcome) => {
    expect(parseRange(header, 10)).toEqual(outcome);
  });
  it('finds no range of an empty object satisfiable', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('read preconditions', () => {
  const lastModified = new Date('2024-05-01T10:00:00.500Z');
  const etag = '"abc"';
  const check = (headers: Record<string, string>) =>
    evaluateReadConditions({ headers, etag, lastModified }).kind;

  it('follows RFC 9110 order and compares times to the second', () => {
    expect(check({ 'if-match': '"abc"' })).toBe('proceed');
    expect(check({ 'if-match': '"x", "abc"' })).toBe('proceed');
    expect(check({ 'if-match': '*' })).toBe('proceed');
    expect(check({ 'if-match': '"x"' })).toBe('failed');
    expect(check({ 'if-none-match': 'abc' })).toBe('not-modified');
    expect(check({ 'if-none-match': '"x"', 'if-modified-since': 'Wed, 01 May 2024 11:00:00 GMT' })).toBe(
      'proceed',
    );
    expect(check({ 'if-modified-since': 'Wed, 01 May 2024 10:00:00 GMT' })).toBe('not-modified');
    expect(check({ 'if-modified-since': 'Wed, 01 May 2024 09:59:59 GMT' })).toBe('proceed');
    expect(check({ 'if-unmodified-since': 'Wed, 01 May 2024 09:59:59 GMT' })).toBe('failed');
    expect(check({ 'if-match': '"abc"', 'if-unmodified-since': 'Wed, 01 May 2024 09:00:00 GMT' })).toBe(
      'proceed',
    );
    expect(check({ 'if-modified-since': 'not a date' })).toBe('proceed');
  });
});

describe('listing walk', () => {
  const keys = ['a', 'b/1', 'b/2', 'b/c/3', 'c', 'd/1'].sort(compareKeys);
  const page = (input: { prefix?: string; delimiter?: string; after?: string; max?: number }) =>
    takeEntries(
      walkKeys({ keys, prefix: input.prefix ?? '', delimiter: input.delimiter, after: input.after }),
      input.max ?? 1000,
    );

  it('rolls up common prefixes once and resumes after a prefix marker', () => {
    expect(page({ delimiter: '/' }).page).toEqual([
      { kind: 'key', key: 'a' },
      { kind: 'prefix', prefix: 'b/' },
      { kind: 'key', key: 'c' },
      { kind: 'prefix', prefix: 'd/' },
    ]);
    expect(page({ delimiter: '/', after: 'b/' }).page[0]).toEqual({ kind: 'key', key: 'c' });
    expect(page({ prefix: 'b/', delimiter: '/' }).page).toEqual([
      { kind: 'key', key: 'b/1' },
      { kind: 'key', key: 'b/2' },
      { kind: 'prefix', prefix: 'b/c/' },
    ]);
  });

  it('reports truncation only when another entry follows', () => {
    expect(page({ max: 5 })).toMatchObject({ truncated: true });
    expect(page({ max: 6 })).toMatchObject({ truncated: false });
    expect(page({ max: 0 })).toEqual({ page: [], truncated: false });
    expect(page({ prefix: 'zzz' })).toEqual({ page: [], truncated: false });
  });
});

describe('routing', () => {
  const route = (
    method: string,
    bucket?: string,
    key?: string,
    query = '',
    headers: Record<string, string> = {},
  ) => routeS3({ method, bucket, key, query: new URLSearchParams(query), headers });

  it.each([
    [['GET'], 'ListBuckets'],
    [['PUT', 'b'], 'CreateBucket'],
    [['GET', 'b', undefined, 'list-type=2&prefix=x'], 'ListObjectsV2'],
    [['GET', 'b'], 'ListObjects'],
    [['GET', 'b', undefined, 'versions'], 'ListObjectVersions'],
    [['POST', 'b', undefined, 'delete'], 'DeleteObjects'],
    [['PUT', 'b', 'k', 'x-id=PutObject'], 'PutObject'],
    [['PUT', 'b', 'k', '', { 'x-amz-copy-source': 'a/b' }], 'CopyObject'],
    [['PUT', 'b', 'k', 'partNumber=1&uploadId=u'], 'UploadPart'],
    [['PUT', 'b', 'k', 'partNumber=1&uploadId=u', { 'x-amz-copy-source': 'a/b' }], 'UploadPartCopy'],
    [['POST', 'b', 'k', 'uploads'], 'CreateMultipartUpload'],
    [['POST', 'b', 'k', 'uploadId=u'], 'CompleteMultipartUpload'],
    [['DELETE', 'b', 'k', 'uploadId=u'], 'AbortMultipartUpload'],
    [['GET', 'b', 'k', 'versionId=v&response-content-type=x'], 'GetObject'],
  ] as [Parameters<typeof route>, string][])('%j is %s', (args, operation) => {
    expect(route(...args)).toEqual({ kind: 'operation', operation });
  });

  it('names unsupported sub-resources instead of treating them as object requests', () => {
    expect(route('GET', 'b', 'k', 'tagging')).toEqual({ kind: 'not-implemented', subresource: 'tagging' });
    expect(route('PUT', 'b', undefined, 'cors')).toEqual({ kind: 'not-implemented', subresource: 'cors' });
    expect(route('OPTIONS', 'b', 'k')).toEqual({ kind: 'method-not-allowed', resourceType: 'OBJECT' });
  });
});

describe('multipart ETags and checksums', () => {
  it('computes the ETag from the parts’ binary MD5s', () => {
    // MD5 of the two 16-byte digests 00…00 and ff…ff.
    const etag = multipartEtag([`"${'0'.repeat(32)}"`, 'f'.repeat(32)]);
    expect(etag).toMatch(/^"[0-9a-f]{32}-2"$/);
    expect(etag).toBe(multipartEtag(['0'.repeat(32), `"${'f'.repeat(32)}"`]));
  });

  it('computes composite checksums over the raw part checksums', () => {
    const parts = [Buffer.from('one'), Buffer.from('two')].map((p) => computeChecksum('CRC32', p));
    const raw = parts.map((p) => Buffer.from(p, 'base64'));
    expect(compositeChecksum('CRC32', parts)).toBe(`${computeChecksum('CRC32', raw)}-2`);
  });
});
