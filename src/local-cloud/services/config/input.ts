/**
 * Reading AWS Config request members. A member of the wrong JSON type answers `SerializationException`;
 * a constraint violation answers `ValidationException` in the "1 validation error detected" shape.
 */
import { serializationError } from '../shared/errors.js';
import { type Body, jsonInput, type LengthLimits, type StringLimits } from '../shared/json-input.js';
import { constraintError } from './errors.js';

export type { Body, StringLimits } from '../shared/json-input.js';

const input = jsonInput({ constraint: constraintError, shortListValue: '[]' });

export const {
  optionalString,
  requiredString,
  optionalInteger,
  optionalBoolean,
  optionalEnum,
  optionalObject,
  requiredObject,
  objectItem,
} = input;

/** A list member; each item read by `read`; length limits as the model declares them. */
export function list<T>(
  body: Body,
  member: string,
  read: (item: unknown, path: string) => T,
  limits: LengthLimits = {},
): T[] | undefined {
  return input.optionalList(body, member, limits)?.map((item, index) => read(item, `${member}.${index + 1}`));
}

export function stringItem(limits: StringLimits = {}) {
  return (item: unknown, path: string): string =>
    input.checkString(path, input.stringItem(item, path), limits);
}

/** A timestamp member (epoch seconds on the wire, as the SDKs send it). */
export function requiredTimestamp(body: Body, member: string): Date {
  const value = body[member];
  if (value === undefined || value === null)
    throw constraintError(member, undefined, 'Member must not be null');
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw serializationError(member, 'a timestamp');
}
