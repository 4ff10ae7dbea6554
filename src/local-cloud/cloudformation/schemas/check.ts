/**
 * Checks resolved resource properties against a resource schema and lists every problem found, in the
 * order a JSON Schema validator visits them: for each object, its missing required keys, then its
 * unknown keys (in the template's order), then each known property (in the template's order).
 *
 * Values are checked the way CloudFormation converts template values before it validates them: a
 * number or boolean is accepted where a String is expected, a numeric string where an Integer or
 * Number is expected ("5" but not "5.5" for an Integer), "true"/"false" (any case) for a Boolean. Json
 * accepts an object or a string. A key whose value is undefined or null counts as absent.
 */
import type { ObjectSchema, ResourceSchema, TypeRef } from './data.js';

export type Path = readonly (string | number)[];

export type Problem =
  /** Keys of one object that its schema does not declare. */
  | { kind: 'unsupported'; path: Path; names: string[] }
  /** A required key missing from the object at `path`. */
  | { kind: 'required'; path: Path; name: string }
  /**
   * The value at `path` is not of the expected type. `collection`: the list or map the value is an
   * element of, when it is one.
   */
  | {
      kind: 'type';
      path: Path;
      expected: TypeRef;
      found: unknown;
      collection?: { path: Path; type: TypeRef };
    };

type Collection = { path: Path; type: TypeRef } | undefined;

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const absent = (value: unknown): boolean => value === undefined || value === null;

/** Every problem of `properties` against the resource schema. */
export function findProblems(schema: ResourceSchema, properties: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  checkObject(schema, schema, properties, [], problems);
  return problems;
}

function checkObject(
  resource: ResourceSchema,
  schema: ObjectSchema,
  value: Record<string, unknown>,
  path: Path,
  problems: Problem[],
): void {
  for (const name of schema.required) {
    if (absent(value[name])) problems.push({ kind: 'required', path, name });
  }
  const unknown = Object.keys(value).filter(
    (key) => !Object.hasOwn(schema.properties, key) && !absent(value[key]),
  );
  if (unknown.length > 0) problems.push({ kind: 'unsupported', path, names: unknown });
  for (const [key, item] of Object.entries(value)) {
    const type = Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    if (type !== undefined && !absent(item))
      checkValue(resource, type, item, [...path, key], undefined, problems);
  }
}

function checkValue(
  resource: ResourceSchema,
  type: TypeRef,
  value: unknown,
  path: Path,
  collection: Collection,
  problems: Problem[],
): void {
  if (typeof type === 'object' && 'union' in type) {
    checkUnion(resource, type, value, path, collection, problems);
  } else if (!hasShape(type, value)) {
    problems.push({
      kind: 'type',
      path,
      expected: type,
      found: value,
      ...(collection ? { collection } : {}),
    });
  } else if (typeof type === 'object' && 'list' in type) {
    (value as unknown[]).forEach((item, index) => {
      if (!absent(item)) checkValue(resource, type.list, item, [...path, index], { path, type }, problems);
    });
  } else if (typeof type === 'object' && 'map' in type) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (!absent(item)) checkValue(resource, type.map, item, [...path, key], { path, type }, problems);
    }
  } else if (typeof type === 'object' && 'ref' in type) {
    const schema = resource.types[type.ref];
    if (schema) checkObject(resource, schema, value as Record<string, unknown>, path, problems);
  }
}

/** Whether a value has the type's outer shape (a scalar the type accepts, an array, an object). */
function hasShape(type: Exclude<TypeRef, { union: TypeRef[] }>, value: unknown): boolean {
  if (typeof type === 'string') return acceptsScalar(type, value);
  return 'list' in type ? Array.isArray(value) : isPlainObject(value);
}

/**
 * A union accepts a value one of its members accepts. Otherwise the problems are those of the first
 * member the value has the shape of (an object for an object type, an array for a list), else one type
 * mismatch naming the union.
 */
function checkUnion(
  resource: ResourceSchema,
  type: { union: TypeRef[] },
  value: unknown,
  path: Path,
  collection: Collection,
  problems: Problem[],
): void {
  let shaped: Problem[] | undefined;
  for (const member of type.union) {
    const found: Problem[] = [];
    checkValue(resource, member, value, path, collection, found);
    if (found.length === 0) return;
    const mismatchHere = found.some((p) => p.kind === 'type' && p.path.length === path.length);
    if (!mismatchHere && shaped === undefined) shaped = found;
  }
  if (shaped) problems.push(...shaped);
  else
    problems.push({
      kind: 'type',
      path,
      expected: type,
      found: value,
      ...(collection ? { collection } : {}),
    });
}

function acceptsScalar(type: Exclude<TypeRef, object>, value: unknown): boolean {
  switch (type) {
    case 'String':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    case 'Integer':
      return (
        (typeof value === 'number' && Number.isInteger(value)) ||
        (typeof value === 'string' && INTEGER.test(value))
      );
    case 'Number':
      return (
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && NUMBER.test(value))
      );
    case 'Boolean':
      return typeof value === 'boolean' || (typeof value === 'string' && /^(true|false)$/i.test(value));
    case 'Json':
      return typeof value === 'string' || isPlainObject(value);
    case 'Timestamp':
      return typeof value === 'string';
  }
}
