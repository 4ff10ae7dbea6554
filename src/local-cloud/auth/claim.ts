/**
 * Reads what a request claims about its SigV4 signature — from the Authorization header or from presigned
 * X-Amz-* query parameters — without checking it. Needs no body and no secret, so the server can learn
 * the signing service (and with it the protocol and body limit) before reading the body.
 */
import { percentDecodeBytes, type RawHeaders } from './canonical.js';
import { SIGV4_ALGORITHM } from './signing.js';

export interface SigV4Claim {
  readonly method: 'header' | 'presigned';
  readonly accessKeyId: string;
  /** `YYYYMMDD/region/service/aws4_request`. */
  readonly scope: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  readonly amzDate: string;
  readonly sessionToken: string | undefined;
  /** Presigned only: lifetime in seconds from `amzDate`. */
  readonly expiresSeconds: number | undefined;
}

/** Why the claim could not be read; `auth-errors.ts` turns these into each protocol's AWS error. */
export type ClaimProblem =
  | 'UnsupportedAlgorithm'
  | 'MalformedAuthorization'
  | 'MalformedCredential'
  | 'MissingDate'
  | 'ScopeDateMismatch'
  | 'InvalidExpires'
  | 'ConflictingAuth';

export type ClaimResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'claim'; readonly claim: SigV4Claim }
  | {
      readonly kind: 'invalid';
      readonly problem: ClaimProblem;
      readonly message: string;
      readonly method: 'header' | 'presigned';
      readonly service?: string;
    };

export interface ClaimSource {
  headers: RawHeaders;
  rawQuery: string;
}

const AMZ_DATE = /^\d{8}T\d{6}Z$/;
const MAX_PRESIGN_SECONDS = 604_800;

/** All values of a header (name lower-case), joined with `,`; undefined when absent. */
export function headerValue(headers: RawHeaders, name: string): string | undefined {
  const values = headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
  return values.length === 0 ? undefined : values.join(',');
}

function queryValues(rawQuery: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = percentDecodeBytes(eq < 0 ? piece : piece.slice(0, eq)).toString('utf8');
    const value = percentDecodeBytes(eq < 0 ? '' : piece.slice(eq + 1)).toString('utf8');
    if (!values.has(name)) values.set(name, value);
  }
  return values;
}

interface Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

function parseCredential(credential: string): Scope | undefined {
  const parts = credential.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  if (!accessKeyId || !/^\d{8}$/.test(date) || !region || !service || terminator !== 'aws4_request')
    return undefined;
  return { accessKeyId, date, region, service };
}

function invalid(
  method: 'header' | 'presigned',
  problem: ClaimProblem,
  message: string,
  service?: string,
): ClaimResult {
  return service === undefined
    ? { kind: 'invalid', method, problem, message }
    : { kind: 'invalid', method, problem, message, service };
}

const CREDENTIAL_SHAPE = 'expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request"';

function fromHeader(authorization: string, headers: RawHeaders): ClaimResult {
  const match = /^(\S+)\s+([\s\S]*)$/.exec(authorization.trim());
  const algorithm = match?.[1] ?? authorization.trim();
  if (algorithm !== SIGV4_ALGORITHM) {
    return invalid(
      'header',
      'UnsupportedAlgorithm',
      `Unsupported authorization type: ${algorithm.slice(0, 40)}`,
    );
  }
  const components = new Map<string, string>();
  for (const part of (match?.[2] ?? '').split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0)
      return invalid(
        'header',
        'MalformedAuthorization',
        `Authorization component '${trimmed.slice(0, 40)}' has no value.`,
      );
    components.set(trimmed.slice(0, eq).trim(), trimmed.slice(eq + 1).trim());
  }
  for (const required of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!components.get(required)) {
      return invalid(
        'header',
        'MalformedAuthorization',
        `Authorization header requires '${required}' parameter.`,
      );
    }
  }
  const scope = parseCredential(components.get('Credential')!);
  if (!scope)
    return invalid('header', 'MalformedCredential', `the Credential is mal-formed; ${CREDENTIAL_SHAPE}.`);
  const amzDate = headerValue(headers, 'x-amz-date') ?? dateHeaderAsAmzDate(headerValue(headers, 'date'));
  return finish({
    method: 'header',
    scope,
    signedHeaders: components.get('SignedHeaders')!,
    signature: components.get('Signature')!,
    amzDate,
    sessionToken: headerValue(headers, 'x-amz-security-token'),
    expires: undefined,
  });
}

