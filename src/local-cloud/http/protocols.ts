/**
 * Which AWS wire protocol a request speaks and, for S3, which bucket and key it addresses. Pure functions
 * of the request head; the registry's knowledge comes in through `ProtocolHints`.
 */
import { AwsError } from './errors.js';
import type { Protocol } from './service-catalog.js';
import type { HttpRequestHead } from './types.js';

export interface ProtocolHints {
  /** The protocol of a service with registered handlers (or in the catalog). */
  protocolOf(service: string): Protocol | undefined;
  /** The service that registered an `X-Amz-Target` value. */
  serviceOfTarget(target: string): string | undefined;
  /** The service whose REST route matches. */
  serviceOfRestRoute(method: string, rawPath: string): string | undefined;
}

export interface Classification {
  readonly protocol: Protocol;
  /** Known up front for signed requests, JSON targets, REST routes and S3; query requests without a
   * signature learn it later from the `Version` parameter in the body. */
  readonly service: string | undefined;
}

function isFormEncoded(headers: Readonly<Record<string, string>>): boolean {
  return (headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function isAmzJson(headers: Readonly<Record<string, string>>): boolean {
  return (headers['content-type'] ?? '').toLowerCase().startsWith('application/x-amz-json-');
}

function queryHasAction(rawQuery: string): boolean {
  return rawQuery.split('&').some((p) => p.startsWith('Action='));
}

/** Classifies a request by its signing service (if any), headers and path. */
export function classifyRequest(
  head: HttpRequestHead,
  signingService: string | undefined,
  hints: ProtocolHints,
): Classification {
  const target = head.headers['x-amz-target'];
  if (signingService !== undefined) {
    if (signingService === 's3') return { protocol: 'rest-xml', service: 's3' };
    const known = hints.protocolOf(signingService);
    if (known) return { protocol: known, service: signingService };
    if (target !== undefined || isAmzJson(head.headers)) return { protocol: 'json', service: signingService };
    if (isFormEncoded(head.headers) || queryHasAction(head.rawQuery)) {
      return { protocol: 'query', service: signingService };
    }
    return { protocol: 'rest-json', service: signingService };
  }
  if (target !== undefined) return { protocol: 'json', service: hints.serviceOfTarget(target) };
  if (isFormEncoded(head.headers) || queryHasAction(head.rawQuery))
    return { protocol: 'query', service: undefined };
  const restService = hints.serviceOfRestRoute(head.method, head.rawPath);
  if (restService !== undefined) return { protocol: 'rest-json', service: restService };
  return { protocol: 'rest-xml', service: 's3' };
}

export interface S3Address {
  readonly style: 'path' | 'virtual';
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  /** Region named in a host like `bucket.s3.eu-west-1.localhost`, if any. */
  readonly hostRegion: string | undefined;
}

/** Host without port, lower-case (`[::1]:80` → `::1`). */
export function hostWithoutPort(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) {
    const end = trimmed.indexOf(']');
    return end < 0 ? trimmed : trimmed.slice(1, end);
  }
  const colon = trimmed.lastIndexOf(':');
  return colon < 0 ? trimmed : trimmed.slice(0, colon);
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

const S3_LABEL = /^s3(?:[.-]([a-z0-9-]+))?$/;

/**
 * Bucket label and region from a host name, for virtual-hosted-style requests:
 * `bucket.<hostname>`, `bucket.s3.<hostname>`, `bucket.s3.<region>.<hostname>`, or any `bucket.s3.…` host.
 */
function virtualHost(
  host: string,
  hostname: string,
): { bucket: string; region: string | undefined } | undefined {
  if (isIpAddress(host)) return undefined;
  const suffix = `.${hostname}`;
  let prefix: string;
  if (host === hostname) return undefined;
  if (host.endsWith(suffix)) {
    prefix = host.slice(0, -suffix.length);
    if (S3_LABEL.test(prefix)) return undefined; // s3.<hostname>, s3.<region>.<hostname>
    const match = /^(.+?)\.(s3(?:[.-][a-z0-9-]+)?)$/.exec(prefix);
    if (match) return { bucket: match[1]!, region: S3_LABEL.exec(match[2]!)?.[1] };
    return { bucket: prefix, region: undefined };
  }
  const generic = /^(.+?)\.s3(?:[.-]([a-z0-9-]+))?\./.exec(host);
  if (generic && !host.startsWith('s3.') && !host.startsWith('s3-')) {
    return { bucket: generic[1]!, region: generic[2] };
  }
  return undefined;
}

function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new AwsError('InvalidURI', "Couldn't parse the specified URI.");
  }
}

/** The bucket and key a request addresses, from the Host header and path (`hostname`: e.g. `localhost`). */
export function s3Address(input: { host: string; rawPath: string; hostname: string }): S3Address {
  const host = hostWithoutPort(input.host);
  const path = input.rawPath.startsWith('/') ? input.rawPath.slice(1) : input.rawPath;
  const virtual = virtualHost(host, input.hostname.toLowerCase());
  if (virtual) {
    return {
      style: 'virtual',
      bucket: virtual.bucket,
      key: path === '' ? undefined : decodePathPart(path),
      hostRegion: virtual.region,
    };
  }
  const slash = path.indexOf('/');
  const bucketPart = slash < 0 ? path : path.slice(0, slash);
  const keyPart = slash < 0 ? '' : path.slice(slash + 1);
  const hostRegion = /^s3[.-]([a-z0-9-]+)\./.exec(host)?.[1];
  return {
    style: 'path',
    bucket: bucketPart === '' ? undefined : decodePathPart(bucketPart),
    key: keyPart === '' ? undefined : decodePathPart(keyPart),
    hostRegion,
  };
}
