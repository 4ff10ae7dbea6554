/**
 * The request pipeline, socket-free: classify → find the operation → verify the signature → decode the
 * body → call the handler → frame the result. Every failure becomes an AWS error response in the
 * request's protocol; `handle` never throws.
 */
import { createHash } from 'node:crypto';
import { type AuthDialect, authFailureError, missingAuthenticationError } from '../auth/auth-errors.js';
import { type ClaimResult, readSigV4Claim } from '../auth/claim.js';
import { ANONYMOUS, type Caller, type CredentialLookup } from '../auth/credentials.js';
import type { ChunkSigningContext } from '../auth/signing.js';
import { isStreamingPayload } from '../auth/signing.js';
import { type PayloadKind, verifySigV4 } from '../auth/sigv4.js';
import { type Checksums, verifyChecksumHeaders, verifyContentMd5 } from './checksums.js';
import { decodeAwsChunked } from './chunked.js';
import { AwsError, internalError, isAwsError } from './errors.js';
import { type Classification, classifyRequest, s3Address } from './protocols.js';
import { QueryParams } from './query-params.js';
import type { AuthMode, ServiceRegistry } from './registry.js';
import {
  type ErrorFrame,
  errorResponse,
  jsonResultResponse,
  lowerKeys,
  queryResultResponse,
  restJsonResultResponse,
} from './response.js';
import type { Protocol } from './service-catalog.js';
import type { HttpRequestHead, HttpResponse, RequestContext } from './types.js';

export interface DispatcherOptions {
  readonly registry: ServiceRegistry;
  readonly credentials: CredentialLookup;
  /** Host name virtual-hosted S3 requests hang off (`bucket.<hostname>`). */
  readonly hostname: string;
  /** Region for unsigned requests that name none. */
  readonly defaultRegion: string;
  /** Called with anything a handler throws that is not an `AwsError` (the client gets a 500). */
  readonly onUnexpectedError?: (
    error: unknown,
    context: { requestId: string; service: string | undefined },
  ) => void;
}

/** What is known about a request before its body is read. */
export interface RequestPlan {
  readonly claim: ClaimResult;
  readonly classification: Classification;
  readonly maxBodyBytes: number;
  readonly frame: ErrorFrame;
}

export interface DispatchInput {
  readonly head: HttpRequestHead;
  readonly body: Buffer;
  readonly plan: RequestPlan;
  readonly requestId: string;
  readonly now: Date;
}

/** S3's `x-amz-id-2`: an opaque token; here derived from the request ID so responses stay deterministic. */
export function hostIdFor(requestId: string): string {
  return createHash('sha256').update(requestId).digest('base64');
}

function jsonContentType(head: HttpRequestHead, fallback: string | undefined): string {
  const sent = (head.headers['content-type'] ?? '').toLowerCase();
  if (sent.startsWith('application/x-amz-json-1.0')) return 'application/x-amz-json-1.0';
  if (sent.startsWith('application/x-amz-json-1.1')) return 'application/x-amz-json-1.1';
  return `application/x-amz-json-${fallback ?? '1.1'}`;
}

function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsError('SerializationException', 'The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.');
  }
  return value as Record<string, unknown>;
}

function withoutAwsChunked(contentEncoding: string | undefined): string | undefined {
  if (contentEncoding === undefined) return undefined;
  const rest = contentEncoding
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e.toLowerCase() !== 'aws-chunked');
  return rest.length === 0 ? undefined : rest.join(',');
}

function safeDecodePath(rawPath: string): string {
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return rawPath;
  }
}

type MutableFrame = { -readonly [K in keyof ErrorFrame]: ErrorFrame[K] };

interface Authenticated {
  readonly caller: Caller;
  readonly payload: PayloadKind | undefined;
  readonly chunkSigning: ChunkSigningContext | undefined;
}

export class Dispatcher {
  constructor(private readonly options: DispatcherOptions) {}

  /** Classification, body limit and error framing, from the head alone. */
  plan(head: HttpRequestHead): RequestPlan {
    const { registry } = this.options;
    const claim = readSigV4Claim({ headers: head.rawHeaders, rawQuery: head.rawQuery });
    const signingService =
      claim.kind === 'claim' ? claim.claim.service : claim.kind === 'invalid' ? claim.service : undefined;
    const classification = classifyRequest(head, signingService, registry);
    const settings =
      classification.service === undefined ? undefined : registry.settingsOf(classification.service);
    return {
      claim,
      classification,
      maxBodyBytes: registry.maxRequestBytes(classification.service),
      frame: {
        protocol: classification.protocol,
        xmlns: settings?.xmlns,
        jsonContentType: jsonContentType(head, settings?.jsonVersion),
      },
    };
  }

  /** An error response for a request that never reached `handle` (e.g. its body was too large). */
  errorResponse(
    plan: RequestPlan,
    error: AwsError,
    meta: { requestId: string; now: Date; head: HttpRequestHead },
  ): HttpResponse {
    return this.finish(
      errorResponse(error, plan.frame, this.meta(meta.requestId)),
      plan.frame.protocol,
      meta,
    );
  }

