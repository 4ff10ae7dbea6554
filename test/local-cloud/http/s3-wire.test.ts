import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_SHA256, deriveSigningKey, signatureOf } from '../../../src/local-cloud/auth/signing.js';
import { parseXmlBody } from '../../../src/local-cloud/http/xml-parser.js';
import { type LocalCloud, startLocalCloud } from '../../../src/local-cloud/server.js';
import {
  ALICE,
  credentialTable,
  type EchoedS3Request,
  registerEchoS3,
  send,
  signRequest,
  tempDir,
} from './fixtures.js';

const run = promisify(execFile);

function payload(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

describe('S3 wire: uploads from the SDK v3 S3 client', () => {
  let cloud: LocalCloud;
  const seen: EchoedS3Request[] = [];
  let client: S3Client;

  beforeAll(async () => {
    cloud = await startLocalCloud({
      credentials: credentialTable(),
      services: (r) => registerEchoS3(r, seen),
    });
    client = new S3Client({
      endpoint: cloud.endpoint,
      region: 'eu-west-1',
      credentials: ALICE,
      forcePathStyle: true,
    });
  });
  afterAll(() => cloud.close());

  it.each(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const)(
    'decodes a streamed aws-chunked body with a %s trailer',
    async (algorithm) => {
      const data = payload(200_000);
      const out = await client.send(
        new PutObjectCommand({
          Bucket: 'uploads',
          Key: `dir/${algorithm}.bin`,
          Body: Readable.from([data.subarray(0, 70_000), data.subarray(70_000)]),
          ContentLength: data.length,
          ChecksumAlgorithm: algorithm,
        }),
      );
      const last = seen.at(-1)!;
      expect(last.input.headers['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
      expect(last.input.headers['content-encoding']).toBe('aws-chunked');
      expect(last.input.body.length).toBe(data.length);
      expect(last.sha256).toBe(sha256(data));
      expect(Object.keys(last.input.checksums)).toEqual([algorithm]);
      expect(last.input).toMatchObject({
        bucket: 'uploads',
        key: `dir/${algorithm}.bin`,
        addressing: 'path',
      });
      expect(last.input.contentEncoding).toBeUndefined();
      expect(last.ctx.region).toBe('eu-west-1');
      expect(out.ETag).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
    },
  );

  it('accepts a whole-body upload with the checksum in a header', async () => {
    const data = Buffer.from('hello, local cloud');
    await client.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'small.txt', Body: data }));
    const last = seen.at(-1)!;
    expect(last.input.body.toString()).toBe('hello, local cloud');
    expect(last.input.checksums.CRC32).toBeDefined();
  });

  it('keeps keys with reserved characters intact', async () => {
    const key = 'a b/c+d/ü?x=1&y#z';
    await client.send(new PutObjectCommand({ Bucket: 'uploads', Key: key, Body: 'x' }));
    expect(seen.at(-1)!.input.key).toBe(key);
  });
});

