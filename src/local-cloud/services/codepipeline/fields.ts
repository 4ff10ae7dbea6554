/**
 * Reading JSON-protocol request members, nested ones included, for the Code* services (CodePipeline,
 * CodeBuild, CodeStar Connections). A member of the wrong JSON type answers `SerializationException`; a
 * constraint violation answers the service's validation code in the "1 validation error detected" shape,
 * naming the member by its path (`pipeline.stages.1.member.name`).
 *
 *   const f = new Fields(body, { validationCode: 'ValidationException' });
 *   const name = f.requiredString('name', { max: 100 });
 *   const stages = f.requiredObject('pipeline').objectList('stages');
 */
import { AwsError } from '../../http/errors.js';

export type Body = Readonly<Record<string, unknown>>;

export interface StringLimits {
  min?: number;
  max?: number;
  /** The pattern AWS publishes for the member (reported in the error as written). */
  pattern?: { regex: RegExp; text: string };
}

export interface FieldsOptions {
  /** The code constraint violations answer (`ValidationException`, `InvalidInputException`). */
  validationCode: string;
  /** Path of this object in the request ('' for the top level). */
  path?: string;
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Fields {
  readonly path: string;

  constructor(
    readonly body: Body,
    private readonly options: FieldsOptions,
  ) {
    this.path = options.path ?? '';
  }

  /** The path of a member of this object. */
  at(member: string): string {
    return this.path === '' ? member : `${this.path}.${member}`;
  }

  /** `1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: …` */
  constraint(member: string, value: unknown, constraint: string): AwsError {
    const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
    return new AwsError(
      this.options.validationCode,
      `1 validation error detected: Value ${shown} at '${this.at(member)}' failed to satisfy constraint: ${constraint}`,
    );
  }

  private typeError(member: string, expected: string): AwsError {
    return new AwsError('SerializationException', `${this.at(member)} must be ${expected}.`);
  }

  has(member: string): boolean {
    return this.body[member] !== undefined && this.body[member] !== null;
  }

  string(member: string, limits: StringLimits = {}): string | undefined {
    const value = this.body[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.typeError(member, 'a string');
    if (limits.min !== undefined && value.length < limits.min) {
      throw this.constraint(member, value, `Member must have length greater than or equal to ${limits.min}`);
    }
    if (limits.max !== undefined && value.length > limits.max) {
      throw this.constraint(member, value, `Member must have length less than or equal to ${limits.max}`);
    }
    if (limits.pattern && !limits.pattern.regex.test(value)) {
      throw this.constraint(
        member,
        value,
        `Member must satisfy regular expression pattern: ${limits.pattern.text}`,
      );
    }
    return value;
  }

  requiredString(member: string, limits: StringLimits = {}): string {
    const value = this.string(member, { min: 1, ...limits });
    if (value === undefined) throw this.constraint(member, undefined, 'Member must not be null');
    return value;
  }

  integer(member: string, range: { min?: number; max?: number } = {}): number | undefined {
    const value = this.body[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.typeError(member, 'an integer');
    if (range.min !== undefined && value < range.min) {
      throw this.constraint(member, value, `Member must have value greater than or equal to ${range.min}`);
    }
    if (range.max !== undefined && value > range.max) {
      throw this.constraint(member, value, `Member must have value less than or equal to ${range.max}`);
    }
    return value;
  }

  boolean(member: string): boolean | undefined {
    const value = this.body[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw this.typeError(member, 'a boolean');
    return value;
  }

  enumOf<T extends string>(member: string, allowed: readonly T[]): T | undefined {
    const value = this.string(member);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      throw this.constraint(member, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
    }
    return value as T;
  }

  requiredEnum<T extends string>(member: string, allowed: readonly T[]): T {
    const value = this.enumOf(member, allowed);
    if (value === undefined) throw this.constraint(member, undefined, 'Member must not be null');
    return value;
  }

  object(member: string): Fields | undefined {
    const value = this.body[member];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw this.typeError(member, 'an object');
    return new Fields(value, { ...this.options, path: this.at(member) });
  }

  requiredObject(member: string): Fields {
    const value = this.object(member);
    if (!value) throw this.constraint(member, undefined, 'Member must not be null');
    return value;
  }

  /** A list of objects; `limits` bound its length. */
  objectList(member: string, limits: { min?: number; max?: number } = {}): Fields[] | undefined {
    const value = this.list(member, limits);
    return value?.map((item, i) => {
      const path = `${this.at(member)}.${i + 1}.member`;
      if (!isObject(item)) throw new AwsError('SerializationException', `${path} must be an object.`);
      return new Fields(item, { ...this.options, path });
    });
  }

  stringList(member: string, limits: { min?: number; max?: number } = {}): string[] | undefined {
    const value = this.list(member, limits);
    if (value?.some((v) => typeof v !== 'string')) throw this.typeError(member, 'a list of strings');
    return value as string[] | undefined;
  }

  requiredStringList(member: string, limits: { min?: number; max?: number } = {}): string[] {
    const value = this.stringList(member, limits);
    if (value === undefined) throw this.constraint(member, undefined, 'Member must not be null');
    return value;
  }

  /** A map of strings to strings. */
  stringMap(member: string): Record<string, string> | undefined {
    const value = this.body[member];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw this.typeError(member, 'a map of strings');
    for (const v of Object.values(value))
      if (typeof v !== 'string') throw this.typeError(member, 'a map of strings');
    return { ...(value as Record<string, string>) };
  }

  private list(member: string, limits: { min?: number; max?: number }): unknown[] | undefined {
    const value = this.body[member];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw this.typeError(member, 'a list');
    if (limits.min !== undefined && value.length < limits.min) {
      throw this.constraint(
        member,
        `[${value.length} items]`,
        `Member must have length greater than or equal to ${limits.min}`,
      );
    }
    if (limits.max !== undefined && value.length > limits.max) {
      throw this.constraint(
        member,
        `[${value.length} items]`,
        `Member must have length less than or equal to ${limits.max}`,
      );
    }
    return value;
  }
}
