/**
 * `nextToken`/`limit` pagination of the Describe* operations. Items are listed in the order of a sort
 * key (ascending, or descending when asked), and a token is the sort key of the last item returned, so a
 * page boundary survives items being added or removed between calls.
 */
import { LogsErrors } from './errors.js';

const PREFIX = 'lc1:';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

export function encodeToken(sortKey: string): string {
  return Buffer.from(PREFIX + sortKey, 'utf8').toString('base64url');
}

export function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || encodeToken(text.slice(PREFIX.length)) !== token) {
    throw LogsErrors.invalidToken();
  }
  return text.slice(PREFIX.length);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function paginate<T>(input: {
  items: readonly T[];
  sortKey: (item: T) => string;
  limit: number;
  token: string | undefined;
  descending?: boolean;
}): Page<T> {
  const sign = input.descending ? -1 : 1;
  const sorted = [...input.items].sort((a, b) => sign * compare(input.sortKey(a), input.sortKey(b)));
  const after = input.token === undefined ? undefined : decodeToken(input.token);
  const rest =
    after === undefined ? sorted : sorted.filter((item) => sign * compare(input.sortKey(item), after) > 0);
  const items = rest.slice(0, input.limit);
  if (rest.length <= input.limit) return { items };
  return { items, nextToken: encodeToken(input.sortKey(items[items.length - 1]!)) };
}