  async handle(input: DispatchInput): Promise<HttpResponse> {
    const frame: MutableFrame = { ...input.plan.frame };
    try {
      const response = await this.run(input, frame);
      return this.finish(response, frame.protocol, input);
    } catch (err) {
      let error: AwsError;
      if (isAwsError(err)) {
        error = err;
      } else {
        this.options.onUnexpectedError?.(err, {
          requestId: input.requestId,
          service: input.plan.classification.service,
        });
        error = internalError(frame.protocol === 'rest-xml');
      }
      return this.finish(errorResponse(error, frame, this.meta(input.requestId)), frame.protocol, input);
    }
  }

  private meta(requestId: string) {
    return { requestId, hostId: hostIdFor(requestId) };
  }

  /** Adds request-ID and Date headers; HEAD answers carry no body. */
  private finish(
    response: HttpResponse,
    protocol: Protocol,
    meta: { requestId: string; now: Date; head?: HttpRequestHead },
  ): HttpResponse {
    const ids: Record<string, string> =
      protocol === 'rest-xml'
        ? { 'x-amz-request-id': meta.requestId, 'x-amz-id-2': hostIdFor(meta.requestId) }
        : { 'x-amzn-requestid': meta.requestId };
    const headers = { ...response.headers, ...ids, date: meta.now.toUTCString() };
    if (meta.head?.method === 'HEAD') return { status: response.status, headers };
    return { ...response, headers };
  }

  private async run(input: DispatchInput, frame: MutableFrame) {
    switch (input.plan.classification.protocol) {
      case 'query':
        return this.runQuery(input, frame);
      case 'json':
        return this.runJson(input);
      case 'rest-json':
        return this.runRest(input);
      case 'rest-xml':
        return this.runS3(input);
    }
  }

  private async authenticate(
    input: DispatchInput,
    dialect: AuthDialect,
    mode: AuthMode | undefined,
  ): Promise<Authenticated> {
    if (input.plan.claim.kind === 'none') {
      if (dialect === 's3' || mode === 'none' || mode === 'optional') {
        return { caller: ANONYMOUS, payload: undefined, chunkSigning: undefined };
      }
      throw missingAuthenticationError(dialect);
    }
    const outcome = await verifySigV4({
      request: {
        method: input.head.method,
        rawPath: input.head.rawPath,
        rawQuery: input.head.rawQuery,
        headers: input.head.rawHeaders,
        body: input.body,
      },
      lookup: this.options.credentials,
      now: input.now,
    });
    if (outcome.status === 'failed') throw authFailureError(outcome.failure, dialect);
    if (outcome.status === 'anonymous')
      return { caller: ANONYMOUS, payload: undefined, chunkSigning: undefined };
    return { caller: outcome.caller, payload: outcome.payload, chunkSigning: outcome.chunkSigning };
  }

  private context(
    input: DispatchInput,
    fields: { service: string; protocol: Protocol; operation: string; caller: Caller; hostRegion?: string },
  ): RequestContext {
    const { head, now } = input;
    const region =
      fields.caller.type === 'Credentials'
        ? fields.caller.signature.region
        : (fields.hostRegion ?? this.options.defaultRegion);
    const userAgent = head.headers['user-agent'];
    const conditionKeys: Record<string, string> = {
      'aws:SecureTransport': String(head.secure),
      'aws:SourceIp': head.sourceIp,
      'aws:CurrentTime': now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
      'aws:RequestedRegion': region,
    };
    if (userAgent !== undefined) conditionKeys['aws:UserAgent'] = userAgent;
    return {
      requestId: input.requestId,
      service: fields.service,
      region,
      protocol: fields.protocol,
      operation: fields.operation,
      caller: fields.caller,
      secureTransport: head.secure,
      sourceIp: head.sourceIp,
      now,
      userAgent,
      endpoint: `${head.secure ? 'https' : 'http'}://${head.headers.host ?? '127.0.0.1'}`,
      conditionKeys,
    };
  }

