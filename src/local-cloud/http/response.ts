/**
 * Framing of results and errors in each AWS protocol. Pure: data in, status/headers/body out. Request-ID
 * and Date headers are added by the dispatcher, which knows them.
 */
import type { AwsError } from './errors.js';
import type { Protocol } from './service-catalog.js';
import type { HttpResponse } from './types.js';
import { element, type XmlValue, xmlDocument } from './xml.js';

/** How to render an error for a request. */
export interface ErrorFrame {
  readonly protocol: Protocol;
  /** Query protocol: the namespace of the service's documents. */
  readonly xmlns?: string;
  /** JSON protocol: the content type to answer with. */
  readonly jsonContentType?: string;
}

export interface RenderMeta {
  readonly requestId: string;
  /** S3's `x-amz-id-2` / `<HostId>`. */
  readonly hostId: string;
}

const XML_TYPE = 'text/xml';

export function queryResultResponse(input: {
  action: string;
  result: XmlValue;
  xmlns: string;
  requestId: string;
}): HttpResponse {
  const body = xmlDocument(
    `${input.action}Response`,
    {
      [`${input.action}Result`]: input.result === undefined ? undefined : (input.result ?? ''),
      ResponseMetadata: { RequestId: input.requestId },
    },
    { xmlns: input.xmlns },
  );
  return { status: 200, headers: { 'content-type': XML_TYPE }, body };
}

/** `JSON.stringify` with AWS JSON conventions: Dates as epoch seconds, bytes as base64. */
export function awsJson(value: unknown): string {
  return JSON.stringify(
    value ?? {},
    function (this: Record<string, unknown>, key: string, converted: unknown) {
      const original = key === '' ? value : this[key];
      if (original instanceof Date) return original.getTime() / 1000;
      if (original instanceof Uint8Array) return Buffer.from(original).toString('base64');
      return converted;
    },
  );
}

export function jsonResultResponse(input: { value: unknown; contentType: string }): HttpResponse {
  return { status: 200, headers: { 'content-type': input.contentType }, body: awsJson(input.value) };
}

export function restJsonResultResponse(input: {
  status?: number;
  headers?: Readonly<Record<string, string>>;
  body?: unknown;
}): HttpResponse {
  const status = input.status ?? 200;
  const headers: Record<string, string> = { ...lowerKeys(input.headers ?? {}) };
  const { body } = input;
  if (body === undefined || body === null) return { status, headers };
  if (Buffer.isBuffer(body) || typeof body === 'string') return { status, headers, body };
  headers['content-type'] ??= 'application/json';
  return { status, headers, body: awsJson(body) };
}

export function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function queryError(error: AwsError, frame: ErrorFrame, meta: RenderMeta): HttpResponse {
  const body = xmlDocument(
    'ErrorResponse',
    {
      Error: { Type: error.fault, Code: error.code, Message: error.message },
      RequestId: meta.requestId,
    },
    frame.xmlns === undefined ? {} : { xmlns: frame.xmlns },
  );
  return { status: error.status, headers: { ...lowerKeys(error.headers), 'content-type': XML_TYPE }, body };
}

function s3Error(error: AwsError, meta: RenderMeta): HttpResponse {
  const fields = Object.entries(error.fields)
    .map(([name, value]) => element(name, value))
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error>${element('Code', error.code)}${element('Message', error.message)}${fields}` +
    `${element('RequestId', meta.requestId)}${element('HostId', meta.hostId)}</Error>`;
  return {
    status: error.status,
    headers: { ...lowerKeys(error.headers), 'content-type': 'application/xml' },
    body,
  };
}

function jsonError(error: AwsError, frame: ErrorFrame, rest: boolean): HttpResponse {
  const body = rest
    ? { ...error.fields, Type: error.fault === 'Sender' ? 'User' : 'Service', Message: error.message }
    : { ...error.fields, __type: error.code, message: error.message };
  return {
    status: error.status,
    headers: {
      ...lowerKeys(error.headers),
      'content-type': rest ? 'application/json' : (frame.jsonContentType ?? 'application/x-amz-json-1.1'),
      'x-amzn-errortype': error.code,
    },
    body: JSON.stringify(body),
  };
}

/** An `AwsError` in the envelope of the request's protocol. */
export function errorResponse(error: AwsError, frame: ErrorFrame, meta: RenderMeta): HttpResponse {
  switch (frame.protocol) {
    case 'query':
      return queryError(error, frame, meta);
    case 'rest-xml':
      return s3Error(error, meta);
    case 'json':
      return jsonError(error, frame, false);
    case 'rest-json':
      return jsonError(error, frame, true);
  }
}
