/**
 * SigV4 verification of header-signed and presigned (query-string) requests. The canonical request is
 * rebuilt from the request as it arrived and signed with the secret from the injected lookup; the result
 * is either the verified caller or a failure with the reason AWS would give. Failures are protocol-neutral;
 * `auth-errors.ts` renders them as each protocol's AWS error.
 */
import {
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUriCandidates,
  type RawHeaders,
  stringToSign,
} from './canonical.js';
import { type ClaimProblem, headerValue, readSigV4Claim, type SigV4Claim } from './claim.js';
import type { CredentialLookup, CredentialRecord, CredentialsCaller } from './credentials.js';
import {
  type ChunkSigningContext,
  deriveSigningKey,
  isStreamingPayload,
  type StreamingPayload,
  sha256Hex,
  signatureOf,
  signaturesEqual,
  UNSIGNED_PAYLOAD,
} from './signing.js';

/** AWS's allowed clock difference between client and server. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export interface SigV4Request {
  readonly method: string;
  /** Path exactly as on the request line, without the query. */
  readonly rawPath: string;
  /** Query exactly as on the request line, without `?`. */
  readonly rawQuery: string;
  readonly headers: RawHeaders;
  /** The body as received (still aws-chunked, if it is). */
  readonly body: Buffer;
}

export interface VerifySigV4Options {
  readonly request: SigV4Request;
  readonly lookup: CredentialLookup;
  readonly now: Date;
}

/** What the signature says about the body. */
export type PayloadKind =
  | { readonly kind: 'hashed' }
  | { readonly kind: 'unsigned' }
  | { readonly kind: 'streaming'; readonly mode: StreamingPayload };

export type AuthFailureReason =
  | ClaimProblem
  | 'UnknownAccessKey'
  | 'InvalidSessionToken'
  | 'SignatureMismatch'
  | 'RequestTimeTooSkewed'
  | 'ExpiredToken'
  | 'PresignedExpired'
  | 'PresignedNotYetValid'
  | 'MissingContentSha256'
  | 'InvalidContentSha256'
  | 'ContentSha256Mismatch';

export interface AuthFailure {
  readonly reason: AuthFailureReason;
  /** Detail for the message (AWS's wording where the reason has one). */
  readonly message: string;
  /** Signing service from the credential scope, when the claim got that far. */
  readonly service?: string;
  readonly accessKeyId?: string;
  /** Header-signed or presigned, when known. */
  readonly method?: 'header' | 'presigned';
  /** SignatureMismatch: what the server signed (S3 returns these to help debugging). */
  readonly canonicalRequest?: string;
  readonly stringToSign?: string;
  readonly signatureProvided?: string;
  /** RequestTimeTooSkewed / presigned expiry: times in `YYYYMMDDTHHMMSSZ`. */
  readonly requestTime?: string;
  readonly serverTime?: string;
  readonly expires?: string;
  readonly expiresSeconds?: number;
  /** ContentSha256Mismatch: both hashes. */
  readonly clientSha256?: string;
  readonly serverSha256?: string;
}

export type SigV4Outcome =
  | { readonly status: 'anonymous' }
  | {
      readonly status: 'verified';
      readonly caller: CredentialsCaller;
      readonly payload: PayloadKind;
      readonly chunkSigning: ChunkSigningContext;
    }
  | { readonly status: 'failed'; readonly failure: AuthFailure };

/** `20240102T030405Z` ↔ Date. */
export function parseAmzDate(amzDate: string): Date {
  const iso = `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`;
  return new Date(iso);
}

export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

