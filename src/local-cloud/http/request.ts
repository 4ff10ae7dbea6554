/**
 * Reading a request off a Node socket: the head (as the wire had it, for SigV4) and the body (with a
 * size limit, so one request cannot exhaust memory).
 */
import type { IncomingMessage } from 'node:http';
import { AwsError } from './errors.js';
import type { HttpRequestHead } from './types.js';

function splitTarget(url: string): { rawPath: string; rawQuery: string } {
  // Absolute-form targets (`http://host/path`) come from proxies; keep only path and query.
  let target = url;
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(target);
  if (scheme) target = target.slice(scheme[0].length) || '/';
  const hash = target.indexOf('#');
  if (hash >= 0) target = target.slice(0, hash);
  const q = target.indexOf('?');
  return q < 0
    ? { rawPath: target, rawQuery: '' }
    : { rawPath: target.slice(0, q), rawQuery: target.slice(q + 1) };
}

function unwrapMappedIpv4(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function readHead(req: IncomingMessage, secure: boolean): HttpRequestHead {
  const rawHeaders: [string, string][] = [];
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    const value = req.rawHeaders[i + 1]!;
    rawHeaders.push([name, value]);
    const lower = name.toLowerCase();
    headers[lower] = lower in headers ? `${headers[lower]},${value}` : value;
  }
  const { rawPath, rawQuery } = splitTarget(req.url ?? '/');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    rawPath: rawPath === '' ? '/' : rawPath,
    rawQuery,
    rawHeaders,
    headers,
    sourceIp: unwrapMappedIpv4(req.socket.remoteAddress),
    secure,
  };
}

/** The error for a body above the limit: S3's EntityTooLarge, else a 413 RequestEntityTooLarge. */
export function bodyTooLargeError(limit: number, s3: boolean): AwsError {
  return s3
    ? new AwsError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', {
        fields: { MaxSizeAllowed: String(limit) },
      })
    : new AwsError('RequestEntityTooLarge', `Request body exceeds the maximum of ${limit} bytes.`, {
        status: 413,
      });
}

/** The declared Content-Length, if there is a valid one. */
export function declaredLength(head: HttpRequestHead): number | undefined {
  const value = head.headers['content-length'];
  if (value === undefined || !/^\d{1,16}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/** Buffers the body; rejects with `BodyTooLarge` as soon as it passes `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      fn();
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > limit) {
        settle(() => reject(new BodyTooLarge(limit)));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () =>
      settle(() => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)));
    const onError = (err: Error) => settle(() => reject(err));
    const onClose = () =>
      settle(() => reject(new Error('The client closed the connection before sending the body.')));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