describe('S3 wire: hand-built requests', () => {
  let cloud: LocalCloud;
  const seen: EchoedS3Request[] = [];
  const signingDate = new Date('2030-06-01T12:00:00Z');

  beforeAll(async () => {
    cloud = await startLocalCloud({
      credentials: credentialTable(),
      now: () => signingDate,
      services: (registry) =>
        registry.s3((input, ctx) => {
          seen.push({ input, ctx, sha256: sha256(input.body) });
          if (input.query.has('tagging')) parseXmlBody(input.body, 'Tagging');
          return { status: 204 };
        }),
    });
  });
  afterAll(() => cloud.close());

  function withHost(host: string) {
    return async (
      path: string,
      extra: { method?: string; body?: string; query?: Record<string, string> } = {},
    ) => {
      const signed = await signRequest(
        {
          method: extra.method ?? 'GET',
          path,
          query: extra.query,
          headers: { 'x-amz-content-sha256': sha256(Buffer.from(extra.body ?? '')) },
          body: extra.body,
        },
        { endpoint: cloud.endpoint.replace('127.0.0.1', host), service: 's3', signingDate },
      );
      return send(cloud.endpoint, signed);
    };
  }

  it('reads the bucket from a virtual-hosted Host header', async () => {
    const res = await withHost('my-bucket.localhost')('/photos/cat.jpg');
    expect(res.status).toBe(204);
    expect(seen.at(-1)!.input).toMatchObject({
      bucket: 'my-bucket',
      key: 'photos/cat.jpg',
      addressing: 'virtual',
    });
    expect(res.headers['x-amz-request-id']).toBeDefined();
    expect(res.headers['x-amz-id-2']).toBeDefined();
  });

  it('reads bucket and region from bucket.s3.<region>.localhost', async () => {
    await withHost('logs.s3.ap-south-1.localhost')('/');
    expect(seen.at(-1)!.input).toMatchObject({ bucket: 'logs', key: undefined, addressing: 'virtual' });
  });

  it('answers malformed XML with MalformedXML, and keeps serving', async () => {
    const res = await withHost('127.0.0.1')('/bucket/key', {
      method: 'PUT',
      query: { tagging: '' },
      body: '<Tagging><TagSet><Tag></TagSet></Tagging>',
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>MalformedXML</Code>');
    expect(res.body).toMatch(/<RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/);
    const ok = await withHost('127.0.0.1')('/bucket/key', {
      method: 'PUT',
      query: { tagging: '' },
      body: '<Tagging><TagSet><Tag><Key>a</Key><Value>b</Value></Tag></TagSet></Tagging>',
    });
    expect(ok.status).toBe(204);
  });

  it('lets anonymous requests through as the Anonymous caller', async () => {
    const res = await send(cloud.endpoint, { method: 'GET', path: '/public-bucket/readme.txt' });
    expect(res.status).toBe(204);
    expect(seen.at(-1)!.ctx.caller).toEqual({ type: 'Anonymous' });
  });

  it('reports a body that does not match x-amz-content-sha256', async () => {
    const signed = await signRequest(
      {
        method: 'PUT',
        path: '/bucket/key',
        headers: { 'x-amz-content-sha256': sha256(Buffer.from('expected')) },
        body: 'expected',
      },
      { endpoint: cloud.endpoint, service: 's3', signingDate },
    );
    const res = await send(cloud.endpoint, { ...signed, body: 'tampered' });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
  });

  it('reports an unknown key as InvalidAccessKeyId and a bad signature with S3 wording', async () => {
    const unknown = await signRequest(
      { method: 'GET', path: '/bucket', headers: { 'x-amz-content-sha256': sha256(Buffer.alloc(0)) } },
      {
        endpoint: cloud.endpoint,
        service: 's3',
        signingDate,
        credentials: { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'x' },
      },
    );
    const res = await send(cloud.endpoint, unknown);
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>InvalidAccessKeyId</Code>');

    const bad = await signRequest(
      { method: 'GET', path: '/bucket', headers: { 'x-amz-content-sha256': sha256(Buffer.alloc(0)) } },
      {
        endpoint: cloud.endpoint,
        service: 's3',
        signingDate,
        credentials: { ...ALICE, secretAccessKey: 'wrong' },
      },
    );
    const mismatch = await send(cloud.endpoint, bad);
    expect(mismatch.status).toBe(403);
    expect(mismatch.body).toContain('Check your key and signing method.');
    expect(mismatch.body).toContain('<CanonicalRequest>GET\n/bucket\n');
  });

  it('decodes a signed aws-chunked upload, chaining chunk signatures from the header signature', async () => {
    const data = Buffer.alloc(10_000, 'z');
    const chunks = [data.subarray(0, 8192), data.subarray(8192), Buffer.alloc(0)];
    const signed = await signRequest(
      {
        method: 'PUT',
        path: '/bucket/signed-chunks.bin',
        headers: {
          'content-encoding': 'aws-chunked',
          'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
          'x-amz-decoded-content-length': String(data.length),
        },
      },
      { endpoint: cloud.endpoint, service: 's3', signingDate },
    );
    const seed = /Signature=([0-9a-f]{64})/.exec(String(signed.headers?.authorization))![1]!;
    const amzDate = '20300601T120000Z';
    const key = deriveSigningKey({
      secretAccessKey: ALICE.secretAccessKey,
      date: '20300601',
      region: 'us-east-1',
      service: 's3',
    });
    let previous = seed;
    const frames = chunks.map((chunk) => {
      const toSign = [
        'AWS4-HMAC-SHA256-PAYLOAD',
        amzDate,
        '20300601/us-east-1/s3/aws4_request',
        previous,
        EMPTY_SHA256,
        sha256(chunk),
      ].join('\n');
      previous = signatureOf(key, toSign);
      const head = Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`);
      return Buffer.concat([head, chunk, Buffer.from('\r\n')]);
    });
    const res = await send(cloud.endpoint, { ...signed, body: Buffer.concat(frames) });
    expect(res.status).toBe(204);
    expect(seen.at(-1)!.sha256).toBe(sha256(data));

    const tampered = Buffer.concat(frames);
    tampered[200] = 'y'.charCodeAt(0);
    const refused = await send(cloud.endpoint, { ...signed, body: tampered });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('verifies presigned URLs and refuses expired ones', async () => {
    const presigned = await signRequest(
      { method: 'GET', path: '/bucket/report.csv' },
      { endpoint: cloud.endpoint, service: 's3', signingDate, presignExpiresIn: 300 },
    );
    expect((await send(cloud.endpoint, presigned)).status).toBe(204);
    expect(seen.at(-1)!.ctx.caller).toMatchObject({
      type: 'Credentials',
      signature: { method: 'presigned' },
    });

    const old = await signRequest(
      { method: 'GET', path: '/bucket/report.csv' },
      {
        endpoint: cloud.endpoint,
        service: 's3',
        signingDate: new Date(signingDate.getTime() - 301_000),
        presignExpiresIn: 300,
      },
    );
    const expired = await send(cloud.endpoint, old);
    expect(expired.status).toBe(403);
    expect(expired.body).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
  });
});

describe('S3 wire: uploads from the aws CLI', () => {
  let cloud: LocalCloud;
  let home: { path: string; remove: () => Promise<void> };
  const seen: EchoedS3Request[] = [];

  beforeAll(async () => {
    home = await tempDir('aws-cli-s3');
    cloud = await startLocalCloud({
      credentials: credentialTable(),
      https: true,
      stateDir: join(home.path, 'state'),
      services: (r) => registerEchoS3(r, seen),
    });
    await writeFile(join(home.path, 'ca.pem'), cloud.caCertPem!);
  });
  afterAll(async () => {
    await cloud.close();
    await home.remove();
  });

  it.each(['http', 'https'] as const)('aws s3api put-object over %s', async (scheme) => {
    const data = payload(100_000);
    const file = join(home.path, `upload-${scheme}.bin`);
    await writeFile(file, data);
    const endpoint = scheme === 'http' ? cloud.endpoint : cloud.httpsEndpoint!;
    const { stdout } = await run(
      'aws',
      [
        's3api',
        'put-object',
        '--bucket',
        'cli-bucket',
        '--key',
        `from-cli/${scheme}.bin`,
        '--body',
        file,
        '--endpoint-url',
        endpoint,
        '--output',
        'json',
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home.path,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_ACCESS_KEY_ID: ALICE.accessKeyId,
          AWS_SECRET_ACCESS_KEY: ALICE.secretAccessKey,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CA_BUNDLE: join(home.path, 'ca.pem'),
        },
      },
    );
    expect(JSON.parse(stdout).ETag).toBe(`"${createHash('md5').update(data).digest('hex')}"`);
    const last = seen.at(-1)!;
    expect(last.sha256).toBe(sha256(data));
    expect(last.ctx.secureTransport).toBe(scheme === 'https');
    expect(last.input.key).toBe(`from-cli/${scheme}.bin`);
    // botocore signs the payload hash over HTTP and streams aws-chunked with a CRC32 trailer over HTTPS.
    expect(last.input.headers['x-amz-content-sha256']).toBe(
      scheme === 'https' ? 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' : sha256(data),
    );
    expect(Object.keys(last.input.checksums)).toEqual(['CRC32']);
  });
});
