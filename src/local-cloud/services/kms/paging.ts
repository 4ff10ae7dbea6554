/**
 * Limit/Marker pagination of the KMS list operations. Items are listed in ascending order of a sort
 * key, and a marker is the sort key of the last item returned, so a page boundary survives items being
 * added or removed between calls.
 */
import { KmsErrors } from './errors.js';

const PREFIX = 'lc1:';

export interface Page<T> {
  items: T[];
  /** Set when more items follow. */
  nextMarker?: string;
}

function encodeMarker(sortKey: string): string {
  return Buffer.from(PREFIX + sortKey, 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || encodeMarker(text.slice(PREFIX.length)) !== marker) {
    throw KmsErrors.invalidMarker();
  }
  return text.slice(PREFIX.length);
}

export function paginate<T>(input: {
  items: readonly T[];
  sortKey: (item: T) => string;
  limit: number;
  marker: string | undefined;
}): Page<T> {
  const sorted = [...input.items].sort((a, b) => {
    const x = input.sortKey(a);
    const y = input.sortKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const after = input.marker === undefined ? undefined : decodeMarker(input.marker);
  const start = after === undefined ? 0 : sorted.findIndex((item) => input.sortKey(item) > after);
  const rest = start < 0 ? [] : sorted.slice(start);
  const items = rest.slice(0, input.limit);
  if (rest.length <= input.limit) return { items };
  return { items, nextMarker: encodeMarker(input.sortKey(items[items.length - 1]!)) };
}

/** The response members of a page: `Truncated`, and `NextMarker` when truncated. */
export function pageMembers(page: Page<unknown>): { Truncated: boolean; NextMarker?: string } {
  return page.nextMarker === undefined
    ? { Truncated: false }
    : { Truncated: true, NextMarker: page.nextMarker };
}
