/**
 * Reading KMS request members: type checks answer `SerializationException` (as the JSON protocol does
 * for a member of the wrong type), constraint checks `ValidationException` in KMS's message shape.
 */
import { serializationError } from '../shared/errors.js';
import { type Body, jsonInput } from '../shared/json-input.js';
import { constraintError, KmsErrors } from './errors.js';
import type { KeyTag } from './state.js';

const input = jsonInput({ constraint: constraintError });

export const {
  optionalString,
  requiredString,
  optionalBoolean,
  optionalInteger,
  optionalEnum,
  /** `EncryptionContext`: a map of strings to strings. */
  optionalStringMap: encryptionContext,
} = input;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A blob member (base64 on the wire), with KMS's length limits. */
export function requiredBlob(body: Body, member: string, limits: { max: number }): Buffer {
  const value = body[member];
  if (value === undefined || value === null)
    throw constraintError(member, undefined, 'Member must not be null');
  if (typeof value !== 'string' || !BASE64.test(value)) {
    throw serializationError(member, 'base64-encoded binary data');
  }
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0) {
    throw constraintError(member, '', 'Member must have length greater than or equal to 1');
  }
  if (bytes.length > limits.max) {
    throw constraintError(member, '[binary]', `Member must have length less than or equal to ${limits.max}`);
  }
  return bytes;
}

/** `Tags`: a list of `{ TagKey, TagValue }`. */
export function tagList(body: Body, member: string): KeyTag[] {
  const value = body[member];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw serializationError(member, 'a list of tags');
  return value.map((tag, i) => {
    if (typeof tag !== 'object' || tag === null) throw serializationError(`${member}.${i + 1}`, 'a tag');
    const { TagKey, TagValue } = tag as Record<string, unknown>;
    if (typeof TagKey !== 'string' || TagKey.length < 1 || TagKey.length > 128) {
      throw KmsErrors.tagException(`Tag key must be 1 to 128 characters: ${String(TagKey)}`);
    }
    if (typeof TagValue !== 'string' || TagValue.length > 256) {
      throw KmsErrors.tagException(`Tag value must be 0 to 256 characters for tag ${TagKey}`);
    }
    if (TagKey.startsWith('aws:')) throw KmsErrors.tagException('Tags beginning with aws: are reserved');
    return { TagKey, TagValue };
  });
}

/** A list of strings (e.g. `TagKeys`). */
export function stringList(body: Body, member: string): string[] {
  const value = body[member];
  if (value === undefined || value === null)
    throw constraintError(member, undefined, 'Member must not be null');
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw serializationError(member, 'a list of strings');
  }
  return value as string[];
}
