/**
 * Reading SNS query parameters: required members, attribute maps
 * (`Attributes.entry.N.key/value`), tags (`Tags.member.N.Key/Value`).
 */
import type { QueryParams } from '../../http/index.js';
import { SnsErrors } from './errors.js';
import type { Tag } from './state.js';

export function required(params: QueryParams, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw SnsErrors.missing(name);
  return value;
}

export const MAX_TAGS = 50;

export function tags(params: QueryParams, prefix = 'Tags'): Tag[] {
  const list = params.members(prefix).map((member) => {
    const key = member.get('Key');
    const value = member.get('Value') ?? '';
    if (key === undefined || key.length < 1 || key.length > 128) throw SnsErrors.invalidParameter('Tags');
    if (value.length > 256) throw SnsErrors.invalidParameter('Tags');
    if (key.startsWith('aws:'))
      throw SnsErrors.invalidParameter('Tags Reason: Tag keys starting with aws: are reserved');
    return { Key: key, Value: value };
  });
  if (list.length > MAX_TAGS) throw SnsErrors.tagLimit();
  return list;
}

/** `aws:RequestTag/<key>` and `aws:TagKeys` for requests that tag. */
export function requestTagKeys(list: readonly Tag[]): Record<string, string | string[]> {
  if (list.length === 0) return {};
  const keys: Record<string, string | string[]> = { 'aws:TagKeys': list.map((t) => t.Key) };
  for (const tag of list) keys[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return keys;
}
