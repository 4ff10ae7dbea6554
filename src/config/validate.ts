/**
 * Validates parsed YAML against a zod schema and turns every issue into a
 * FleetpipeError at the right file:line:column, with a hint.
 */
import type { z } from 'zod';
import { FleetpipeError } from '../errors.js';
import { HintSeparator } from './schema.js';
import { closest } from './suggest.js';
import { type ParsedYaml, positionOf } from './yaml.js';

/** The keys a strict object at `path` accepts, for "did you mean". */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  const unwrap = (x: unknown): unknown => {
    let cur = x as
      | { def?: { type?: string; innerType?: unknown; in?: unknown; options?: unknown[] } }
      | undefined;
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
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return `the string "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
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

type Issue = z.core.$ZodIssue;

/**
 * A union ("a string or a mapping") fails with one list of issues per branch.
 * When the value has the shape of one branch, that branch's issues say what is
 * really wrong; report those instead of "wrong shape".
 */
function unwrapUnion(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union') return [issue];
  const branches = (issue as { errors?: Issue[][] }).errors ?? [];
  const shaped = branches.filter(
    (b) => b.length > 0 && !b.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  if (shaped.length !== 1) return [issue];
  return shaped[0]!.flatMap((inner) =>
    unwrapUnion({ ...inner, path: [...issue.path, ...inner.path] } as Issue),
  );
}

export function validateYaml<S extends z.ZodType>(schema: S, parsed: ParsedYaml, what: string): z.output<S> {
  const input = parsed.value ?? {};
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: FleetpipeError[] = [];
  for (const issue of result.error.issues.flatMap((i) => unwrapUnion(i))) {
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
        hint =
          actual === undefined
            ? `add "${String(path[path.length - 1] ?? '')}:"`
            : issue.expected === 'number'
              ? 'write a number without quotes'
              : issue.expected === 'boolean'
                ? 'write true or false without quotes'
                : 'see the JSON Schema in schema/ for the accepted form';
        break;
      case 'invalid_format': {
        const [text, customHint] = issue.message.split(HintSeparator);
        message = `${describePath(path)}: ${text}`;
        hint = customHint ?? `got ${typeName(actual)}`;
        break;
      }
      case 'invalid_key': {
        const inner = (issue as { issues?: { message: string }[] }).issues?.[0]?.message ?? issue.message;
        const [text, customHint] = inner.split(HintSeparator);
        message = `${describePath(path)}: key "${String(path[path.length - 1])}" is not allowed: ${text}`;
        hint = customHint ?? 'rename the key';
        break;
      }
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
          const inner = (issue as { errors?: { message: string }[][] }).errors
            ?.flat()
            .find((e) => e.message)?.message;
          if (inner) hint = `${inner}; see schema/ for the accepted forms`;
        }
        break;
      default: {
        const [text, customHint] = issue.message.split(HintSeparator);
        message = `${describePath(path)}: ${text}`;
        hint = customHint ?? (actual === undefined ? undefined : `got ${typeName(actual)}`);
      }
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
