/**
 * The service registration API. Service implementations register one handler per operation; the server
 * finds them by protocol:
 *
 *   registry.query('sts', 'GetCallerIdentity', handler)              // query protocol, by Action
 *   registry.json('kms', 'TrentService.Encrypt', handler)            // JSON protocol, by X-Amz-Target
 *   registry.rest('lambda', 'GET', '/2015-03-31/functions/{FunctionName}', handler)   // REST-JSON
 *   registry.s3(handler)                                             // every S3 request
 *
 * Handlers return data; the server frames it (XML envelope, JSON body, request IDs) and renders thrown
 * `AwsError`s in the request's protocol.
 */
import type { CredentialLookup } from '../auth/credentials.js';
import type { Checksums } from './checksums.js';
import type { QueryParams } from './query-params.js';
import {
  DEFAULT_MAX_REQUEST_BYTES,
  type Protocol,
  SERVICE_CATALOG,
  type ServiceSettings,
} from './service-catalog.js';
import type { HttpResult, RequestContext } from './types.js';
import type { XmlValue } from './xml.js';

/**
 * `required` (default): unsigned requests are refused with MissingAuthenticationToken (S3: they reach the
 * handler as an Anonymous caller, since bucket policies may allow them). `optional` and `none`: unsigned
 * requests reach the handler as Anonymous (e.g. STS AssumeRoleWithWebIdentity); signed ones are verified.
 */
export type AuthMode = 'required' | 'optional' | 'none';

export interface OperationOptions {
  readonly auth?: AuthMode;
}

export interface QueryInput {
  readonly action: string;
  readonly version: string | undefined;
  /** Every parameter from the URL query and the form body (body wins). */
  readonly params: QueryParams;
}

/**
 * Returns the content of `<ActionResult>`, written by the rules of `xml.ts` (arrays become `<member>`
 * lists). `undefined` leaves the Result element out (operations with no output, e.g. IAM DeleteRole).
 */
export type QueryHandler = (input: QueryInput, ctx: RequestContext) => XmlValue | Promise<XmlValue>;

export interface JsonInput {
  /** The full `X-Amz-Target`, e.g. `TrentService.Encrypt`. */
  readonly target: string;
  /** The part after the last dot, e.g. `Encrypt`. */
  readonly operation: string;
  /** The parsed body; `{}` for an empty body. */
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * Returns the response object (Dates become epoch seconds, Buffers base64); `undefined` answers `{}`.
 */
export type JsonHandler = (input: JsonInput, ctx: RequestContext) => unknown;

export interface RestInput {
  readonly method: string;
  /** The decoded path. */
  readonly path: string;
  /** Values of the route's `{Label}`s, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The body as JSON (`{}` when empty); malformed JSON throws `SerializationException`. */
  json(): Record<string, unknown>;
}

export interface RestJsonResult {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object/array is sent as JSON; a Buffer or string as is; undefined sends no body. */
  readonly body?: unknown;
}

export type RestHandler = (input: RestInput, ctx: RequestContext) => RestJsonResult | Promise<RestJsonResult>;

export interface S3Input {
  readonly method: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly addressing: 'path' | 'virtual';
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  /** The payload: aws-chunked bodies are already decoded and their signatures/checksums verified. */
  readonly body: Buffer;
  /** Checksums the client sent (header or trailer) — all verified against `body`. */
  readonly checksums: Checksums;
  /** `Content-Encoding` with `aws-chunked` removed (what S3 stores), if anything is left. */
  readonly contentEncoding: string | undefined;
}

export type S3Handler = (input: S3Input, ctx: RequestContext) => HttpResult | Promise<HttpResult>;

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

interface Registered<H> {
  readonly service: string;
  readonly handler: H;
  readonly auth: AuthMode;
}

interface RestRoute extends Registered<RestHandler> {
  readonly method: HttpMethod;
  readonly template: string;
  readonly segments: readonly RouteSegment[];
}

type RouteSegment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'label'; readonly name: string; readonly greedy: boolean };

