/**
 * Converting resolved CloudFormation properties (PascalCase) into the request members of APIs that name
 * them in camelCase (CodePipeline, CodeBuild), driven by a declared shape, so nested structures convert
 * exactly: a member's API name is its property name with a lower-case first letter unless the shape says
 * otherwise (`BuildSpec` → `buildspec`), maps whose keys are data (CodePipeline action `Configuration`)
 * keep their keys, and scalars take the type the API expects (a number or boolean given as a string, as
 * parameters resolve, is converted). A property the shape does not know fails the resource with
 * "Encountered unsupported property <name>", as CloudFormation does.
 *
 *   const ACTION = object({ Name: str, RunOrder: int, Configuration: stringMap });
 *   convert(ACTION, props, 'Stages[0].Actions[0]');   // { name, runOrder, configuration }
 */
import { ProviderError } from './types.js';

export type Shape =
  | { kind: 'string' }
  | { kind: 'int' }
  | { kind: 'bool' }
  /** Any JSON value, copied. */
  | { kind: 'json' }
  /** An object whose keys are data: kept as given; scalar values become strings, others JSON text. */
  | { kind: 'stringMap' }
  | { kind: 'list'; of: Shape }
  | { kind: 'object'; fields: Readonly<Record<string, Shape | Renamed>> };

/** A member whose API name is not the property name with a lower-case first letter. */
export interface Renamed {
  shape: Shape;
  as: string;
}

export const str: Shape = { kind: 'string' };
export const int: Shape = { kind: 'int' };
export const bool: Shape = { kind: 'bool' };
export const json: Shape = { kind: 'json' };
export const stringMap: Shape = { kind: 'stringMap' };

export function list(of: Shape): Shape {
  return { kind: 'list', of };
}

export function object(fields: Readonly<Record<string, Shape | Renamed>>): Shape {
  return { kind: 'object', fields };
}

export function renamed(shape: Shape, as: string): Renamed {
  return { shape, as };
}

/** `RoleArn` → `roleArn` */
export function camel(name: string): string {
  return name.length === 0 ? name : name[0]!.toLowerCase() + name.slice(1);
}

function invalid(path: string, expected: string): ProviderError {
  return new ProviderError(`Property ${path} must be ${expected}`, 'ValidationError');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalarText(value: unknown, path: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(path, 'a string');
}

function toInt(value: unknown, path: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw invalid(path, 'an integer');
  return n;
}

function toBool(value: unknown, path: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalid(path, 'a boolean');
}

function toStringMap(value: unknown, path: string): Record<string, string> {
  if (!isObject(value)) throw invalid(path, 'an object');
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    out[key] = typeof v === 'object' ? JSON.stringify(v) : scalarText(v, `${path}.${key}`);
  }
  return out;
}

/** Converts an object's properties by `fields`; `path` names the object in errors (`''` at the top). */
export function convertObject(
  fields: Readonly<Record<string, Shape | Renamed>>,
  value: Record<string, unknown>,
  path: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || v === null) continue;
    const field = fields[key];
    if (!field) {
      throw new ProviderError(
        `Encountered unsupported property ${path === '' ? key : `${path}.${key}`}`,
        'ValidationError',
      );
    }
    const [shape, as] = 'as' in field ? [field.shape, field.as] : [field, camel(key)];
    out[as] = convert(shape, v, path === '' ? key : `${path}.${key}`);
  }
  return out;
}

/** Converts one value of `shape`; `path` names it in errors (`Stages[1].Actions[0].RunOrder`). */
export function convert(shape: Shape, value: unknown, path: string): unknown {
  switch (shape.kind) {
    case 'string':
      return scalarText(value, path);
    case 'int':
      return toInt(value, path);
    case 'bool':
      return toBool(value, path);
    case 'json':
      return value;
    case 'stringMap':
      return toStringMap(value, path);
    case 'list':
      if (!Array.isArray(value)) throw invalid(path, 'a list');
      return value.map((item, i) => convert(shape.of, item, `${path}[${i}]`));
    case 'object':
      if (!isObject(value)) throw invalid(path, 'an object');
      return convertObject(shape.fields, value, path);
  }
}
