/**
 * The listing walk behind ListObjects, ListObjectsV2, ListObjectVersions and ListMultipartUploads:
 * keys in S3 order after a marker, filtered by prefix, rolled up into common prefixes at the
 * delimiter. Pure; callers take entries until their max-keys budget is spent.
 */
import { compareKeys } from './names.js';

export type ListEntry = { kind: 'key'; key: string } | { kind: 'prefix'; prefix: string };

export interface ListWalkInput {
  /** Every key, sorted by `compareKeys`. */
  keys: readonly string[];
  prefix: string;
  delimiter: string | undefined;
  /** Start strictly after this key or common prefix. */
  after: string | undefined;
  /** Keys to list (e.g. those whose current version is not a delete marker); all unless given. */
  include?: (key: string) => boolean;
}

/** First index whose key is >= `prefix` and > `after`. */
function startIndex(keys: readonly string[], prefix: string, after: string | undefined): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const key = keys[mid]!;
    const beforeStart = compareKeys(key, prefix) < 0 || (after !== undefined && compareKeys(key, after) <= 0);
    if (beforeStart) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The common prefix `key` rolls up into, when the delimiter occurs after the prefix. */
export function commonPrefixOf(
  key: string,
  prefix: string,
  delimiter: string | undefined,
): string | undefined {
  if (delimiter === undefined || delimiter === '') return undefined;
  const at = key.indexOf(delimiter, prefix.length);
  return at < 0 ? undefined : key.slice(0, at + delimiter.length);
}

/** Entries in listing order: keys, and each common prefix once. */
export function* walkKeys(input: ListWalkInput): Generator<ListEntry> {
  const { keys, prefix, delimiter, after, include } = input;
  // A marker that is itself a common prefix: the keys under it were already returned as that prefix.
  let lastPrefix =
    after !== undefined && commonPrefixOf(after, prefix, delimiter) === after ? after : undefined;
  for (let i = startIndex(keys, prefix, after); i < keys.length; i++) {
    const key = keys[i]!;
    if (!key.startsWith(prefix)) return;
    if (include && !include(key)) continue;
    const common = commonPrefixOf(key, prefix, delimiter);
    if (common === undefined) {
      yield { kind: 'key', key };
    } else if (common !== lastPrefix) {
      lastPrefix = common;
      yield { kind: 'prefix', prefix: common };
    }
  }
}

/** Up to `max` entries, and whether more follow (never, for `max` 0, as S3 answers). */
export function takeEntries(
  entries: Iterator<ListEntry>,
  max: number,
): { page: ListEntry[]; truncated: boolean } {
  const page: ListEntry[] = [];
  if (max === 0) return { page, truncated: false };
  for (;;) {
    const next = entries.next();
    if (next.done) return { page, truncated: false };
    if (page.length >= max) return { page, truncated: true };
    page.push(next.value);
  }
}
