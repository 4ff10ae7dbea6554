/**
 * Event pattern validation (PutRule `EventPattern`, TestEventPattern, SNS filter policies): the JSON text
 * is checked against EventBridge's pattern grammar and compiled to a `PatternNode`. Errors are
 * InvalidEventPatternException ("Event pattern is not valid. Reason: …"), naming the field at fault.
 *
 * Grammar: a non-empty object whose values are objects (nested fields) or non-empty arrays (leaf lists);
 * `$or` holds a list of at least two such objects. A leaf list holds strings, numbers, booleans, null, or
 * one-key comparison objects: prefix, suffix (both also with `{ "equals-ignore-case": … }`),
 * equals-ignore-case, wildcard, anything-but (a value, a list of values, or prefix / suffix /
 * equals-ignore-case / wildcard), numeric (`[">", 0, "<=", 5]`), exists, cidr.
 */
import { parseCidr } from '../../../iam/index.js';
import { EventsErrors } from '../errors.js';
import type { Matcher, NumericOp, PatternNode } from './types.js';

/** EventBridge's limit on the length of a rule's event pattern. */
export const MAX_PATTERN_CHARS = 4096;

const NUMERIC_OPS: readonly NumericOp[] = ['=', '<', '<=', '>', '>='];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const fail = (path: string, reason: string) => EventsErrors.invalidPattern(`${reason} at [${path}]`);

function stringOrIgnoreCase(
  path: string,
  name: string,
  value: unknown,
): { value: string; ignoreCase: boolean } {
  if (typeof value === 'string') return { value, ignoreCase: false };
  if (isObject(value) && Object.keys(value).length === 1 && typeof value['equals-ignore-case'] === 'string') {
    return { value: value['equals-ignore-case'], ignoreCase: true };
  }
  throw fail(path, `${name} match pattern must be a string`);
}

function numeric(path: string, value: unknown): Matcher {
  if (!Array.isArray(value) || value.length === 0 || value.length % 2 !== 0 || value.length > 4) {
    throw fail(
      path,
      'Value of numeric must be an array of an operator and a number, optionally followed by a second pair',
    );
  }
  const conditions: { op: NumericOp; value: number }[] = [];
  for (let i = 0; i < value.length; i += 2) {
    const op = value[i];
    const n = value[i + 1];
    if (!NUMERIC_OPS.includes(op as NumericOp))
      throw fail(path, `Unrecognized numeric range operator: ${String(op)}`);
    if (typeof n !== 'number' || !Number.isFinite(n)) throw fail(path, 'Value of numeric must be numbers');
    conditions.push({ op: op as NumericOp, value: n });
  }
  if (conditions.length === 2) {
    const [low, high] = conditions as [{ op: NumericOp; value: number }, { op: NumericOp; value: number }];
    if (!(low.op === '>' || low.op === '>=') || !(high.op === '<' || high.op === '<=')) {
      throw fail(
        path,
        'Bad numeric range operator: a range is a lower bound (> or >=) followed by an upper bound (< or <=)',
      );
    }
    if (low.value >= high.value) throw fail(path, 'Bottom must be less than top');
  }
  return { kind: 'numeric', conditions };
}