interface PayloadPlan {
  readonly candidates: readonly string[];
  readonly kind: PayloadKind;
  /** A hex hash the client declared, to compare with the body once the signature holds. */
  readonly declaredSha256?: string;
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

function queryValueIgnoringCase(rawQuery: string, name: string): string | undefined {
  for (const piece of rawQuery.split('&')) {
    const eq = piece.indexOf('=');
    const key = eq < 0 ? piece : piece.slice(0, eq);
    if (key.toLowerCase() === name) return decodeURIComponentSafe(eq < 0 ? '' : piece.slice(eq + 1));
  }
  return undefined;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Which payload hashes the client may have signed, and what that says about the body. */
function planPayload(claim: SigV4Claim, request: SigV4Request): PayloadPlan | AuthFailure {
  const s3 = claim.service === 's3';
  const headerDeclared = headerValue(request.headers, 'x-amz-content-sha256');
  const declared =
    claim.method === 'presigned'
      ? (queryValueIgnoringCase(request.rawQuery, 'x-amz-content-sha256') ?? headerDeclared)
      : headerDeclared;
  const bodyHash = () => sha256Hex(request.body);

  if (!s3) {
    if (claim.method === 'presigned' && declared === UNSIGNED_PAYLOAD) {
      return { candidates: [UNSIGNED_PAYLOAD], kind: { kind: 'unsigned' } };
    }
    const candidates = [bodyHash()];
    if (claim.method === 'presigned' && request.body.length === 0) candidates.push(UNSIGNED_PAYLOAD);
    return { candidates, kind: { kind: 'hashed' } };
  }

  if (declared === undefined) {
    // S3 presigners sign UNSIGNED-PAYLOAD; a generic SigV4 presigner signs the (usually empty) body's hash.
    if (claim.method === 'presigned')
      return { candidates: [UNSIGNED_PAYLOAD, bodyHash()], kind: { kind: 'unsigned' } };
    return {
      reason: 'MissingContentSha256',
      message: 'Missing required header for this request: x-amz-content-sha256',
      service: claim.service,
    };
  }
  if (declared === UNSIGNED_PAYLOAD) return { candidates: [declared], kind: { kind: 'unsigned' } };
  if (isStreamingPayload(declared) && claim.method === 'header') {
    return { candidates: [declared], kind: { kind: 'streaming', mode: declared } };
  }
  if (HEX_SHA256.test(declared)) {
    return { candidates: [declared], kind: { kind: 'hashed' }, declaredSha256: declared.toLowerCase() };
  }
  return {
    reason: 'InvalidContentSha256',
    message:
      'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, or a valid sha256 value.',
    service: claim.service,
  };
}

function sessionTokenMatches(record: CredentialRecord, provided: string | undefined): boolean {
  if (record.sessionToken === undefined) return provided === undefined;
  return provided !== undefined && signaturesEqual(record.sessionToken, provided);
}

function checkTime(claim: SigV4Claim, now: Date): AuthFailure | undefined {
  const signedAt = parseAmzDate(claim.amzDate).getTime();
  const serverTime = formatAmzDate(now);
  const base = {
    service: claim.service,
    accessKeyId: claim.accessKeyId,
    method: claim.method,
    requestTime: claim.amzDate,
    serverTime,
  };
  if (claim.method === 'header') {
    const skew = signedAt - now.getTime();
    if (skew < -MAX_CLOCK_SKEW_MS) {
      const limit = formatAmzDate(new Date(now.getTime() - MAX_CLOCK_SKEW_MS));
      return {
        ...base,
        reason: 'RequestTimeTooSkewed',
        message: `Signature expired: ${claim.amzDate} is now earlier than ${limit} (${serverTime} - 15 min.)`,
      };
    }
    if (skew > MAX_CLOCK_SKEW_MS) {
      const limit = formatAmzDate(new Date(now.getTime() + MAX_CLOCK_SKEW_MS));
      return {
        ...base,
        reason: 'RequestTimeTooSkewed',
        message: `Signature not yet current: ${claim.amzDate} is still later than ${limit} (${serverTime} + 15 min.)`,
      };
    }
    return undefined;
  }
  if (signedAt - now.getTime() > MAX_CLOCK_SKEW_MS) {
    return { ...base, reason: 'PresignedNotYetValid', message: 'Request is not yet valid' };
  }
  const expiresAt = signedAt + (claim.expiresSeconds ?? 0) * 1000;
  if (now.getTime() > expiresAt) {
    return {
      ...base,
      reason: 'PresignedExpired',
      message: 'Request has expired',
      expires: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      expiresSeconds: claim.expiresSeconds,
    };
  }
  return undefined;
}

/** Verifies the request's SigV4 signature; `anonymous` when it carries none. */
export async function verifySigV4(options: VerifySigV4Options): Promise<SigV4Outcome> {
  const { request, now } = options;
  const read = readSigV4Claim({ headers: request.headers, rawQuery: request.rawQuery });
  if (read.kind === 'none') return { status: 'anonymous' };
  if (read.kind === 'invalid') {
    return {
      status: 'failed',
      failure: { reason: read.problem, message: read.message, service: read.service, method: read.method },
    };
  }
  const { claim } = read;
  const who = { service: claim.service, accessKeyId: claim.accessKeyId, method: claim.method };

  const record = await options.lookup(claim.accessKeyId);
  if (!record) {
    return {
      status: 'failed',
      failure: {
        ...who,
        reason: 'UnknownAccessKey',
        message: 'The security token included in the request is invalid.',
      },
    };
  }
  if (!sessionTokenMatches(record, claim.sessionToken)) {
    return {
      status: 'failed',
      failure: {
        ...who,
        reason: 'InvalidSessionToken',
        message: 'The security token included in the request is invalid.',
      },
    };
  }

  const plan = planPayload(claim, request);
  if ('reason' in plan) return { status: 'failed', failure: plan };

  const headers = canonicalHeaders(request.headers, claim.signedHeaders);
  if (!headers.ok) {
    return {
      status: 'failed',
      failure: {
        ...who,
        reason: 'SignatureMismatch',
        message: `The request signs header '${headers.missing}' but does not carry it.`,
        signatureProvided: claim.signature,
      },
    };
  }
  const signingKey = deriveSigningKey({
    secretAccessKey: record.secretAccessKey,
    date: claim.date,
    region: claim.region,
    service: claim.service,
  });
  const canonicalQuery = canonicalQueryString(
    request.rawQuery,
    claim.method === 'presigned' ? 'X-Amz-Signature' : undefined,
  );
  let first: { canonicalRequest: string; stringToSign: string } | undefined;
  let matchedPayloadHash: string | undefined;
  search: for (const canonicalUri of canonicalUriCandidates(request.rawPath, {
    s3: claim.service === 's3',
  })) {
    for (const payloadHash of plan.candidates) {
      const canonical = canonicalRequest({
        method: request.method,
        canonicalUri,
        canonicalQuery,
        canonicalHeaders: headers.text,
        signedHeaders: claim.signedHeaders,
        payloadHash,
      });
      const toSign = stringToSign({
        amzDate: claim.amzDate,
        scope: claim.scope,
        canonicalRequestHash: sha256Hex(canonical),
      });
      first ??= { canonicalRequest: canonical, stringToSign: toSign };
      if (signaturesEqual(signatureOf(signingKey, toSign), claim.signature)) {
        matchedPayloadHash = payloadHash;
        break search;
      }
    }
  }
  if (matchedPayloadHash === undefined) {
    return {
      status: 'failed',
      failure: {
        ...who,
        reason: 'SignatureMismatch',
        message: 'The request signature we calculated does not match the signature you provided.',
        canonicalRequest: first?.canonicalRequest,
        stringToSign: first?.stringToSign,
        signatureProvided: claim.signature,
      },
    };
  }

  const timeFailure = checkTime(claim, now);
  if (timeFailure) return { status: 'failed', failure: timeFailure };

  if (record.expiresAt !== undefined && now.getTime() >= record.expiresAt.getTime()) {
    return {
      status: 'failed',
      failure: {
        ...who,
        reason: 'ExpiredToken',
        message: 'The security token included in the request is expired',
      },
    };
  }

  if (plan.declaredSha256 !== undefined) {
    const actual = sha256Hex(request.body);
    if (actual !== plan.declaredSha256) {
      return {
        status: 'failed',
        failure: {
          ...who,
          reason: 'ContentSha256Mismatch',
          message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
          clientSha256: plan.declaredSha256,
          serverSha256: actual,
        },
      };
    }
  }

  return {
    status: 'verified',
    caller: {
      type: 'Credentials',
      accessKeyId: claim.accessKeyId,
      credentials: record,
      signature: {
        method: claim.method,
        service: claim.service,
        region: claim.region,
        date: claim.date,
        amzDate: claim.amzDate,
        payloadHash: matchedPayloadHash,
      },
    },
    payload:
      plan.kind.kind === 'streaming'
        ? plan.kind
        : matchedPayloadHash === UNSIGNED_PAYLOAD
          ? { kind: 'unsigned' }
          : { kind: 'hashed' },
    chunkSigning: { signingKey, amzDate: claim.amzDate, scope: claim.scope, seedSignature: claim.signature },
  };
}
