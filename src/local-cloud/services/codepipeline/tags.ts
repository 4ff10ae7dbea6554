/**
 * Tag lists of the Code* services (`[{ key, value }]`, CodeStar: `[{ Key, Value }]`): reading and checking
 * them (at most 50, keys 1–128 characters not starting with `aws:`, values up to 256).
 */
import type { Fields } from '../shared/fields.js';

export const MAX_TAGS = 50;

export interface TagNames {
  key: string;
  value: string;
}

const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Reads a tag list into a map; `invalid(message)` is the service's tag error. */
export function readTags(
  fields: Fields,
  member: string,
  names: TagNames,
  invalid: (message: string) => Error,
  max = MAX_TAGS,
): Record<string, string> | undefined {
  const list = fields.objectList(member, { max });
  if (!list) return undefined;
  const tags: Record<string, string> = {};
  for (const item of list) {
    const key = item.requiredString(names.key, { max: 128 });
    const value = item.string(names.value, { max: 256 }) ?? '';
    if (!TAG_TEXT.test(key) || !TAG_TEXT.test(value))
      throw invalid(`Tag ${key} contains invalid characters.`);
    if (key.toLowerCase().startsWith('aws:'))
      throw invalid(`Tag keys starting with 'aws:' are reserved: ${key}`);
    if (key in tags) throw invalid(`Tag key ${key} is specified more than once.`);
    tags[key] = value;
  }
  return tags;
}
