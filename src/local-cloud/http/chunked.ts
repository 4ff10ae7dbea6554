/**
 * Decoding of S3's `Content-Encoding: aws-chunked` bodies, announced by `x-amz-content-sha256`:
 *
 * - STREAMING-UNSIGNED-PAYLOAD-TRAILER          `hex-size\r\n data \r\n` … `0\r\n` trailers `\r\n`
 * - STREAMING-AWS4-HMAC-SHA256-PAYLOAD          `hex-size;chunk-signature=sig\r\n data \r\n` … `0;chunk-signature=sig\r\n\r\n`
 * - STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER  as above, then trailers and `x-amz-trailer-signature:sig\r\n\r\n`
 *
 * Chunk signatures chain from the request's (seed) signature:
 *   AWS4-HMAC-SHA256-PAYLOAD \n amzDate \n scope \n previous-signature \n sha256("") \n sha256(chunk-data)
 * and the trailer signature from the last chunk's:
 *   AWS4-HMAC-SHA256-TRAILER \n amzDate \n scope \n previous-signature \n sha256("name:value\n"…)
 *
 * Trailing `x-amz-checksum-*` values are verified against the decoded payload.
 */
import { S3_SIGNATURE_MISMATCH_MESSAGE } from '../auth/auth-errors.js';
import {
  type ChunkSigningContext,
  EMPTY_SHA256,
  type StreamingPayload,
  sha256Hex,
  signatureOf,
  signaturesEqual,
} from '../auth/signing.js';
import { algorithmOfHeader, assertChecksumMatches, type Checksums, computeChecksum } from './checksums.js';
import { AwsError } from './errors.js';

/** AWS's minimum size for every chunk but the last. */
export const MIN_CHUNK_BYTES = 8192;

export interface AwsChunkedInput {
  /** The encoded body as received. */
  readonly body: Buffer;
  /** The request's `x-amz-content-sha256`. */
  readonly payload: StreamingPayload;
  /** Needed for the signed variants. */
  readonly signing?: ChunkSigningContext;
  /** The `x-amz-decoded-content-length` header, as sent. */
  readonly decodedContentLength: string | undefined;
  /** The `x-amz-trailer` header, as sent (comma-separated names). */
  readonly declaredTrailers?: string;
  /** Smallest size allowed for chunks but the last; `MIN_CHUNK_BYTES` unless given (0 turns the rule off). */
  readonly minChunkBytes?: number;
}

export interface AwsChunkedResult {
  /** The decoded payload. */
  readonly body: Buffer;
  /** Trailing headers (names lower-case), without the trailer signature. */
  readonly trailers: Readonly<Record<string, string>>;
  /** Trailing checksums, verified. */
  readonly checksums: Checksums;
}

function incomplete(detail?: string): AwsError {
  return new AwsError(
    'IncompleteBody',
    detail ?? 'You did not provide the number of bytes specified by the Content-Length HTTP header',
  );
}