  private async runQuery(input: DispatchInput, frame: MutableFrame): Promise<HttpResponse> {
    const { registry } = this.options;
    const { head, body } = input;
    let params = QueryParams.fromForm(head.rawQuery);
    if ((head.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      params = params.merge(QueryParams.fromForm(body.toString('utf8')));
    }
    const version = params.get('Version');
    const service = input.plan.classification.service ?? registry.serviceOfQueryVersion(version);
    if (service !== undefined) frame.xmlns ??= registry.settingsOf(service)?.xmlns;
    const action = params.get('Action');
    const op =
      service !== undefined && action !== undefined ? registry.findQuery(service, action) : undefined;
    const { caller } = await this.authenticate(input, 'query', op?.auth);
    if (action === undefined || action === '') throw new AwsError('MissingAction', 'Missing Action');
    if (!op || service === undefined) {
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`,
      );
    }
    const ctx = this.context(input, { service, protocol: 'query', operation: action, caller });
    const result = await op.handler({ action, version, params }, ctx);
    return queryResultResponse({
      action,
      result,
      xmlns: registry.settingsOf(service)?.xmlns ?? '',
      requestId: input.requestId,
    });
  }

  private async runJson(input: DispatchInput): Promise<HttpResponse> {
    const { registry } = this.options;
    const target = input.head.headers['x-amz-target'];
    const signingService = input.plan.classification.service;
    let op = target === undefined ? undefined : registry.findJson(target);
    if (op && signingService !== undefined && op.service !== signingService) op = undefined;
    const { caller } = await this.authenticate(input, 'json', op?.auth);
    if (!op || target === undefined) {
      throw new AwsError(
        'UnknownOperationException',
        `Unknown operation ${target ?? '(no X-Amz-Target header)'}`,
      );
    }
    const operation = target.slice(target.lastIndexOf('.') + 1);
    const body = parseJsonObject(input.body);
    const ctx = this.context(input, { service: op.service, protocol: 'json', operation, caller });
    const value = await op.handler({ target, operation, body }, ctx);
    return jsonResultResponse({
      value,
      contentType: input.plan.frame.jsonContentType ?? 'application/x-amz-json-1.1',
    });
  }

  private async runRest(input: DispatchInput): Promise<HttpResponse> {
    const { registry } = this.options;
    const { head } = input;
    const resolved = registry.findRest(head.method, head.rawPath, input.plan.classification.service);
    const { caller } = await this.authenticate(input, 'json', resolved?.route.auth);
    if (!resolved) {
      throw new AwsError('UnknownOperationException', `No operation matches ${head.method} ${head.rawPath}`, {
        status: 404,
      });
    }
    const ctx = this.context(input, {
      service: resolved.route.service,
      protocol: 'rest-json',
      operation: `${head.method} ${resolved.route.template}`,
      caller,
    });
    const body = input.body;
    const result = await resolved.route.handler(
      {
        method: head.method,
        path: safeDecodePath(head.rawPath),
        params: resolved.params,
        query: new URLSearchParams(head.rawQuery),
        headers: head.headers,
        body,
        json: () => parseJsonObject(body),
      },
      ctx,
    );
    return restJsonResultResponse(result);
  }

  private async runS3(input: DispatchInput): Promise<HttpResponse> {
    const { head } = input;
    const op = this.options.registry.findS3();
    const address = s3Address({
      host: head.headers.host ?? '',
      rawPath: head.rawPath,
      hostname: this.options.hostname,
    });
    const auth = await this.authenticate(input, 's3', op?.auth);
    if (!op)
      throw new AwsError('NotImplemented', 'This local cloud has no S3 service registered.', { status: 501 });
    const { body, checksums } = this.s3Payload(input, auth);
    const ctx = this.context(input, {
      service: 's3',
      protocol: 'rest-xml',
      operation: 'S3',
      caller: auth.caller,
      hostRegion: address.hostRegion,
    });
    const result = await op.handler(
      {
        method: head.method,
        bucket: address.bucket,
        key: address.key,
        addressing: address.style,
        query: new URLSearchParams(head.rawQuery),
        headers: head.headers,
        body,
        checksums,
        contentEncoding: withoutAwsChunked(head.headers['content-encoding']),
      },
      ctx,
    );
    return { status: result.status ?? 200, headers: lowerKeys(result.headers ?? {}), body: result.body };
  }

  /** The S3 payload: aws-chunked decoded and verified, checksum headers and Content-MD5 checked. */
  private s3Payload(input: DispatchInput, auth: Authenticated): { body: Buffer; checksums: Checksums } {
    const { headers } = input.head;
    const declared = headers['x-amz-content-sha256'];
    let mode = auth.payload?.kind === 'streaming' ? auth.payload.mode : undefined;
    // Unsigned requests may still stream an unsigned aws-chunked body.
    if (
      mode === undefined &&
      auth.caller.type === 'Anonymous' &&
      declared === 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'
    ) {
      mode = declared;
    }
    let body = input.body;
    let checksums: Checksums = {};
    if (mode !== undefined && isStreamingPayload(mode)) {
      const decoded = decodeAwsChunked({
        body,
        payload: mode,
        signing: auth.chunkSigning,
        decodedContentLength: headers['x-amz-decoded-content-length'],
        declaredTrailers: headers['x-amz-trailer'],
      });
      body = decoded.body;
      checksums = decoded.checksums;
    }
    const fromHeaders = verifyChecksumHeaders(headers, body);
    if (Object.keys(fromHeaders).length > 0 && Object.keys(checksums).length > 0) {
      throw new AwsError(
        'InvalidRequest',
        'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
      );
    }
    checksums = { ...checksums, ...fromHeaders };
    const md5 = headers['content-md5'];
    if (md5 !== undefined) verifyContentMd5(md5, body);
    return { body, checksums };
  }
}
