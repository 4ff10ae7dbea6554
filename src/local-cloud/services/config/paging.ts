/**
 * `NextToken` pagination: items in ascending order of a sort key; a token is the sort key of the last
 * item returned (so a page boundary survives changes between calls).
 */
import { ConfigErrors } from './errors.js';

const PREFIX = 'lc1:';

function encode(sortKey: string): string {
  return Buffer.from(PREFIX + sortKey, 'utf8').toString('base64url');
}

function decode(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX) || encode(text.slice(PREFIX.length)) !== token)
    throw ConfigErrors.invalidNextToken();
  return text.slice(PREFIX.length);
}

export function paginate<T>(input: {
  items: readonly T[];
  sortKey: (item: T) => string;
  limit: number;
  token: string | undefined;
}): { items: T[]; nextToken?: string } {
  const keyed = input.items.map((item) => ({ item, key: input.sortKey(item) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const after = input.token === undefined ? undefined : decode(input.token);
  const rest = after === undefined ? keyed : keyed.filter((k) => k.key > after);
  const page = rest.slice(0, input.limit);
  const items = page.map((k) => k.item);
  if (rest.length <= input.limit) return { items };
  return { items, nextToken: encode(page[page.length - 1]!.key) };
}
