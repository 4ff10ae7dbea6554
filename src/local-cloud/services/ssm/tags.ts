/**
 * Parameter tags: reading `Tags: [{ Key, Value }]`, the per-parameter limit, and the list shape.
 */
import { SsmErrors } from './errors.js';
import type { Fields, StringLimits } from './input.js';

/** AWS's limit for a parameter's tags. */
export const MAX_TAGS_PER_PARAMETER = 50;

const TAG_TEXT = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
const TAG_KEY: StringLimits = {
  min: 1,
  max: 128,
  pattern: { regex: TAG_TEXT, text: '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$' },
};
const TAG_VALUE: StringLimits = { max: 256, pattern: TAG_KEY.pattern };

/** A `Tags` member as a key → value map (undefined when absent). */
export function readTags(f: Fields, member: string): Record<string, string> | undefined {
  const list = f.objectList(member, { max: 1000 });
  if (list === undefined) return undefined;
  const tags: Record<string, string> = {};
  for (const item of list) {
    const key = item.requiredString('Key', TAG_KEY);
    const value = item.string('Value', TAG_VALUE);
    if (value === undefined) throw item.constraint('Value', undefined, 'Member must not be null');
    if (key.toLowerCase().startsWith('aws:')) throw SsmErrors.reservedTagKey(key);
    tags[key] = value;
  }
  return tags;
}

export function checkTagCount(tags: Readonly<Record<string, string>>): void {
  if (Object.keys(tags).length > MAX_TAGS_PER_PARAMETER) throw SsmErrors.tooManyTags(MAX_TAGS_PER_PARAMETER);
}

/** `[{ Key, Value }]`, by key. */
export function tagList(tags: Readonly<Record<string, string>>): { Key: string; Value: string }[] {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ Key: key, Value: tags[key]! }));
}
