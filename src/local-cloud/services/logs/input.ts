/**
 * Reading CloudWatch Logs request members. A member of the wrong JSON type answers
 * `SerializationException` (as the JSON protocol does); a constraint violation answers
 * `InvalidParameterException` in the service's "1 validation error detected" shape.
 */
import { constraintError, LogsErrors } from './errors.js';

export type Body = Readonly<Record<string, unknown>>;

function typeError(member: string, expected: string): Error {
  return LogsErrors.serialization(`${member} must be ${expected}.`);
}

export interface StringLimits {
  min?: number;
  max?: number;
  /** The pattern AWS publishes for the member (reported in the error as written). */
  pattern?: { regex: RegExp; text: string };
}

export function optionalString(body: Body, member: string, limits: StringLimits = {}): string | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw typeError(member, 'a string');
  return checkString(member, value, limits);
}

/** Checks a string member's length and pattern; returns it. */
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

export function optionalStringList(
  body: Body,
  member: string,
  limits: { min?: number; max?: number } = {},
): string[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw typeError(member, 'a list of strings');
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

/** A map of strings to strings (`tags`). */
export function optionalStringMap(body: Body, member: string): Record<string, string> | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw typeError(member, 'a map of strings');
  const map: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw typeError(`${member}.${key}`, 'a string');
    map[key] = v;
  }
  return map;
}

/** A list of objects (`logEvents`), each checked by `read`. */
export function objectList<T>(
  body: Body,
  member: string,
  read: (item: Body, index: number) => T,
): T[] | undefined {
  const value = body[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw typeError(member, 'a list');
  return value.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw typeError(`${member}.${i + 1}`, 'an object');
    }
    return read(item as Body, i);
  });
}
