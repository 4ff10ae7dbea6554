/**
 * Reading the members of a JSON-protocol request body with typed getters. A member of the wrong JSON type
 * answers the `wrongType` error (`SerializationException` unless given); a constraint violation answers
 * the service's own `constraint` error (see `constraintErrorOf`). Absent and `null` members read as
 * `undefined`; the `required…` getters answer `Member must not be null` for them.
 *
 *   const input = jsonInput({ constraint: constraintError });
 *   const name = input.requiredString(body, 'Name', { max: 64 });
 *   const limit = input.optionalInteger(body, 'Limit', { min: 1, max: 100 });
 */
import { type ConstraintError, serializationError, type WrongTypeError } from './errors.js';

export type Body = Readonly<Record<string, unknown>>;

export interface LengthLimits {
  min?: number;
  max?: number;
}

export interface StringLimits extends LengthLimits {
  /** The pattern AWS publishes for the member (reported in the error as written). */
  pattern?: { regex: RegExp; text: string };
}

export interface JsonInputOptions {
  /** The error a constraint violation answers. */
  constraint: ConstraintError;
  /** The error a member of the wrong JSON type answers; `serializationError` unless given. */
  wrongType?: WrongTypeError;
  /**
   * The value a list shorter than its minimum shows in the error (EventBridge and Config: `[]`);
   * `[N items]` unless given. A list longer than its maximum always shows `[N items]`.
   */
  shortListValue?: string;
}

export interface JsonInput {
  /** Checks a string's length and pattern (in that order); returns it. `member` names it in errors. */
  checkString(member: string, value: string, limits?: StringLimits): string;
  optionalString(body: Body, member: string, limits?: StringLimits): string | undefined;
  /** A string of at least one character unless `limits.min` says otherwise. */
  requiredString(body: Body, member: string, limits?: StringLimits): string;
  optionalInteger(body: Body, member: string, range?: LengthLimits): number | undefined;
  optionalBoolean(body: Body, member: string): boolean | undefined;
  optionalEnum<T extends string>(body: Body, member: string, allowed: readonly T[]): T | undefined;
  optionalObject(body: Body, member: string): Body | undefined;
  requiredObject(body: Body, member: string): Body;
  /** A list member with its length checked; its items are the caller's to read. */
  optionalList(body: Body, member: string, limits?: LengthLimits): unknown[] | undefined;
  /** A map of strings to strings (`tags`); a value of another type is named `<member>.<key>`. */
  optionalStringMap(body: Body, member: string): Record<string, string> | undefined;
  /** An item of a list that must be an object; `path` names it in the error (`Entries.1`). */
  objectItem(item: unknown, path: string): Body;
  /** An item of a list that must be a string; `path` names it in the error (`Ids.1`). */
  stringItem(item: unknown, path: string): string;
}

export function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The getters of one service, failing with its errors. */
export function jsonInput(options: JsonInputOptions): JsonInput {
  const constraint = options.constraint;
  const wrongType = options.wrongType ?? serializationError;

  const checkString = (member: string, value: string, limits: StringLimits = {}): string => {
    if (limits.min !== undefined && value.length < limits.min) {
      throw constraint(member, value, `Member must have length greater than or equal to ${limits.min}`);
    }
    if (limits.max !== undefined && value.length > limits.max) {
      throw constraint(member, value, `Member must have length less than or equal to ${limits.max}`);
    }
    if (limits.pattern && !limits.pattern.regex.test(value)) {
      throw constraint(
        member,
        value,
        `Member must satisfy regular expression pattern: ${limits.pattern.text}`,
      );
    }
    return value;
  };

  const optionalString = (body: Body, member: string, limits: StringLimits = {}): string | undefined => {
    const value = body[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw wrongType(member, 'a string');
    return checkString(member, value, limits);
  };

  const optionalObject = (body: Body, member: string): Body | undefined => {
    const value = body[member];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw wrongType(member, 'an object');
    return value;
  };

  return {
    checkString,
    optionalString,
    optionalObject,

    requiredString(body, member, limits = {}) {
      const value = optionalString(body, member, { min: 1, ...limits });
      if (value === undefined) throw constraint(member, undefined, 'Member must not be null');
      return value;
    },

    optionalInteger(body, member, range = {}) {
      const value = body[member];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(member, 'an integer');
      if (range.min !== undefined && value < range.min) {
        throw constraint(member, value, `Member must have value greater than or equal to ${range.min}`);
      }
      if (range.max !== undefined && value > range.max) {
        throw constraint(member, value, `Member must have value less than or equal to ${range.max}`);
      }
      return value;
    },

    optionalBoolean(body, member) {
      const value = body[member];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'boolean') throw wrongType(member, 'a boolean');
      return value;
    },

    optionalEnum<T extends string>(body: Body, member: string, allowed: readonly T[]): T | undefined {
      const value = optionalString(body, member);
      if (value === undefined) return undefined;
      if (!(allowed as readonly string[]).includes(value)) {
        throw constraint(member, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
      }
      return value as T;
    },

    requiredObject(body, member) {
      const value = optionalObject(body, member);
      if (value === undefined) throw constraint(member, undefined, 'Member must not be null');
      return value;
    },

    optionalList(body, member, limits = {}) {
      const value = body[member];
      if (value === undefined || value === null) return undefined;
      if (!Array.isArray(value)) throw wrongType(member, 'a list');
      const counted = `[${value.length} items]`;
      if (limits.min !== undefined && value.length < limits.min) {
        throw constraint(
          member,
          options.shortListValue ?? counted,
          `Member must have length greater than or equal to ${limits.min}`,
        );
      }
      if (limits.max !== undefined && value.length > limits.max) {
        throw constraint(member, counted, `Member must have length less than or equal to ${limits.max}`);
      }
      return value;
    },

    optionalStringMap(body, member) {
      const value = body[member];
      if (value === undefined || value === null) return undefined;
      if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(member, 'a map of strings');
      const map: Record<string, string> = {};
      for (const [key, v] of Object.entries(value)) {
        if (typeof v !== 'string') throw wrongType(`${member}.${key}`, 'a string');
        map[key] = v;
      }
      return map;
    },

    objectItem(item, path) {
      if (!isObject(item)) throw wrongType(path, 'an object');
      return item;
    },

    stringItem(item, path) {
      if (typeof item !== 'string') throw wrongType(path, 'a string');
      return item;
    },
  };
}
