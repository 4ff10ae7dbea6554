/**
 * The shapes that flow through the wire core: the request as read off the socket, the response to write,
 * and the context every service handler receives.
 */
import type { Readable } from 'node:stream';
import type { RawHeaders } from '../auth/canonical.js';
import type { Caller } from '../auth/credentials.js';
import type { Protocol } from './service-catalog.js';

export interface HttpRequestHead {
  readonly method: string;
  /** Path exactly as on the request line (still percent-encoded), without the query. */
  readonly rawPath: string;
  /** Query exactly as on the request line, without `?`. */
  readonly rawQuery: string;
  /** Every header occurrence in arrival order, names as sent. */
  readonly rawHeaders: RawHeaders;
  /** Header values by lower-case name; repeated headers joined with `,`. */
  readonly headers: Readonly<Record<string, string>>;
  /** Client address (IPv4-mapped IPv6 addresses unwrapped). */
  readonly sourceIp: string;
  /** True when the request arrived over TLS. */
  readonly secure: boolean;
}

export type ResponseBody = Buffer | string | Readable;

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: ResponseBody;
}

/** What a handler may return for REST and S3 operations. */
export interface HttpResult {
  /** 200 unless given. */
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: ResponseBody;
}

export interface RequestContext {
  readonly requestId: string;
  /** Service that handles the request (the signing service for signed requests). */
  readonly service: string;
  /** Region of the credential scope; for unsigned requests the host's region or the default one. */
  readonly region: string;
  readonly protocol: Protocol;
  /** Query action, JSON operation (target without prefix), REST route name, or `S3`. */
  readonly operation: string;
  readonly caller: Caller;
  /** True when the request arrived over HTTPS (`aws:SecureTransport`). */
  readonly secureTransport: boolean;
  readonly sourceIp: string;
  /** The request time from the server's clock. */
  readonly now: Date;
  readonly userAgent: string | undefined;
  /** Scheme, host and port the client used, e.g. `http://127.0.0.1:4566` (for URLs in responses). */
  readonly endpoint: string;
  /**
   * Global condition keys the transport determines: `aws:SecureTransport`, `aws:SourceIp`,
   * `aws:CurrentTime`, `aws:EpochTime`, `aws:RequestedRegion`, and `aws:UserAgent` when sent.
   */
  readonly conditionKeys: Readonly<Record<string, string>>;
}
