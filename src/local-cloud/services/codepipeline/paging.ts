/**
 * `nextToken` pagination shared by the Code* services. Items are listed in a sort-key order and a token is
 * the sort key of the last item returned, so a page boundary survives items being added or removed
 * between calls. A token that was not issued here answers the service's invalid-token error.
 */
const PREFIX = 'lc1:';

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

function encode(sortKey: string): string {
  return Buffer.from(PREFIX + sortKey, 'utf8').toString('base64url');
}

function decode(token: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || encode(text.slice(PREFIX.length)) !== token) return undefined;
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
  /** The error an unknown token answers. */
  invalidToken: () => Error;
}): Page<T> {
  const sign = input.descending ? -1 : 1;
  const sorted = [...input.items].sort((a, b) => sign * compare(input.sortKey(a), input.sortKey(b)));
  let rest = sorted;
  if (input.token !== undefined) {
    const after = decode(input.token);
    if (after === undefined) throw input.invalidToken();
    rest = sorted.filter((item) => sign * compare(input.sortKey(item), after) > 0);
  }
  const items = rest.slice(0, input.limit);
  if (rest.length <= input.limit) return { items };
  return { items, nextToken: encode(input.sortKey(items[items.length - 1]!)) };
}