function signatureMismatch(): AwsError {
  return new AwsError('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH_MESSAGE, { status: 403 });
}

function malformedTrailer(): AwsError {
  return new AwsError(
    'MalformedTrailerError',
    'The request contained trailing data that was not well-formed or did not conform to our published schema.',
  );
}

const CRLF = Buffer.from('\r\n');
const MAX_LINE = 4096;

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** The next CRLF-terminated line, or undefined at the very end of the body (no bytes left). */
  line(): string | undefined {
    if (this.done) return undefined;
    const end = this.buf.indexOf(CRLF, this.pos);
    if (end < 0 || end - this.pos > MAX_LINE) {
      // A final line without CRLF is tolerated only at the end of the body.
      if (end < 0 && this.buf.length - this.pos <= MAX_LINE) {
        const text = this.buf.toString('latin1', this.pos);
        this.pos = this.buf.length;
        return text;
      }
      throw incomplete('The chunk header line is not terminated.');
    }
    const text = this.buf.toString('latin1', this.pos, end);
    this.pos = end + 2;
    return text;
  }

  bytes(n: number): Buffer {
    if (this.pos + n > this.buf.length) throw incomplete();
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  crlf(): void {
    if (this.buf[this.pos] !== 0x0d || this.buf[this.pos + 1] !== 0x0a) {
      throw incomplete('Chunk data is not followed by CRLF.');
    }
    this.pos += 2;
  }
}

interface ChunkHeader {
  size: number;
  signature: string | undefined;
}

function parseChunkHeader(line: string): ChunkHeader {
  const [sizeText = '', ...extensions] = line.split(';');
  if (!/^[0-9A-Fa-f]{1,12}$/.test(sizeText.trim())) {
    throw new AwsError('InvalidChunkSizeError', `Invalid chunk size '${sizeText.slice(0, 20)}'.`);
  }
  let signature: string | undefined;
  for (const ext of extensions) {
    const eq = ext.indexOf('=');
    if (eq >= 0 && ext.slice(0, eq).trim() === 'chunk-signature') signature = ext.slice(eq + 1).trim();
  }
  return { size: Number.parseInt(sizeText.trim(), 16), signature };
}

function chunkStringToSign(signing: ChunkSigningContext, previous: string, data: Buffer): string {
  return [
    'AWS4-HMAC-SHA256-PAYLOAD',
    signing.amzDate,
    signing.scope,
    previous,
    EMPTY_SHA256,
    sha256Hex(data),
  ].join('\n');
}

function trailerStringToSign(
  signing: ChunkSigningContext,
  previous: string,
  canonicalTrailers: string,
): string {
  return [
    'AWS4-HMAC-SHA256-TRAILER',
    signing.amzDate,
    signing.scope,
    previous,
    sha256Hex(canonicalTrailers),
  ].join('\n');
}

function parseDecodedLength(value: string | undefined): number {
  if (value === undefined) {
    throw new AwsError('MissingContentLength', 'You must provide the Content-Length HTTP header.', {
      status: 411,
    });
  }
  if (!/^\d{1,15}$/.test(value.trim())) {
    throw new AwsError('InvalidArgument', 'x-amz-decoded-content-length must be a non-negative integer.');
  }
  return Number(value.trim());
}

/** Reads the trailer section after the zero-size chunk: `name:value` lines up to an empty line or the end. */
function readTrailers(reader: Reader): { name: string; value: string }[] {
  const trailers: { name: string; value: string }[] = [];
  for (;;) {
    const line = reader.line();
    if (line === undefined || line === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformedTrailer();
    trailers.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
  }
  if (!reader.done) throw incomplete('Data found after the end of the aws-chunked body.');
  return trailers;
}

/** Decodes an aws-chunked body, checking chunk signatures, the decoded length and trailing checksums. */
export function decodeAwsChunked(input: AwsChunkedInput): AwsChunkedResult {
  const signed = input.payload !== 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';
  const withTrailer = input.payload !== 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
  const { signing } = input;
  if (signed && !signing) throw new Error('decodeAwsChunked: signed payloads need the signing context');
  const expectedLength = parseDecodedLength(input.decodedContentLength);
  const minChunk = input.minChunkBytes ?? MIN_CHUNK_BYTES;

  const reader = new Reader(input.body);
  const parts: Buffer[] = [];
  let total = 0;
  let previous = signing?.seedSignature ?? '';
  let sawShortChunk = false;
  for (;;) {
    const line = reader.line();
    if (line === undefined) throw incomplete();
    const header = parseChunkHeader(line);
    if (total + header.size > expectedLength)
      throw incomplete('The chunks carry more bytes than x-amz-decoded-content-length.');
    const data = reader.bytes(header.size);
    if (header.size > 0) reader.crlf();
    if (signed) {
      if (header.signature === undefined) throw signatureMismatch();
      const expected = signatureOf(signing!.signingKey, chunkStringToSign(signing!, previous, data));
      if (!signaturesEqual(expected, header.signature)) throw signatureMismatch();
      previous = header.signature;
    }
    if (header.size === 0) break;
    if (sawShortChunk) {
      throw new AwsError(
        'InvalidChunkSizeError',
        `Only the last chunk is allowed to have a size less than ${minChunk} bytes`,
      );
    }
    if (header.size < minChunk) sawShortChunk = true;
    parts.push(data);
    total += data.length;
  }
  if (total !== expectedLength) throw incomplete();

  const trailers = readTrailers(reader);
  if (!withTrailer && trailers.length > 0) throw malformedTrailer();

  const body = parts.length === 1 ? parts[0]! : Buffer.concat(parts, total);
  const result: Record<string, string> = {};
  let trailerSignature: string | undefined;
  for (const { name, value } of trailers) {
    if (name === 'x-amz-trailer-signature') trailerSignature = value;
    else result[name] = value;
  }

  if (signed && withTrailer) {
    if (trailerSignature === undefined) throw signatureMismatch();
    const canonical = trailers
      .filter((t) => t.name !== 'x-amz-trailer-signature')
      .map((t) => `${t.name}:${t.value}\n`)
      .join('');
    const expected = signatureOf(signing!.signingKey, trailerStringToSign(signing!, previous, canonical));
    if (!signaturesEqual(expected, trailerSignature)) throw signatureMismatch();
  } else if (trailerSignature !== undefined) {
    throw malformedTrailer();
  }

  const declared = (input.declaredTrailers ?? '')
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .filter((n) => n !== '');
  for (const name of declared) if (!(name in result)) throw malformedTrailer();
  for (const name of Object.keys(result)) if (!declared.includes(name)) throw malformedTrailer();

  const checksums: Checksums = {};
  const checksumNames = Object.keys(result).filter((n) => algorithmOfHeader(n) !== undefined);
  if (checksumNames.length > 1) {
    throw new AwsError(
      'InvalidRequest',
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  }
  for (const name of checksumNames) {
    const algorithm = algorithmOfHeader(name)!;
    assertChecksumMatches(algorithm, result[name]!, computeChecksum(algorithm, parts));
    checksums[algorithm] = result[name]!;
  }
  return { body, trailers: result, checksums };
}
