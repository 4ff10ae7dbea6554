/**
 * The ResourceStatusReason CloudFormation gives when a resource's properties do not match its schema.
 * Three wordings exist, depending on how CloudFormation handles the type (validate.ts picks one):
 *
 *   registry            resource types with a registry (Cloud Control) handler: the schema is checked by a
 *                       JSON Schema validator and every problem is listed;
 *   legacy              CloudFormation's own older handlers: the first problem only, named by property;
 *   property-validation the older handlers that check a property specification: every problem, by path.
 *
 * Each sentence below is marked:
 *   [confirmed]   seen verbatim in CloudFormation stack events quoted in public issues and notes;
 *   [shape]       a confirmed sentence applied to a sibling case (another type name, a nested path);
 *   [unconfirmed] no AWS answer found; worded in the style of its family. Listed in README.md.
 */
import type { Path, Problem } from './check.js';
import type { TypeRef } from './data.js';

export type Wording = 'registry' | 'legacy' | 'property-validation';

/** The reason for one resource whose properties have `problems` (at least one). */
export function problemsReason(wording: Wording, logicalId: string, problems: readonly Problem[]): string {
  switch (wording) {
    case 'registry':
      // [confirmed] "Properties validation failed for resource X with message: [#: ..., #/Y: ...]"; a
      // single problem is also bracketed in recent events.
      return `Properties validation failed for resource ${logicalId} with message: [${problems.flatMap(registryMessages).join(', ')}]`;
    case 'property-validation':
      // [confirmed] "Property validation failure: [a, b]"
      return `Property validation failure: [${problems.map(propertyValidationMessage).join(', ')}]`;
    case 'legacy':
      return legacyMessage(firstForLegacy(problems));
  }
}

// --- registry: JSON Schema validator messages ----------------------------------------------------------

/** A JSON pointer the way the validator prints it: `#`, `#/Code`, `#/Tags/0`. */
function pointer(path: Path): string {
  return `#${path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}`;
}

function registryMessages(problem: Problem): string[] {
  const at = pointer(problem.path);
  switch (problem.kind) {
    case 'unsupported':
      // [confirmed] one message per key
      return problem.names.map((name) => `${at}: extraneous key [${name}] is not permitted`);
    case 'required':
      // [confirmed]
      return [`${at}: required key [${problem.name}] not found`];
    case 'type': {
      // [confirmed] for String, Integer, Number, JSONObject and JSONArray expected and String, JSONObject
      // and JSONArray found; [shape] for Boolean; [unconfirmed] BigDecimal (a fractional number) and
      // a union, which lists one message per member type.
      const found = registryTypeOfValue(problem.found);
      const expected = [...new Set(members(problem.expected).map(registryTypeName))];
      return expected.map((name) => `${at}: expected type: ${name}, found: ${found}`);
    }
  }
}

function members(type: TypeRef): TypeRef[] {
  return typeof type === 'object' && 'union' in type ? type.union.flatMap(members) : [type];
}

function registryTypeName(type: TypeRef): string {
  if (typeof type === 'string')
    return type === 'Json' ? 'JSONObject' : type === 'Timestamp' ? 'String' : type;
  return 'list' in type ? 'JSONArray' : 'JSONObject';
}

function registryTypeOfValue(value: unknown): string {
  if (value === null || value === undefined) return 'Null';
  if (Array.isArray(value)) return 'JSONArray';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'boolean':
      return 'Boolean';
    case 'number':
      return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
    default:
      return 'JSONObject';
  }
}

// --- property-validation: paths in braces -------------------------------------------------------------

const braced = (path: Path): string => `{/${path.join('/')}}`;

function propertyValidationMessage(problem: Problem): string {
  switch (problem.kind) {
    case 'unsupported':
      // [confirmed] at the top level ("{/}"); [shape] nested
      return `Encountered unsupported properties in ${braced(problem.path)}: [${problem.names.join(', ')}]`;
    case 'required':
      // [confirmed] at the top level; [shape] nested
      return `The property ${braced([...problem.path, problem.name])} is required`;
    case 'type':
      // [confirmed] {Array}, {Object}, {Map}; [unconfirmed] the scalar type names
      return `Value of property ${braced(problem.path)} does not match type {${specTypeName(problem.expected)}}`;
  }
}

function specTypeName(type: TypeRef): string {
  if (typeof type === 'string') return type === 'Json' ? 'Object' : type === 'Timestamp' ? 'String' : type;
  if ('list' in type) return 'Array';
  if ('map' in type) return 'Map';
  if ('union' in type) return specTypeName(type.union[0] ?? 'Json');
  return 'Object';
}

// --- legacy: the first problem, by property name ------------------------------------------------------

const LEGACY_ORDER: Record<Problem['kind'], number> = { unsupported: 0, required: 1, type: 2 };

function firstForLegacy(problems: readonly Problem[]): Problem {
  return [...problems].sort((a, b) => LEGACY_ORDER[a.kind] - LEGACY_ORDER[b.kind])[0]!;
}

/** The name of the property a path ends in (list indexes and map keys are not property names). */
function propertyName(path: Path): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return segment;
  }
  return '';
}

function legacyMessage(problem: Problem): string {
  switch (problem.kind) {
    case 'unsupported':
      // [confirmed]
      return `Encountered unsupported property ${problem.names[0]}`;
    case 'required':
      // [confirmed] (AWS::IAM::Policy without PolicyDocument)
      return `Property ${problem.name} cannot be empty`;
    case 'type': {
      const collection = problem.collection;
      if (collection && typeof collection.type === 'object' && 'map' in collection.type) {
        // [confirmed] (a nested stack's Parameters)
        return `Value of property ${propertyName(collection.path)} must be an object with String (or simple type) properties`;
      }
      if (collection) return legacyTypeMessage(propertyName(collection.path), collection.type);
      return legacyTypeMessage(propertyName(problem.path), problem.expected);
    }
  }
}

function legacyTypeMessage(name: string, type: TypeRef): string {
  const value = `Value of property ${name}`;
  if (typeof type === 'string') {
    switch (type) {
      case 'String':
      case 'Timestamp':
        return `${value} must be of type String`; // [confirmed]
      case 'Integer':
      case 'Number':
        return `Encountered non numeric value for property ${name}`; // [confirmed]
      case 'Boolean':
        return `${value} must be of type Boolean`; // [shape]
      case 'Json':
        return `${value} must be an object`; // [shape]
    }
  }
  if ('list' in type) {
    if (type.list === 'String') return `${value} must be of type List of String`; // [confirmed]
    if (typeof type.list === 'object' && 'ref' in type.list) return `${value} must be a list of objects`; // [confirmed]
    return `${value} must be of type List`; // [confirmed]
  }
  return `${value} must be an object`; // [confirmed] for a map; [shape] otherwise
}
