/**
 * Reading the `Tags` member of PutRule and TagResource.
 */
import { constraintError, EventsErrors } from './errors.js';
import { type Body, list, objectItem } from './input.js';
import type { Tag } from './state.js';

export const MAX_TAGS = 50;

export function tagList(body: Body, member = 'Tags'): Tag[] {
  const tags =
    list(body, member, objectItem(member), { max: MAX_TAGS })?.map((tag, i) => {
      const { Key, Value } = tag;
      if (typeof Key !== 'string' || Key.length < 1 || Key.length > 128) {
        throw constraintError(`tags.${i + 1}.member.key`, Key, 'Member must have length between 1 and 128');
      }
      if (typeof Value !== 'string' || Value.length > 256) {
        throw constraintError(
          `tags.${i + 1}.member.value`,
          Value,
          'Member must have length less than or equal to 256',
        );
      }
      if (Key.startsWith('aws:')) throw EventsErrors.validation('Tag keys starting with aws: are reserved.');
      return { Key, Value };
    }) ?? [];
  return tags;
}
