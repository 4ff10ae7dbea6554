/**
 * Sort-key pagination of list operations. Items are listed in the order of a sort key (ascending, or
 * descending when asked), and a token is the sort key of the last item returned, so a page boundary
 * survives items being added or removed between calls. A token is `base64url(prefix + sortKey)`; one that
 * was not issued with the same prefix answers the service's own invalid-token error.
 *
 *   const page = paginate({ items, sortKey: (r) => r.name, limit, token, invalidToken: Errors.invalidToken });
 *   return { Rules: page.items, NextToken: page.nextToken };
 */

/** The prefix of tokens unless a service has its own (SSM: `ssm1:`). */
export const DEFAULT_TOKEN_PREFIX = 'lc1:';

export interface Page<T> {
  items: T[];
  /** Set when more items follow. */
  nextToken?: string;
}

export interface PageRequest<T> {
  items: readonly T[];
  sortKey: (item: T) => string;
  limit: number;
  /** The token of the previous page, if any. */
  token: string | undefined;
  descending?: boolean;
  /** The error a token that was not issued here answers. */
  invalidToken: () => Error;
  /** `DEFAULT_TOKEN_PREFIX` unless given. */
  prefix?: string;
}

/** The token that resumes a listing after the item with `sortKey`. */
export function encodePageToken(sortKey: string, prefix = DEFAULT_TOKEN_PREFIX): string {
  return Buffer.from(prefix + sortKey, 'utf8').toString('base64url');
}

/** The sort key a token resumes after, or `undefined` for a token that was not issued with `prefix`. */
export function decodePageToken(token: string, prefix = DEFAULT_TOKEN_PREFIX): string | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(prefix) || encodePageToken(text.slice(prefix.length), prefix) !== token)
    return undefined;
  return text.slice(prefix.length);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One page of `items`, in sort-key order, after the token's sort key. */
export function paginate<T>(input: PageRequest<T>): Page<T> {
  const sign = input.descending ? -1 : 1;
  const sorted = [...input.items].sort((a, b) => sign * compare(input.sortKey(a), input.sortKey(b)));
  let rest = sorted;
  if (input.token !== undefined) {
    const after = decodePageToken(input.token, input.prefix);
    if (after === undefined) throw input.invalidToken();
    rest = sorted.filter((item) => sign * compare(input.sortKey(item), after) > 0);
  }
  const items = rest.slice(0, input.limit);
  if (rest.length <= input.limit) return { items };
  return { items, nextToken: encodePageToken(input.sortKey(items[items.length - 1]!), input.prefix) };
}
