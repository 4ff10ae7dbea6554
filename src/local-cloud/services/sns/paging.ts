/**
 * `NextToken` pagination of the List* actions: 100 items per page in ascending order of a sort key; a
 * token is the sort key of the last item returned, so a page boundary survives changes between calls.
 */
import { SnsErrors } from './errors.js';

export const PAGE_SIZE = 100;

const PREFIX = 'lc1:';

function encode(sortKey: string): string {
  return Buffer.from(PREFIX + sortKey, 'utf8').toString('base64url');
}

function decode(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || encode(text.slice(PREFIX.length)) !== token)
    throw SnsErrors.invalidParameter('NextToken');
  return text.slice(PREFIX.length);
}

export function paginate<T>(input: {
  items: readonly T[];
  sortKey: (item: T) => string;
  token: string | undefined;
  limit?: number;
}): { items: T[]; nextToken?: string } {
  const limit = input.limit ?? PAGE_SIZE;
  const sorted = [...input.items].sort((a, b) => {
    const x = input.sortKey(a);
    const y = input.sortKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const after = input.token === undefined ? undefined : decode(input.token);
  const rest = after === undefined ? sorted : sorted.filter((item) => input.sortKey(item) > after);
  const items = rest.slice(0, limit);
  if (rest.length <= limit) return { items };
  return { items, nextToken: encode(input.sortKey(items[items.length - 1]!)) };
}
