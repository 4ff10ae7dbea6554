/**
 * Reading AWS Config request members. A member of the wrong JSON type answers `SerializationException`;
 * a constraint violation answers `ValidationException` in the "1 validation error detected" shape.
 */
import { ConfigErrors, constraintError } from './errors.js';

export type Body = Readonly<Record<string, unknown>>;

export interface StringLimits {
  min?: number;
  max?: number;
}

function typeError(member: string, expected: string): Error {
  return ConfigErrors.serialization(`${member} must be ${expected}.`);
}

function checkLength(member: string, value: string, limits: StringLimits): string {
  if (limits.min !== undefined && value.length < limits.min)
    throw constraintError(member, value, `Member must have length greater than or equal to ${limits.min}`);
  if (limits.max !== undefined && value.length > limits.max)
    throw constraintError(member, value, `Member must have length less than or equal to ${limits.max}`);
  return value;
}

export function optionalString(body: Body, member: string, limits: StringLimits = {}): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw typeError(member, 'a string');
  return checkLength(member, value, limits);
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
  if (range.min !== undefined && value < range.min)
    throw constraintError(member, value, `Member must have value greater than or equal to ${range.min}`);
  if (range.max !== undefined && value > range.max)
    throw constraintError(member, value, `Member must have value less than or equal to ${range.max}`);
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
  if (!(allowed as readonly string[]).includes(value))
    throw constraintError(member, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  return value as T;
}

export function optionalObject(body: Body, member: string): Body | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw typeError(member, 'an object');
  return value as Body;
}

export function requiredObject(body: Body, member: string): Body {
  const value = optionalObject(body, member);
  if (value === undefined) throw constraintError(member, undefined, 'Member must not be null');
  return value;
}

/** A list member; each item read by `read`; length limits as the model declares them. */
export function list<T>(
  body: Body,
  member: string,
  read: (item: unknown, path: string) => T,
  limits: { min?: number; max?: number } = {},
): T[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw typeError(member, 'a list');
  if (limits.min !== undefined && value.length < limits.min)
    throw constraintError(member, '[]', `Member must have length greater than or equal to ${limits.min}`);
  if (limits.max !== undefined && value.length > limits.max)
    throw constraintError(
      member,
      `[${value.length} items]`,
      `Member must have length less than or equal to ${limits.max}`,
    );
  return value.map((item, index) => read(item, `${member}.${index + 1}`));
}

export function stringItem(limits: StringLimits = {}) {
  return (item: unknown, path: string): string => {
    if (typeof item !== 'string') throw typeError(path, 'a string');
    return checkLength(path, item, limits);
  };
}

export function objectItem(item: unknown, path: string): Body {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw typeError(path, 'an object');
  return item as Body;
}

/** A timestamp member (epoch seconds on the wire, as the SDKs send it). */
export function requiredTimestamp(body: Body, member: string): Date {
  const value = body[member];
  if (value === undefined || value === null)
    throw constraintError(member, undefined, 'Member must not be null');
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw typeError(member, 'a timestamp');
}
