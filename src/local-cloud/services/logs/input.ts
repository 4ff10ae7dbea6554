/**
 * Reading CloudWatch Logs request members. A member of the wrong JSON type answers
 * `SerializationException` (as the JSON protocol does); a constraint violation answers
 * `InvalidParameterException` in the service's "1 validation error detected" shape.
 */
import { serializationError } from '../shared/errors.js';
import { type Body, jsonInput, type LengthLimits } from '../shared/json-input.js';
import { constraintError } from './errors.js';

export type { Body, StringLimits } from '../shared/json-input.js';

const input = jsonInput({ constraint: constraintError });

export const {
  checkString,
  optionalString,
  requiredString,
  optionalInteger,
  optionalBoolean,
  optionalEnum,
  /** A map of strings to strings (`tags`). */
  optionalStringMap,
} = input;

/** A list of strings; a list breaking its length limits is shown item by item (`[a, b]`). */
export function optionalStringList(
  body: Body,
  member: string,
  limits: LengthLimits = {},
): string[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw serializationError(member, 'a list of strings');
  }
  const shown = `[${value.join(', ')}]`;
  if (limits.min !== undefined && value.length < limits.min) {
    throw constraintError(member, shown, `Member must have length greater than or equal to ${limits.min}`);
  }
  if (limits.max !== undefined && value.length > limits.max) {
    throw constraintError(member, shown, `Member must have length less than or equal to ${limits.max}`);
  }
  return value as string[];
}

/** A list of objects (`logEvents`), each checked by `read`. */
export function objectList<T>(
  body: Body,
  member: string,
  read: (item: Body, index: number) => T,
): T[] | undefined {
  return input
    .optionalList(body, member)
    ?.map((item, i) => read(input.objectItem(item, `${member}.${i + 1}`), i));
}
