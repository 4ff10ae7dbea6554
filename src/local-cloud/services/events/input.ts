/**
 * Reading EventBridge request members. A member of the wrong JSON type answers `SerializationException`;
 * a constraint violation answers `ValidationException` in the "1 validation error detected" shape.
 */
import { constraintError, EventsErrors } from './errors.js';

export type Body = Readonly<Record<string, unknown>>;

function typeError(member: string, expected: string): Error {
  return EventsErrors.serialization(`${member} must be ${expected}.`);
}

export interface StringLimits {
  min?: number;
  max?: number;
  pattern?: { regex: RegExp; text: string };
}

export function checkString(member: string, value: string, limits: StringLimits): string {
  if (limits.min !== undefined && value.length < limits.min) {
    throw constraintError(member, value, `Member must have length greater than or equal to ${limits.min}`);
  }
  if (limits.max !== undefined && value.length > limits.max) {
    throw constraintError(member, value, `Member must have length less than or equal to ${limits.max}`);
  }
  if (limits.pattern && !limits.pattern.regex.test(value)) {
    throw constraintError(
      member,
      value,
      `Member must satisfy regular expression pattern: ${limits.pattern.text}`,
    );
  }
  return value;
}

export function optionalString(body: Body, member: string, limits: StringLimits = {}): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw typeError(member, 'a string');
  return checkString(member, value, limits);
}

export function requiredString(body: Body, member: string, limits: StringLimits = {}): string {
  const value = optionalString(body, member, { min: 1, ...limits });
  if (value === undefined) throw constraintError(member, undefined, 'Member must not be null');
  return value;
}

export function optionalInteger(
  body: Body,
  member: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(member, 'an integer');
  if (range.min !== undefined && value < range.min) {
    throw constraintError(member, value, `Member must have value greater than or equal to ${range.min}`);
  }
  if (range.max !== undefined && value > range.max) {
    throw constraintError(member, value, `Member must have value less than or equal to ${range.max}`);
  }
  return value;
}

export function optionalBoolean(body: Body, member: string): boolean | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw typeError(member, 'a boolean');
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

/** A list member, each item checked by `read`; length limits as the model declares them. */
export function list<T>(
  body: Body,
  member: string,
  read: (item: unknown, index: number) => T,
  limits: { min?: number; max?: number } = {},
): T[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw typeError(member, 'a list');
  if (limits.min !== undefined && value.length < limits.min) {
    throw constraintError(member, '[]', `Member must have length greater than or equal to ${limits.min}`);
  }
  if (limits.max !== undefined && value.length > limits.max) {
    throw constraintError(
      member,
      `[${value.length} items]`,
      `Member must have length less than or equal to ${limits.max}`,
    );
  }
  return value.map(read);
}

export function objectItem(member: string) {
  return (item: unknown, index: number): Body => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw typeError(`${member}.${index + 1}`, 'an object');
    }
    return item as Body;
  };
}

export function stringItem(member: string) {
  return (item: unknown, index: number): string => {
    if (typeof item !== 'string') throw typeError(`${member}.${index + 1}`, 'a string');
    return item;
  };
}
