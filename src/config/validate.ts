/**
 * Validates parsed YAML against a zod schema and turns every issue into a
 * FleetpipeError at the right file:line:column, with a hint.
 */
import type { z } from 'zod';
import { FleetpipeError } from '../errors.js';
import { closest } from './suggest.js';
import { type ParsedYaml, positionOf } from './yaml.js';

/** The keys a strict object at `path` accepts, for "did you mean". */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    let cur = x as { def?: { type?: string; innerType?: unknown; in?: unknown; options?: unknown[] } } | undefined;
    for (let i = 0; i < 10 && cur?.def; i++) {
      const t = cur.def.type;
      if (t === 'optional' || t === 'default' || t === 'nullable' || t === 'prefault' || t === 'readonly')
        cur = cur.def.innerType as typeof cur;
      else if (t === 'pipe') cur = cur.def.in as typeof cur;
      else break;
    }
    return cur;
  };
  s = unwrap(s);
  for (const seg of path) {
    const def = (s as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown } }).def;
    if (def?.type === 'object' && def.shape && typeof seg === 'string') s = unwrap(def.shape[seg]);
    else if (def?.type === 'array') s = unwrap(def.element);
    else if (def?.type === 'union') {
      const opts = (def as { options?: unknown[] }).options ?? [];
      const obj = opts.map(unwrap).find((o) => (o as { def?: { type?: string } }).def?.type === 'object');
      if (!obj) return [];
      s = unwrap((obj as { def: { shape: Record<string, unknown> } }).def.shape[seg as string]);
    } else return [];
  }
  const def = (s as { def?: { type?: string; shape?: Record<string, unknown>; options?: unknown[] } }).def;
  if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def?.type === 'union') {
    const obj = (def.options ?? [])
      .map(unwrap)
      .find((o) => (o as { def?: { type?: string } }).def?.type === 'object');
    if (obj) return Object.keys((obj as { def: { shape: Record<string, unknown> } }).def.shape);
  }
  return [];
}

function describePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the document';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg];
  }
  return cur;
}

export function validateYaml<S extends z.ZodType>(
  schema: S,
  parsed: ParsedYaml,
  what: string,
): z.output<S> {
  const input = parsed.value ?? {};
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FleetpipeError[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path as PropertyKey[];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const keyPath = [...path, key];
        const pos = positionOf(parsed, keyPath, true);
        const known = knownKeys(schema, path);
        const suggestion = closest(key, known);
        errors.push(
          new FleetpipeError('UnknownKey', `unknown key "${key}" in ${describePath(path)} of ${what}`, {
            file: parsed.file,
            line: pos?.line,
            column: pos?.column,
            hint: suggestion
              ? `did you mean "${suggestion}"?`
              : `allowed keys here: ${known.join(', ') || '(none)'}`,
          }),
        );
      }
      continue;
    }
    const pos = positionOf(parsed, path);
    const actual = valueAt(input, path);
    let message: string;
    let hint: string | undefined;
    switch (issue.code) {
      case 'invalid_type':
        message =
          actual === undefined
            ? `${describePath(path)} is required in ${what}`
            : `${describePath(path)} must be ${issue.expected === 'record' || issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}, got ${typeName(actual)}`;
        hint = actual === undefined ? `add "${String(path[path.length - 1] ?? '')}:"` : undefined;
        break;
      case 'invalid_value':
        message = `${describePath(path)} is ${typeName(actual)}, which is not allowed`;
        hint = `use one of: ${issue.values.map(String).join(', ')}`;
        {
          const s = typeof actual === 'string' ? closest(actual, issue.values.map(String)) : undefined;
          if (s) hint = `did you mean "${s}"? Allowed: ${issue.values.map(String).join(', ')}`;
        }
        break;
      case 'too_small':
      case 'too_big':
        message = `${describePath(path)}: ${issue.message.replace(/^Too (small|big): expected /, 'expected ')}`;
        hint = `got ${typeName(actual)}`;
        break;
      case 'invalid_union':
        message = `${describePath(path)} has the wrong shape (${typeName(actual)})`;
        hint = 'see the JSON Schema in schema/ for the accepted forms';
        {
          const inner = (issue as { errors?: { message: string }[][] }).errors?.flat().find((e) => e.message)?.message;
          if (inner) hint = `${inner}; see schema/ for the accepted forms`;
        }
        break;
      default:
        message = `${describePath(path)}: ${issue.message}`;
        hint = actual === undefined ? undefined : `got ${typeName(actual)}`;
    }
    errors.push(
      new FleetpipeError('InvalidConfig', `${message}`, {
        file: parsed.file,
        line: pos?.line,
        column: pos?.column,
        hint,
      }),
    );
  }
  // Order by position so the output reads top to bottom.
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  throw FleetpipeError.combine(errors);
}
