/**
 * SigV4 cryptographic primitives: hashes, the signing-key derivation and signature comparison.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** Hex SHA-256 of the empty string: the payload hash of a request without a body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export interface SigningKeyInput {
  secretAccessKey: string;
  /** `YYYYMMDD` from the credential scope. */
  date: string;
  region: string;
  service: string;
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(input: SigningKeyInput): Buffer {
  const kDate = hmacSha256(`AWS4${input.secretAccessKey}`, input.date);
  const kRegion = hmacSha256(kDate, input.region);
  const kService = hmacSha256(kRegion, input.service);
  return hmacSha256(kService, 'aws4_request');
}

/** Lower-case hex HMAC-SHA256 of the string to sign. */
export function signatureOf(signingKey: Uint8Array, stringToSign: string): string {
  return hmacSha256(signingKey, stringToSign).toString('hex');
}

/** Constant-time comparison of two hex signatures (case-sensitive, as AWS compares them). */
export function signaturesEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The `x-amz-content-sha256` values that announce an aws-chunked body. */
export const STREAMING_PAYLOADS = [
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
] as const;
export type StreamingPayload = (typeof STREAMING_PAYLOADS)[number];

export function isStreamingPayload(value: string | undefined): value is StreamingPayload {
  return (STREAMING_PAYLOADS as readonly string[]).includes(value ?? '');
}

export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** What signed aws-chunked bodies chain their chunk signatures from. */
export interface ChunkSigningContext {
  readonly signingKey: Buffer;
  /** `YYYYMMDDTHHMMSSZ` of the request. */
  readonly amzDate: string;
  /** `YYYYMMDD/region/service/aws4_request`. */
  readonly scope: string;
  /** The request's own (header) signature: the first chunk's "previous signature". */
  readonly seedSignature: string;
}
