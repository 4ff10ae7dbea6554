/**
 * Reading EventBridge request members. A member of the wrong JSON type answers `SerializationException`;
 * a constraint violation answers `ValidationException` in the "1 validation error detected" shape.
 */
import { type Body, jsonInput, type LengthLimits } from '../shared/json-input.js';
import { constraintError } from './errors.js';

export type { Body, StringLimits } from '../shared/json-input.js';

const input = jsonInput({ constraint: constraintError, shortListValue: '[]' });

export const { checkString, optionalString, requiredString, optionalInteger, optionalBoolean, optionalEnum } =
  input;

/** A list member, each item checked by `read`; length limits as the model declares them. */
export function list<T>(
  body: Body,
  member: string,
  read: (item: unknown, index: number) => T,
  limits: LengthLimits = {},
): T[] | undefined {
  return input.optionalList(body, member, limits)?.map(read);
}

export function objectItem(member: string) {
  return (item: unknown, index: number): Body => input.objectItem(item, `${member}.${index + 1}`);
}

export function stringItem(member: string) {
  return (item: unknown, index: number): string => input.stringItem(item, `${member}.${index + 1}`);
}
