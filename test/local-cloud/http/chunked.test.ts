import { describe, expect, it } from 'vitest';
import type { RawHeaders } from '../../../src/local-cloud/auth/canonical.js';
import { type ChunkSigningContext, deriveSigningKey } from '../../../src/local-cloud/auth/signing.js';
import { verifySigV4 } from '../../../src/local-cloud/auth/sigv4.js';
import { computeChecksum } from '../../../src/local-cloud/http/checksums.js';
import { type AwsChunkedInput, decodeAwsChunked } from '../../../src/local-cloud/http/chunked.js';
import { AwsError } from '../../../src/local-cloud/http/errors.js';

// AWS's "Transferring payload in multiple chunks" examples (S3 API reference): 65 KiB of 'a' in a 64 KiB and a
// 1 KiB chunk, signed with the documentation credentials at 20130524T000000Z.
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const AMZ_DATE = '20130524T000000Z';
const SCOPE = '20130524/us-east-1/s3/aws4_request';
const CHUNK1 = Buffer.alloc(65_536, 'a');
const CHUNK2 = Buffer.alloc(1024, 'a');

const SIGNED = {
  seed: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  chunks: [
    'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648',
    '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497',
    'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9',
  ],
};
const SIGNED_TRAILER = {
  seed: '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e',
  chunks: [
    'b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2',
    '1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7',
    '2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992',
  ],
  trailer: 'x-amz-checksum-crc32c:sOO8/Q==',
  trailerSignature: 'd81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435',
};

function signing(seed: string): ChunkSigningContext {
  return {
    signingKey: deriveSigningKey({
      secretAccessKey: SECRET,
      date: '20130524',
      region: 'us-east-1',
      service: 's3',
    }),
    amzDate: AMZ_DATE,
    scope: SCOPE,
    seedSignature: seed,
  };
}

function signedBody(signatures: readonly string[], trailer?: { line: string; signature: string }): Buffer {
  const parts = [
    Buffer.from(`10000;chunk-signature=${signatures[0]}\r\n`),
    CHUNK1,
    Buffer.from(`\r\n400;chunk-signature=${signatures[1]}\r\n`),
    CHUNK2,
    Buffer.from(`\r\n0;chunk-signature=${signatures[2]}\r\n`),
  ];
  if (trailer) parts.push(Buffer.from(`${trailer.line}\r\nx-amz-trailer-signature:${trailer.signature}\r\n`));
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}

function awsCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof AwsError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('decodeAwsChunked with the AWS examples', () => {
  it('verifies the seed signature of the signed example request, then every chunk', async () => {
    const body = signedBody(SIGNED.chunks);
    const headers: RawHeaders = [
      ['Host', 's3.amazonaws.com'],
      ['x-amz-date', AMZ_DATE],
      ['x-amz-storage-class', 'REDUCED_REDUNDANCY'],
      [
        'Authorization',
        `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/${SCOPE},SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=${SIGNED.seed}`,
      ],
      ['x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'],
      ['Content-Encoding', 'aws-chunked'],
      ['x-amz-decoded-content-length', '66560'],
      ['Content-Length', String(body.length)],
    ];
    expect(body.length).toBe(66_824);
    const outcome = await verifySigV4({
      request: { method: 'PUT', rawPath: '/examplebucket/chunkObject.txt', rawQuery: '', headers, body },
      lookup: () => ({ secretAccessKey: SECRET }),
      now: new Date('2013-05-24T00:00:00Z'),
    });
    if (outcome.status !== 'verified') throw new Error(`seed signature rejected: ${JSON.stringify(outcome)}`);
    expect(outcome.payload).toEqual({ kind: 'streaming', mode: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' });
    const decoded = decodeAwsChunked({
      body,
      payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      signing: outcome.chunkSigning,
      decodedContentLength: '66560',
    });
    expect(decoded.body.equals(Buffer.concat([CHUNK1, CHUNK2]))).toBe(true);
    expect(decoded.checksums).toEqual({});
  });

  it('verifies the seed, chunk and trailer signatures of the trailer example, and its CRC32C', async () => {
    const body = signedBody(SIGNED_TRAILER.chunks, {
      line: SIGNED_TRAILER.trailer,
      signature: SIGNED_TRAILER.trailerSignature,
    });
    const outcome = await verifySigV4({
      request: {
        method: 'PUT',
        rawPath: '/examplebucket/chunkObject.txt',
        rawQuery: '',
        headers: [
          ['Host', 's3.amazonaws.com'],
          ['x-amz-date', AMZ_DATE],
          ['x-amz-storage-class', 'REDUCED_REDUNDANCY'],
          ['x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'],
          ['Content-Encoding', 'aws-chunked'],
          ['x-amz-decoded-content-length', '66560'],
          ['x-amz-trailer', 'x-amz-checksum-crc32c'],
          [
            'Authorization',
            `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/${SCOPE},SignedHeaders=content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer,Signature=${SIGNED_TRAILER.seed}`,
          ],
        ],
        body,
      },
      lookup: () => ({ secretAccessKey: SECRET }),
      now: new Date('2013-05-24T00:00:00Z'),
    });
    expect(outcome.status).toBe('verified');
    const decoded = decodeAwsChunked({
      body,
      payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
      signing: signing(SIGNED_TRAILER.seed),
      decodedContentLength: '66560',
      declaredTrailers: 'x-amz-checksum-crc32c',
    });
    expect(decoded.body.length).toBe(66_560);
    expect(decoded.checksums).toEqual({ CRC32C: 'sOO8/Q==' });
    expect(decoded.trailers).toEqual({ 'x-amz-checksum-crc32c': 'sOO8/Q==' });
  });

  it('refuses any tampering with the signed chain', () => {
    const decode =
      (body: Buffer, seed = SIGNED.seed) =>
      () =>
        decodeAwsChunked({
          body,
          payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
          signing: signing(seed),
          decodedContentLength: '66560',
        });
    const good = signedBody(SIGNED.chunks);
    expect(awsCode(decode(good))).toBe('no error');
    const flipped = Buffer.from(good);
    flipped[200] = 'b'.charCodeAt(0);
    expect(awsCode(decode(flipped))).toBe('SignatureDoesNotMatch');
    expect(awsCode(decode(good, SIGNED_TRAILER.seed))).toBe('SignatureDoesNotMatch');
    expect(awsCode(decode(signedBody([SIGNED.chunks[0]!, SIGNED.chunks[1]!, SIGNED.chunks[1]!])))).toBe(
      'SignatureDoesNotMatch',
    );
    const unsignedChunk = Buffer.from(
      good.toString('latin1').replace(`400;chunk-signature=${SIGNED.chunks[1]}`, '400'),
      'latin1',
    );
    expect(awsCode(decode(unsignedChunk))).toBe('SignatureDoesNotMatch');
  });

  it('refuses a changed trailer or trailer signature', () => {
    const decode = (trailerLine: string, signature: string) => () =>
      decodeAwsChunked({
        body: signedBody(SIGNED_TRAILER.chunks, { line: trailerLine, signature }),
        payload: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
        signing: signing(SIGNED_TRAILER.seed),
        decodedContentLength: '66560',
        declaredTrailers: 'x-amz-checksum-crc32c',
      });
    expect(awsCode(decode(SIGNED_TRAILER.trailer, SIGNED_TRAILER.trailerSignature))).toBe('no error');
    expect(awsCode(decode('x-amz-checksum-crc32c:AAAAAA==', SIGNED_TRAILER.trailerSignature))).toBe(
      'SignatureDoesNotMatch',
    );
    expect(awsCode(decode(SIGNED_TRAILER.trailer, SIGNED_TRAILER.seed))).toBe('SignatureDoesNotMatch');
  });
});

describe('decodeAwsChunked with unsigned trailers (what SDK v3 sends)', () => {
  const data = Buffer.from('x'.repeat(9000) + 'tail');
  const crc32 = computeChecksum('CRC32', data);

  function unsigned(body: string | Buffer, extra: Partial<AwsChunkedInput> = {}) {
    return () =>
      decodeAwsChunked({
        body: Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'),
        payload: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        decodedContentLength: String(data.length),
        declaredTrailers: 'x-amz-checksum-crc32',
        ...extra,
      });
  }
  const frame = (trailer: string) =>
    `2328\r\n${data.subarray(0, 9000).toString('latin1')}\r\n4\r\ntail\r\n0\r\n${trailer}\r\n`;

  it('decodes the payload and verifies the trailing checksum', () => {
    const result = unsigned(frame(`x-amz-checksum-crc32:${crc32}\r\n`))();
    expect(result.body.equals(data)).toBe(true);
    expect(result.checksums).toEqual({ CRC32: crc32 });
  });

  it('answers BadDigest for a wrong checksum, naming the algorithm', () => {
    try {
      unsigned(frame('x-amz-checksum-crc32:AAAAAA==\r\n'))();
      throw new Error('expected BadDigest');
    } catch (err) {
      expect(err).toMatchObject({
        code: 'BadDigest',
        status: 400,
        message: 'The CRC32 you specified did not match the calculated checksum.',
      });
    }
  });

  it('names framing problems', () => {
    expect(awsCode(unsigned(frame(`x-amz-checksum-crc32:${crc32}\r\n`).slice(0, 5000)))).toBe(
      'IncompleteBody',
    );
    expect(awsCode(unsigned(`zz\r\n${frame('')}`))).toBe('InvalidChunkSizeError');
    expect(
      awsCode(unsigned(frame(`x-amz-checksum-crc32:${crc32}\r\n`), { decodedContentLength: '9005' })),
    ).toBe('IncompleteBody');
    expect(
      awsCode(unsigned(frame(`x-amz-checksum-crc32:${crc32}\r\n`), { decodedContentLength: undefined })),
    ).toBe('MissingContentLength');
    expect(awsCode(unsigned(frame('x-amz-checksum-crc32:not base64!\r\n')))).toBe('InvalidRequest');
    expect(awsCode(unsigned(frame('')))).toBe('MalformedTrailerError');
    expect(awsCode(unsigned(frame(`x-amz-checksum-sha1:${computeChecksum('SHA1', data)}\r\n`)))).toBe(
      'MalformedTrailerError',
    );
    expect(awsCode(unsigned(`${frame(`x-amz-checksum-crc32:${crc32}\r\n`)}extra`))).toBe('IncompleteBody');
  });

  it('enforces the 8 KiB minimum for all chunks but the last', () => {
    const small = `4\r\ntail\r\n4\r\ntail\r\n0\r\n\r\n`;
    expect(awsCode(unsigned(small, { decodedContentLength: '8', declaredTrailers: undefined }))).toBe(
      'InvalidChunkSizeError',
    );
    expect(
      awsCode(unsigned(small, { decodedContentLength: '8', declaredTrailers: undefined, minChunkBytes: 0 })),
    ).toBe('no error');
  });

  it('accepts a body ending right after the zero chunk (no trailer, no final CRLF)', () => {
    const result = unsigned('4\r\ntail\r\n0\r\n', {
      decodedContentLength: '4',
      declaredTrailers: undefined,
    })();
    expect(result.body.toString()).toBe('tail');
  });
});