/** SigV4 also accepts an HTTP `Date` header instead of `X-Amz-Date`. */
function dateHeaderAsAmzDate(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) return undefined;
  return parsed
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function fromQuery(query: Map<string, string>): ClaimResult {
  const algorithm = query.get('X-Amz-Algorithm')!;
  if (algorithm !== SIGV4_ALGORITHM) {
    return invalid(
      'presigned',
      'UnsupportedAlgorithm',
      `X-Amz-Algorithm only supports "${SIGV4_ALGORITHM}".`,
    );
  }
  for (const required of ['X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']) {
    if (!query.get(required)) {
      return invalid(
        'presigned',
        'MalformedAuthorization',
        `Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.`,
      );
    }
  }
  const scope = parseCredential(query.get('X-Amz-Credential')!);
  if (!scope)
    return invalid(
      'presigned',
      'MalformedCredential',
      `X-Amz-Credential is mal-formed; ${CREDENTIAL_SHAPE}.`,
    );
  return finish({
    method: 'presigned',
    scope,
    signedHeaders: query.get('X-Amz-SignedHeaders')!,
    signature: query.get('X-Amz-Signature')!,
    amzDate: query.get('X-Amz-Date'),
    sessionToken: query.get('X-Amz-Security-Token'),
    expires: query.get('X-Amz-Expires') ?? '',
  });
}

function finish(input: {
  method: 'header' | 'presigned';
  scope: Scope;
  signedHeaders: string;
  signature: string;
  amzDate: string | undefined;
  sessionToken: string | undefined;
  expires: string | undefined;
}): ClaimResult {
  const { scope } = input;
  if (input.amzDate === undefined || !AMZ_DATE.test(input.amzDate)) {
    return invalid(
      input.method,
      'MissingDate',
      'AWS authentication requires a valid Date or x-amz-date header',
      scope.service,
    );
  }
  if (input.amzDate.slice(0, 8) !== scope.date) {
    return invalid(
      input.method,
      'ScopeDateMismatch',
      `Invalid credential date "${scope.date}". This date is not the same as X-Amz-Date: "${input.amzDate.slice(0, 8)}".`,
      scope.service,
    );
  }
  let expiresSeconds: number | undefined;
  if (input.expires !== undefined) {
    if (!/^\d{1,7}$/.test(input.expires) || Number(input.expires) < 1) {
      return invalid(
        input.method,
        'InvalidExpires',
        'X-Amz-Expires should be a number of seconds from 1 to 604800.',
        scope.service,
      );
    }
    expiresSeconds = Number(input.expires);
    if (expiresSeconds > MAX_PRESIGN_SECONDS) {
      return invalid(
        input.method,
        'InvalidExpires',
        'X-Amz-Expires must be less than a week (in seconds) that is 604800',
        scope.service,
      );
    }
  }
  const signedHeaders = input.signedHeaders.split(';').map((h) => h.trim().toLowerCase());
  if (signedHeaders.some((h) => h === '')) {
    return invalid(
      input.method,
      'MalformedAuthorization',
      'SignedHeaders contains an empty header name.',
      scope.service,
    );
  }
  if (!signedHeaders.includes('host')) {
    return invalid(
      input.method,
      'MalformedAuthorization',
      "'Host' must be a 'SignedHeader' in the AWS Authorization.",
      scope.service,
    );
  }
  return {
    kind: 'claim',
    claim: {
      method: input.method,
      accessKeyId: scope.accessKeyId,
      scope: `${scope.date}/${scope.region}/${scope.service}/aws4_request`,
      date: scope.date,
      region: scope.region,
      service: scope.service,
      signedHeaders,
      signature: input.signature,
      amzDate: input.amzDate,
      sessionToken: input.sessionToken,
      expiresSeconds,
    },
  };
}

/** What the request claims; `none` when it carries no SigV4 material at all (an anonymous request). */
export function readSigV4Claim(source: ClaimSource): ClaimResult {
  const authorization = headerValue(source.headers, 'authorization');
  const query = queryValues(source.rawQuery);
  const presigned =
    query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential') || query.has('X-Amz-Signature');
  if (authorization !== undefined && presigned) {
    return invalid(
      'header',
      'ConflictingAuth',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
    );
  }
  if (authorization !== undefined) return fromHeader(authorization, source.headers);
  if (presigned) {
    if (!query.has('X-Amz-Algorithm')) {
      return invalid(
        'presigned',
        'MalformedAuthorization',
        'Query-string authentication requires the X-Amz-Algorithm parameter.',
      );
    }
    return fromQuery(query);
  }
  return { kind: 'none' };
}
