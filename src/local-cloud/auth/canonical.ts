/**
 * The SigV4 canonical request, rebuilt from a request as it arrived on the wire:
 *
 *   METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n HashedPayload
 *
 * URI encoding is RFC 3986: every byte except `A-Z a-z 0-9 - _ . ~` becomes `%XX` (upper-case hex).
 * Paths: S3 encodes once (the key as sent, no dot-segment normalisation); every other service removes
 * empty and dot segments and encodes the already-encoded path again ("double encoding").
 */

/** Header name/value pairs in arrival order, names as sent (any case), one pair per occurrence. */
export type RawHeaders = readonly (readonly [string, string])[];

const UNRESERVED = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~')
  UNRESERVED[c.charCodeAt(0)] = 1;
const HEX = '0123456789ABCDEF';

export function uriEncodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += UNRESERVED[b] ? String.fromCharCode(b) : `%${HEX[b >> 4]}${HEX[b & 15]}`;
  return out;
}

/** RFC 3986 encoding of the UTF-8 bytes of `text`. */
export function uriEncode(text: string): string {
  return uriEncodeBytes(Buffer.from(text, 'utf8'));
}

/** Decodes `%XX` escapes to bytes; a `%` not followed by two hex digits stays a literal `%`. Never throws. */
export function percentDecodeBytes(text: string): Buffer {
  const src = Buffer.from(text, 'utf8');
  const out = Buffer.alloc(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25 && i + 2 < src.length && isHex(src[i + 1]) && isHex(src[i + 2])) {
      out[n++] = Number.parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16);
      i += 2;
    } else {
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
}

function isHex(b: number | undefined): boolean {
  return (
    b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))
  );
}

/** Removes empty, `.` and `..` segments, keeping a leading and (when something remains) trailing slash. */
export function normalizePath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const lead = path.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `${lead}${segments.join('/')}${trail}`;
}

/**
 * Canonical URIs a genuine signer may have used for this wire path, most likely first.
 * - S3: the path exactly as sent (what the SDKs sign), then its RFC 3986 re-encoding (for clients that put
 *   reserved characters on the wire unencoded).
 * - Others: the normalised wire path, encoded again.
 */
export function canonicalUriCandidates(rawPath: string, options: { s3: boolean }): string[] {
  const path = rawPath === '' ? '/' : rawPath;
  if (!options.s3) {
    const normalized = normalizePath(path) || '/';
    return [
      normalized
        .split('/')
        .map((segment) => uriEncode(segment))
        .join('/'),
    ];
  }
  const reencoded = path
    .split('/')
    .map((segment) => uriEncodeBytes(percentDecodeBytes(segment)))
    .join('/');
  return reencoded === path ? [path] : [path, reencoded];
}

/** `name=value` pairs of a raw query string, percent-decoded to bytes and re-encoded; order kept. */
export function canonicalQueryPairs(rawQuery: string): [string, string][] {
  const pairs: [string, string][] = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    pairs.push([uriEncodeBytes(percentDecodeBytes(name)), uriEncodeBytes(percentDecodeBytes(value))]);
  }
  return pairs;
}

function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/**
 * The canonical query string: encoded pairs sorted by name, then by value; `excludeName` (the presigned
 * `X-Amz-Signature`) left out.
 */
export function canonicalQueryString(rawQuery: string, excludeName?: string): string {
  return canonicalQueryPairs(rawQuery)
    .filter(([name]) => excludeName === undefined || name !== excludeName)
    .sort((a, b) => compareCodeUnits(a[0], b[0]) || compareCodeUnits(a[1], b[1]))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** A header value as SigV4 canonicalises it: trimmed, inner whitespace runs collapsed to one space. */
export function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/**
 * `name:value\n` lines for the signed headers, in the signed order. Repeated headers join with `,`.
 * Returns the name of the first signed header the request does not carry, if any, instead.
 */
export function canonicalHeaders(
  headers: RawHeaders,
  signedHeaders: readonly string[],
): { ok: true; text: string } | { ok: false; missing: string } {
  const byName = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const list = byName.get(lower);
    if (list) list.push(value);
    else byName.set(lower, [value]);
  }
  let text = '';
  for (const name of signedHeaders) {
    const values = byName.get(name);
    if (!values) return { ok: false, missing: name };
    text += `${name}:${values.map(canonicalHeaderValue).join(',')}\n`;
  }
  return { ok: true, text };
}

export interface CanonicalRequestParts {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  canonicalHeaders: string;
  signedHeaders: readonly string[];
  payloadHash: string;
}

export function canonicalRequest(parts: CanonicalRequestParts): string {
  return [
    parts.method.toUpperCase(),
    parts.canonicalUri,
    parts.canonicalQuery,
    parts.canonicalHeaders,
    parts.signedHeaders.join(';'),
    parts.payloadHash,
  ].join('\n');
}

/** AWS4-HMAC-SHA256 \n amzDate \n scope \n hex(sha256(canonicalRequest)). */
export function stringToSign(input: {
  amzDate: string;
  scope: string;
  canonicalRequestHash: string;
}): string {
  return ['AWS4-HMAC-SHA256', input.amzDate, input.scope, input.canonicalRequestHash].join('\n');
}