function anythingBut(path: string, value: unknown): Matcher {
  const exactValue = (v: unknown): Matcher => {
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw fail(path, 'Inside anything-but list, only strings and numbers are allowed');
    }
    return { kind: 'exact', value: v };
  };
  if (typeof value === 'string' || typeof value === 'number')
    return { kind: 'anything-but', not: [exactValue(value)] };
  if (Array.isArray(value)) {
    if (value.length === 0) throw fail(path, 'Empty arrays are not allowed');
    const types = new Set(value.map((v) => typeof v));
    if (types.size > 1) throw fail(path, 'Inside anything-but list, mixed types are not allowed');
    return { kind: 'anything-but', not: value.map(exactValue) };
  }
  if (isObject(value) && Object.keys(value).length === 1) {
    const [key, inner] = Object.entries(value)[0]!;
    if (key === 'prefix' || key === 'suffix') {
      if (typeof inner !== 'string') throw fail(path, `${key} match pattern must be a string`);
      return { kind: 'anything-but', not: [{ kind: key, value: inner, ignoreCase: false }] };
    }
    if (key === 'equals-ignore-case' || key === 'wildcard') {
      const values = Array.isArray(inner) ? inner : [inner];
      if (values.length === 0 || values.some((v) => typeof v !== 'string')) {
        throw fail(path, `${key} match pattern must be a string or a list of strings`);
      }
      return { kind: 'anything-but', not: values.map((v) => ({ kind: key, value: v as string })) };
    }
  }
  throw fail(
    path,
    'Value of anything-but must be an array or single string/number value, or a prefix, suffix, equals-ignore-case or wildcard object',
  );
}

function comparison(path: string, value: Record<string, unknown>): Matcher {
  const keys = Object.keys(value);
  if (keys.length !== 1) throw fail(path, 'A comparison object must have exactly one key');
  const key = keys[0]!;
  const inner = value[key];
  switch (key) {
    case 'prefix':
    case 'suffix':
      return { kind: key, ...stringOrIgnoreCase(path, key, inner) };
    case 'equals-ignore-case':
    case 'wildcard':
      if (typeof inner !== 'string') throw fail(path, `${key} match pattern must be a string`);
      if (key === 'wildcard' && /\*\*/.test(inner))
        throw fail(path, 'Consecutive wildcard characters are not allowed');
      return { kind: key, value: inner };
    case 'anything-but':
      return anythingBut(path, inner);
    case 'numeric':
      return numeric(path, inner);
    case 'exists':
      if (typeof inner !== 'boolean') throw fail(path, 'exists match pattern must be either true or false');
      return { kind: 'exists', exists: inner };
    case 'cidr':
      if (typeof inner !== 'string' || parseCidr(inner) === undefined) throw fail(path, 'Malformed CIDR');
      return { kind: 'cidr', value: inner };
    default:
      throw fail(path, `Unrecognized match type ${key}`);
  }
}

function leafList(path: string, values: unknown[]): Matcher[] {
  if (values.length === 0) throw fail(path, 'Empty arrays are not allowed');
  return values.map((v) => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return { kind: 'exact', value: v };
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw fail(path, 'Numbers must be finite');
      return { kind: 'exact', value: v };
    }
    if (isObject(v)) return comparison(path, v);
    throw fail(path, 'Match value must be String, number, true, false, or null');
  });
}

function node(path: string, value: Record<string, unknown>): PatternNode {
  const result: PatternNode = { fields: {}, or: [] };
  for (const [key, child] of Object.entries(value)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(child) || child.length < 2 || !child.every(isObject)) {
        throw fail(at, '$or must be an array of at least two objects');
      }
      result.or = child.map((c) => node(path, c as Record<string, unknown>));
    } else if (Array.isArray(child)) {
      result.fields[key] = leafList(at, child);
    } else if (isObject(child)) {
      if (Object.keys(child).length === 0) throw fail(at, 'Empty objects are not allowed');
      result.fields[key] = node(at, child);
    } else {
      throw fail(at, 'Match value must be an array or an object');
    }
  }
  return result;
}

/** Checks and compiles an event pattern given as JSON text. */
export function parsePattern(text: string): PatternNode {
  if (text.length > MAX_PATTERN_CHARS) {
    throw EventsErrors.invalidPattern(`The event pattern is longer than ${MAX_PATTERN_CHARS} characters`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw EventsErrors.invalidPattern(`Filter is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(value)) throw EventsErrors.invalidPattern('Filter is not an object');
  if (Object.keys(value).length === 0) throw EventsErrors.invalidPattern('Empty objects are not allowed');
  return node('', value);
}