export interface ResolvedRestRoute {
  readonly route: Registered<RestHandler> & { readonly template: string };
  readonly params: Record<string, string>;
}

function parseTemplate(template: string): RouteSegment[] {
  if (!template.startsWith('/')) throw new Error(`REST route ${template} must start with "/"`);
  const parts = template.slice(1).split('/');
  return parts.map((part, index) => {
    const label = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(part);
    if (!label) {
      if (part.includes('{') || part.includes('}'))
        throw new Error(`REST route ${template}: bad segment ${part}`);
      return { kind: 'literal', text: part };
    }
    const greedy = label[2] === '+';
    if (greedy && index !== parts.length - 1)
      throw new Error(`REST route ${template}: {${label[1]}+} must be last`);
    return { kind: 'label', name: label[1]!, greedy };
  });
}

function matchRoute(segments: readonly RouteSegment[], rawPath: string): Record<string, string> | undefined {
  const parts = rawPath.replace(/^\//, '').split('/');
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (safeDecode(part) !== segment.text) return undefined;
      continue;
    }
    if (segment.greedy) {
      const rest = parts.slice(i).join('/');
      if (rest === '') return undefined;
      params[segment.name] = safeDecode(rest);
      return params;
    }
    if (part === '') return undefined;
    params[segment.name] = safeDecode(part);
  }
  return parts.length === segments.length ? params : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export class ServiceRegistry {
  private readonly settings = new Map<string, ServiceSettings>();
  private readonly queryOps = new Map<string, Registered<QueryHandler>>();
  private readonly jsonOps = new Map<string, Registered<JsonHandler>>();
  private readonly restRoutes: RestRoute[] = [];
  private s3Op: Registered<S3Handler> | undefined;
  private lookup: CredentialLookup | undefined;

  /**
   * Describes a service that is not in `SERVICE_CATALOG`, or overrides catalog facts (e.g. a larger
   * `maxRequestBytes`). Settings merge over the catalog entry.
   */
  configure(service: string, settings: Partial<ServiceSettings>): this {
    const base = this.settings.get(service) ?? SERVICE_CATALOG[service];
    const merged = { ...base, ...settings } as ServiceSettings;
    if (merged.protocol === undefined) throw new Error(`configure(${service}): a protocol is required`);
    if (base?.protocol !== undefined && base.protocol !== merged.protocol && this.hasHandlers(service)) {
      throw new Error(`configure(${service}): handlers are already registered for protocol ${base.protocol}`);
    }
    this.settings.set(service, merged);
    return this;
  }

  /** Registers a query-protocol action (`Action=` parameter) of `service`. */
  query(service: string, action: string, handler: QueryHandler, options: OperationOptions = {}): this {
    const settings = this.requireProtocol(service, 'query');
    if (!settings.xmlns || !settings.version) {
      throw new Error(`query(${service}): configure the service's version and xmlns first`);
    }
    this.add(this.queryOps, `${service}\u0000${action}`, {
      service,
      handler,
      auth: options.auth ?? 'required',
    });
    return this;
  }

  /** Registers a JSON-protocol operation by its full `X-Amz-Target` (`Prefix.Operation`). */
  json(service: string, target: string, handler: JsonHandler, options: OperationOptions = {}): this {
    this.requireProtocol(service, 'json');
    if (!/^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/.test(target)) {
      throw new Error(`json(${service}): target ${target} must look like Prefix.Operation`);
    }
    this.add(this.jsonOps, target, { service, handler, auth: options.auth ?? 'required' });
    return this;
  }

  /**
   * Registers a REST-JSON route. `{Label}` matches one path segment, `{Label+}` the rest of the path.
   * Routes are tried in registration order, so register specific paths before general ones.
   */
  rest(
    service: string,
    method: HttpMethod,
    template: string,
    handler: RestHandler,
    options: OperationOptions = {},
  ): this {
    this.requireProtocol(service, 'rest-json');
    const duplicate = this.restRoutes.find((r) => r.method === method && r.template === template);
    if (duplicate) throw new Error(`rest(${service}): ${method} ${template} is already registered`);
    this.restRoutes.push({
      service,
      method,
      template,
      segments: parseTemplate(template),
      handler,
      auth: options.auth ?? 'required',
    });
    return this;
  }

  /** Registers the single S3 handler that receives every S3 request (it dispatches on method/bucket/key/query). */
  s3(handler: S3Handler): this {
    this.requireProtocol('s3', 'rest-xml');
    if (this.s3Op) throw new Error('s3(): an S3 handler is already registered');
    this.s3Op = { service: 's3', handler, auth: 'required' };
    return this;
  }

  /** Sets where access keys are looked up (instead of `startLocalCloud({ credentials })`). */
  setCredentialLookup(lookup: CredentialLookup): this {
    if (this.lookup) throw new Error('setCredentialLookup(): a credential lookup is already set');
    this.lookup = lookup;
    return this;
  }

  // --- resolution, used by the dispatcher -------------------------------------------------------------

  get credentialLookup(): CredentialLookup | undefined {
    return this.lookup;
  }

  settingsOf(service: string): ServiceSettings | undefined {
    return this.settings.get(service) ?? SERVICE_CATALOG[service];
  }

  protocolOf(service: string): Protocol | undefined {
    return this.settingsOf(service)?.protocol;
  }

  maxRequestBytes(service: string | undefined): number {
    return (
      (service === undefined ? undefined : this.settingsOf(service)?.maxRequestBytes) ??
      DEFAULT_MAX_REQUEST_BYTES
    );
  }

  findQuery(service: string, action: string): Registered<QueryHandler> | undefined {
    return this.queryOps.get(`${service}\u0000${action}`);
  }

  /** The query service whose API version is `version` (how unsigned query requests find their service). */
  serviceOfQueryVersion(version: string | undefined): string | undefined {
    if (version === undefined) return undefined;
    const services = new Set([...this.queryOps.values()].map((op) => op.service));
    return [...services].find((s) => this.settingsOf(s)?.version === version);
  }

  findJson(target: string): Registered<JsonHandler> | undefined {
    const exact = this.jsonOps.get(target);
    if (exact) return exact;
    // Some clients (the aws CLI v1, for newer services) put the model's namespace before
    // Prefix.Operation: com.amazonaws.codestar.connections.CodeStar_connections_20191201.GetConnection
    const parts = target.split('.');
    return parts.length > 2 ? this.jsonOps.get(parts.slice(-2).join('.')) : undefined;
  }

  serviceOfTarget(target: string): string | undefined {
    return this.findJson(target)?.service;
  }

  findRest(method: string, rawPath: string, service?: string): ResolvedRestRoute | undefined {
    for (const route of this.restRoutes) {
      if (route.method !== method || (service !== undefined && route.service !== service)) continue;
      const params = matchRoute(route.segments, rawPath);
      if (params) return { route, params };
    }
    return undefined;
  }

  serviceOfRestRoute(method: string, rawPath: string): string | undefined {
    return this.findRest(method, rawPath)?.route.service;
  }

  findS3(): Registered<S3Handler> | undefined {
    return this.s3Op;
  }

  private hasHandlers(service: string): boolean {
    return (
      [...this.queryOps.values(), ...this.jsonOps.values(), ...this.restRoutes].some(
        (op) => op.service === service,
      ) ||
      (service === 's3' && this.s3Op !== undefined)
    );
  }

  private requireProtocol(service: string, protocol: Protocol): ServiceSettings {
    const settings = this.settingsOf(service);
    if (!settings)
      throw new Error(`Service ${service} is unknown: call configure('${service}', { protocol }) first`);
    if (settings.protocol !== protocol) {
      throw new Error(`Service ${service} speaks ${settings.protocol}, not ${protocol}`);
    }
    return settings;
  }

  private add<H>(map: Map<string, Registered<H>>, key: string, op: Registered<H>): void {
    if (map.has(key)) throw new Error(`${op.service}: ${key.replace('\u0000', ' ')} is already registered`);
    map.set(key, op);
  }
}

export function createServiceRegistry(): ServiceRegistry {
  return new ServiceRegistry();
}
