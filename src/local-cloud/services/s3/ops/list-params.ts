/** Query parameters shared by the listing operations, read and checked as S3 does. */
import { invalidArgument } from '../errors.js';
import { urlEncodeKey } from '../xml.js';

export const MAX_LIST_KEYS = 1000;

export function maxKeysOf(query: URLSearchParams, name = 'max-keys'): number {
  const raw = query.get(name);
  if (raw === null) return MAX_LIST_KEYS;
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(Number(raw))) {
    throw invalidArgument('Provided max-keys not an integer or within integer range', name, raw);
  }
  return Math.min(Number(raw), MAX_LIST_KEYS);
}

/** `encoding-type=url` → a function that encodes keys in the response; otherwise identity. */
export function keyEncoder(query: URLSearchParams): {
  type: 'url' | undefined;
  encode: (s: string) => string;
} {
  const raw = query.get('encoding-type');
  if (raw === null) return { type: undefined, encode: (s) => s };
  if (raw.toLowerCase() !== 'url') {
    throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', raw);
  }
  return { type: 'url', encode: urlEncodeKey };
}

export function optionalEncoded(
  value: string | undefined,
  encode: (s: string) => string,
): string | undefined {
  return value === undefined ? undefined : encode(value);
}

/** Prefix, delimiter and the `s3:prefix`/`s3:delimiter`/`s3:max-keys` condition keys. */
export function listScope(query: URLSearchParams): {
  prefix: string;
  delimiter: string | undefined;
  maxKeys: number;
  conditionKeys: Record<string, string>;
} {
  const prefix = query.get('prefix') ?? '';
  const rawDelimiter = query.get('delimiter');
  const delimiter = rawDelimiter === null || rawDelimiter === '' ? undefined : rawDelimiter;
  const maxKeys = maxKeysOf(query);
  const conditionKeys: Record<string, string> = { 's3:prefix': prefix, 's3:max-keys': String(maxKeys) };
  if (delimiter !== undefined) conditionKeys['s3:delimiter'] = delimiter;
  return { prefix, delimiter, maxKeys, conditionKeys };
}
