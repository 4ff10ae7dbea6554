/**
 * Reading JSON-protocol request members, nested ones included (CodePipeline, CodeBuild, CodeStar
 * Connections and Notifications, SSM). A member of the wrong JSON type answers `SerializationException`; a
 * constraint violation answers the service's validation code in the "1 validation error detected" shape,
 * naming the member by its path (`pipeline.stages.1.member.name`). The checks are `jsonInput`'s.
 *
 *   const f = new Fields(body, { validationCode: 'ValidationException' });
 *   const name = f.requiredString('name', { max: 100 });
 *   const stages = f.requiredObject('pipeline').objectList('stages');
 */
import { AwsError } from '../../http/errors.js';
import { serializationError, validationMessage } from './errors.js';
import {
  type Body,
  isObject,
  type JsonInput,
  jsonInput,
  type LengthLimits,
  type StringLimits,
} from './json-input.js';

export interface FieldsOptions {
  /** The code constraint violations answer (`ValidationException`, `InvalidInputException`). */
  validationCode: string;
  /** Path of this object in the request ('' for the top level). */
  path?: string;
}

export class Fields {
  readonly path: string;
  private readonly input: JsonInput;

  constructor(
    readonly body: Body,
    private readonly options: FieldsOptions,
  ) {
    this.path = options.path ?? '';
    this.input = jsonInput({
      constraint: (member, value, constraint) => this.constraint(member, value, constraint),
      wrongType: (member, expected) => this.typeError(member, expected),
    });
  }

  /** The path of a member of this object. */
  at(member: string): string {
    return this.path === '' ? member : `${this.path}.${member}`;
  }

  /** `1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: …` */
  constraint(member: string, value: unknown, constraint: string): AwsError {
    return new AwsError(this.options.validationCode, validationMessage(this.at(member), value, constraint));
  }

  private typeError(member: string, expected: string): AwsError {
    return serializationError(this.at(member), expected);
  }

  has(member: string): boolean {
    return this.body[member] !== undefined && this.body[member] !== null;
  }

  string(member: string, limits: StringLimits = {}): string | undefined {
    return this.input.optionalString(this.body, member, limits);
  }

  requiredString(member: string, limits: StringLimits = {}): string {
    return this.input.requiredString(this.body, member, limits);
  }

  integer(member: string, range: LengthLimits = {}): number | undefined {
    return this.input.optionalInteger(this.body, member, range);
  }

  boolean(member: string): boolean | undefined {
    return this.input.optionalBoolean(this.body, member);
  }

  enumOf<T extends string>(member: string, allowed: readonly T[]): T | undefined {
    return this.input.optionalEnum(this.body, member, allowed);
  }

  requiredEnum<T extends string>(member: string, allowed: readonly T[]): T {
    const value = this.enumOf(member, allowed);
    if (value === undefined) throw this.constraint(member, undefined, 'Member must not be null');
    return value;
  }

  object(member: string): Fields | undefined {
    const value = this.input.optionalObject(this.body, member);
    return value === undefined ? undefined : new Fields(value, { ...this.options, path: this.at(member) });
  }

  requiredObject(member: string): Fields {
    const value = this.object(member);
    if (!value) throw this.constraint(member, undefined, 'Member must not be null');
    return value;
  }

  /** A list of objects; `limits` bound its length. */
  objectList(member: string, limits: LengthLimits = {}): Fields[] | undefined {
    return this.input.optionalList(this.body, member, limits)?.map((item, i) => {
      const path = `${this.at(member)}.${i + 1}.member`;
      if (!isObject(item)) throw serializationError(path, 'an object');
      return new Fields(item, { ...this.options, path });
    });
  }

  stringList(member: string, limits: LengthLimits = {}): string[] | undefined {
    const value = this.input.optionalList(this.body, member, limits);
    if (value?.some((v) => typeof v !== 'string')) throw this.typeError(member, 'a list of strings');
    return value as string[] | undefined;
  }

  requiredStringList(member: string, limits: LengthLimits = {}): string[] {
    const value = this.stringList(member, limits);
    if (value === undefined) throw this.constraint(member, undefined, 'Member must not be null');
    return value;
  }

  /** A map of strings to strings; any value of another type is blamed on the map. */
  stringMap(member: string): Record<string, string> | undefined {
    const value = this.body[member];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw this.typeError(member, 'a map of strings');
    for (const v of Object.values(value))
      if (typeof v !== 'string') throw this.typeError(member, 'a map of strings');
    return { ...(value as Record<string, string>) };
  }
}
