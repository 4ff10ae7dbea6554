/**
 * `NextToken`/`Limit` pagination of the List* operations: items in ascending order of a sort key, and a
 * token is the sort key of the last item returned, so a page boundary survives changes between calls.
 */
import { EventsErrors } from './errors.js';

const PREFIX = 'lc1:';

function encode(sortKey: string): string {
  return Buffer.from(PREFIX + sortKey, 'utf8').toString('base64url');
}

function decode(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || encode(text.slice(PREFIX.length)) !== token)
    throw EventsErrors.invalidToken();
  return text.slice(PREFIX.length);
}

export function paginate<T>(input: {
  items: readonly T[];
  sortKey: (item: T) => string;
  limit: number;
  token: string | undefined;
}): { items: T[]; nextToken?: string } {
  const sorted = [...input.items].sort((a, b) => {
    const x = input.sortKey(a);
    const y = input.sortKey(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const after = input.token === undefined ? undefined : decode(input.token);
  const rest = after === undefined ? sorted : sorted.filter((item) => input.sortKey(item) > after);
  const items = rest.slice(0, input.limit);
  if (rest.length <= input.limit) return { items };
  return { items, nextToken: encode(input.sortKey(items[items.length - 1]!)) };
}
