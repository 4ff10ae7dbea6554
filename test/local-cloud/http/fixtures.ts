/**
 * Test fixtures for the wire core: a credential table, a minimal STS GetCallerIdentity handler (the real
 * STS service is built elsewhere), an S3 handler that echoes what it received, a request signer built on
 * @smithy/signature-v4 and a raw HTTP client.
 */
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CredentialRecord } from '../../../src/local-cloud/auth/credentials.js';
import type { S3Input, ServiceRegistry } from '../../../src/local-cloud/http/registry.js';
import type { RequestContext } from '../../../src/local-cloud/http/types.js';

export const ALICE = {
  accessKeyId: 'AKIAALICEEXAMPLE0001',
  secretAccessKey: 'alice/secret+key/EXAMPLEKEY0000000000001',
  account: '111111111111',
  arn: 'arn:aws:iam::111111111111:user/alice',
  userId: 'AIDAALICEEXAMPLE0001',
} as const;

export const SESSION = {
  accessKeyId: 'ASIASESSIONEXAMPLE01',
  secretAccessKey: 'session-secret-key-EXAMPLE000000000000001',
  sessionToken: 'FwoGZXIvYXdzEXAMPLE//session+token==',
  account: '222222222222',
  arn: 'arn:aws:sts::222222222222:assumed-role/deployer/session-1',
  userId: 'AROADEPLOYEREXAMPLE:session-1',
} as const;

/** A lookup over ALICE and SESSION (SESSION expiring at `sessionExpiresAt`, if given). */
export function credentialTable(options: { sessionExpiresAt?: Date } = {}) {
  const table = new Map<string, CredentialRecord>([
    [
      ALICE.accessKeyId,
      {
        secretAccessKey: ALICE.secretAccessKey,
        account: ALICE.account,
        arn: ALICE.arn,
        userId: ALICE.userId,
      },
    ],
    [
      SESSION.accessKeyId,
      {
        secretAccessKey: SESSION.secretAccessKey,
        sessionToken: SESSION.sessionToken,
        expiresAt: options.sessionExpiresAt,
        account: SESSION.account,
        arn: SESSION.arn,
        userId: SESSION.userId,
      },
    ],
  ]);
  return (accessKeyId: string) => table.get(accessKeyId);
}

/** The minimal GetCallerIdentity the tests need: who signed, from the credential record. */
export function registerTestSts(registry: ServiceRegistry, seen: RequestContext[] = []): void {
  registry.query('sts', 'GetCallerIdentity', (_input, ctx) => {
    seen.push(ctx);
    if (ctx.caller.type !== 'Credentials') throw new Error('unreachable: STS requires a signature');
    const record = ctx.caller.credentials;
    return { UserId: String(record.userId), Account: String(record.account), Arn: String(record.arn) };
  });
}

export interface EchoedS3Request {
  readonly input: S3Input;
  readonly ctx: RequestContext;
  readonly sha256: string;
}

/** An S3 handler that records each request and answers 200 with the payload's MD5 as ETag. */
export function registerEchoS3(registry: ServiceRegistry, seen: EchoedS3Request[]): void {
  registry.s3((input, ctx) => {
    seen.push({ input, ctx, sha256: createHash('sha256').update(input.body).digest('hex') });
    const headers: Record<string, string> = {
      ETag: `"${createHash('md5').update(input.body).digest('hex')}"`,
    };
    for (const [algorithm, value] of Object.entries(input.checksums)) {
      headers[`x-amz-checksum-${algorithm.toLowerCase()}`] = value;
    }
    return { status: 200, headers };
  });
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView | undefined): Buffer | undefined {
  if (data === undefined) return undefined;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/** SHA-256 for @smithy/signature-v4, on node:crypto (HMAC when constructed with a secret). */
export class NodeSha256 {
  private hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;

  private readonly secret: Buffer | undefined;

  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret = toBuffer(secret);
    this.hash = this.fresh();
  }

  update(data: string | Uint8Array): void {
    this.hash.update(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
}

export interface WireRequest {
  method: string;
  /** Path as it goes on the wire (already encoded). */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface SignOptions {
  endpoint: string;
  service: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  signingDate: Date;
  /** Presign instead of header-sign, valid for this many seconds. */
  presignExpiresIn?: number;
}

export function encodeQuery(query: Record<string, string | string[] | null | undefined>): string {
  const enc = (text: string) =>
    encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return Object.entries(query)
    .flatMap(([k, v]) =>
      v === null || v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => `${enc(k)}=${enc(x)}`),
    )
    .join('&');
}

/** Signs a request with @smithy/signature-v4 (what SDK v3 uses) and returns it ready for `send`. */
export async function signRequest(request: WireRequest, options: SignOptions): Promise<WireRequest> {
  const url = new URL(options.endpoint);
  const signer = new SignatureV4({
    credentials: options.credentials ?? {
      accessKeyId: ALICE.accessKeyId,
      secretAccessKey: ALICE.secretAccessKey,
    },
    region: options.region ?? 'us-east-1',
    service: options.service,
    sha256: NodeSha256,
    uriEscapePath: options.service !== 's3',
  });
  const unsigned = {
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: request.path,
    query: request.query ?? {},
    headers: { host: url.host, ...(request.headers ?? {}) },
    body: request.body,
  };
  const signed =
    options.presignExpiresIn === undefined
      ? await signer.sign(unsigned, { signingDate: options.signingDate })
      : await signer.presign(unsigned, {
          signingDate: options.signingDate,
          expiresIn: options.presignExpiresIn,
        });
  return {
    method: signed.method,
    path: signed.path,
    query: signed.query as Record<string, string>,
    headers: signed.headers,
    body: request.body,
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Sends a request as given (no header normalisation beyond Node's) and buffers the answer. */
export function send(
  endpoint: string,
  request: WireRequest,
  options: { ca?: string; servername?: string } = {},
): Promise<RawResponse> {
  const url = new URL(endpoint);
  const query = request.query ? encodeQuery(request.query) : '';
  const path = query === '' ? request.path : `${request.path}?${query}`;
  const requester = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = requester(
      {
        host: url.hostname,
        port: Number(url.port),
        method: request.method,
        path,
        headers: request.headers,
        ca: options.ca,
        servername: options.servername,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** A fresh temp directory and its removal. */
export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `fleetpipe-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
