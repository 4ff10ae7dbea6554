/**
 * Reading KMS request members: type checks answer `SerializationException` (as the JSON protocol does
 * for a member of the wrong type), constraint checks `ValidationException` in KMS's message shape.
 */
import { constraintError, KmsErrors } from './errors.js';
import type { KeyTag } from './state.js';

type Body = Readonly<Record<string, unknown>>;

function typeError(member: string, expected: string): Error {
  return KmsErrors.serialization(`${member} must be ${expected}.`);
}

export function optionalString(
  body: Body,
  member: string,
  limits: { max?: number } = {},
): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw typeError(member, 'a string');
  if (limits.max !== undefined && value.length > limits.max) {
    throw constraintError(member, value, `Member must have length less than or equal to ${limits.max}`);
  }
  return value;
}

export function requiredString(body: Body, member: string, limits: { max?: number } = {}): string {
  const value = optionalString(body, member, limits);
  if (value === undefined) throw constraintError(member, undefined, 'Member must not be null');
  if (value.length === 0) {
    throw constraintError(member, value, 'Member must have length greater than or equal to 1');
  }
  return value;
}

export function optionalBoolean(body: Body, member: string): boolean | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw typeError(member, 'a boolean');
  return value;
}

export function optionalInteger(
  body: Body,
  member: string,
  range: { min: number; max: number },
): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(member, 'an integer');
  if (value < range.min) {
    throw constraintError(member, value, `Member must have value greater than or equal to ${range.min}`);
  }
  if (value > range.max) {
    throw constraintError(member, value, `Member must have value less than or equal to ${range.max}`);
  }
  return value;
}

export function optionalEnum<T extends string>(
  body: Body,
  member: string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(body, member);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw constraintError(member, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A blob member (base64 on the wire), with KMS's length limits. */
export function requiredBlob(body: Body, member: string, limits: { max: number }): Buffer {
  const value = body[member];
  if (value === undefined || value === null)
    throw constraintError(member, undefined, 'Member must not be null');
  if (typeof value !== 'string' || !BASE64.test(value)) throw typeError(member, 'base64-encoded binary data');
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0) {
    throw constraintError(member, '', 'Member must have length greater than or equal to 1');
  }
  if (bytes.length > limits.max) {
    throw constraintError(member, '[binary]', `Member must have length less than or equal to ${limits.max}`);
  }
  return bytes;
}

/** `EncryptionContext`: a map of strings to strings. */
export function encryptionContext(body: Body, member: string): Record<string, string> | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw typeError(member, 'a map of strings');
  const context: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw typeError(`${member}.${k}`, 'a string');
    context[k] = v;
  }
  return context;
}

/** `Tags`: a list of `{ TagKey, TagValue }`. */
export function tagList(body: Body, member: string): KeyTag[] {
  const value = body[member];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw typeError(member, 'a list of tags');
  return value.map((tag, i) => {
    if (typeof tag !== 'object' || tag === null) throw typeError(`${member}.${i + 1}`, 'a tag');
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
    throw typeError(member, 'a list of strings');
  }
  return value as string[];
}
