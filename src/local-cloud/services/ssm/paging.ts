/**
 * NextToken/MaxResults paging. Items are listed in the order of a sort key, and a token is the sort key
 * of the last item returned, so a page boundary survives parameters being added or removed between calls.
 */
import { SsmErrors } from './errors.js';

const PREFIX = 'ssm1:';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

function encodeToken(sortKey: string): string {
  return Buffer.from(PREFIX + sortKey, 'utf8').toString('base64url');
}

function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || encodeToken(text.slice(PREFIX.length)) !== token) {
    throw SsmErrors.invalidToken();
  }
  return text.slice(PREFIX.length);
}

export function paginate<T>(input: {
  items: readonly T[];
  sortKey: (item: T) => string;
  limit: number;
  token: string | undefined;
}): Page<T> {
  const sorted = [...input.items].sort((a, b) => {
    const x = input.sortKey(a);
    const y = input.sortKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const after = input.token === undefined ? undefined : decodeToken(input.token);
  const rest = after === undefined ? sorted : sorted.filter((item) => input.sortKey(item) > after);
  const items = rest.slice(0, input.limit);
  if (rest.length <= input.limit) return { items };
  return { items, nextToken: encodeToken(input.sortKey(items[items.length - 1]!)) };
}

/** A sort key that orders version numbers numerically. */
export function versionKey(version: number): string {
  return String(version).padStart(12, '0');
}
