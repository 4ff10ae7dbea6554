/**
 * Policy strings with policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'default'}`) and
 * the special variables `${*}`, `${?}` and `${$}`, which stand for literal `*`, `?` and `$`.
 *
 * IAM documents that:
 * - variables are substituted only in policies with `"Version": "2012-10-17"`; callers pass
 *   `variables: false` for older documents, where `${...}` is plain text;
 * - a variable whose key has no value makes the string match nothing (the statement does not apply
 *   for positive operators; negated operators such as `StringNotEquals` do match), unless a default
 *   value is given after a comma in single quotes;
 * - only single-valued keys can be used as variables;
 * - substituted values are data, not patterns: a `*` in a tag value does not become a wildcard.
 *
 * A template without variables is compiled to its glob once, at parse time.
 */
import { type Glob, makeGlob, QMARK, STAR } from './wildcard.js';

type Piece =
  | { readonly kind: 'text'; readonly text: string; readonly mask: readonly number[] }
  | { readonly kind: 'var'; readonly key: string; readonly fallback: string | undefined };

export interface Template {
  readonly source: string;
  readonly pieces: readonly Piece[];
  /** Set when the template has no variables: the glob to match with. */
  readonly glob: Glob | undefined;
  readonly ignoreCase: boolean;
}

export interface TemplateOptions {
  /** Treat `*` and `?` as wildcards (StringLike, ArnLike, Action, Resource). */
  wildcards: boolean;
  /** Substitute `${...}` policy variables (Version 2012-10-17 only). */
  variables: boolean;
  /** Lower-case everything, substituted values included (StringEqualsIgnoreCase, actions). */
  ignoreCase?: boolean;
}

/** Looks up a single-valued context key by its lower-cased name. */
export type VariableLookup = (lowerCaseKey: string) => string | undefined;

const VARIABLE_BODY = /^\s*([^\s,'}]+)\s*(?:,\s*'([^']*)'\s*)?$/;
const SPECIALS: Record<string, string> = { '*': '*', '?': '?', $: '$' };

export function parseTemplate(source: string, options: TemplateOptions): Template {
  const ignoreCase = options.ignoreCase ?? false;
  const pieces: Piece[] = [];
  let text = '';
  let mask: number[] = [];
  const flush = () => {
    if (text.length > 0) pieces.push({ kind: 'text', text, mask });
    text = '';
    mask = [];
  };
  const addLiteral = (s: string) => {
    text += ignoreCase ? s.toLowerCase() : s;
    for (let k = 0; k < s.length; k++) mask.push(0);
  };

  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (options.variables && c === '$' && source[i + 1] === '{') {
      const end = source.indexOf('}', i + 2);
      if (end !== -1) {
        const body = source.slice(i + 2, end);
        const special = SPECIALS[body];
        const variable = special === undefined ? VARIABLE_BODY.exec(body) : null;
        if (special !== undefined) {
          addLiteral(special);
          i = end + 1;
          continue;
        }
        if (variable) {
          flush();
          pieces.push({ kind: 'var', key: variable[1]!.toLowerCase(), fallback: variable[2] });
          i = end + 1;
          continue;
        }
      }
    }
    if (options.wildcards && (c === '*' || c === '?')) {
      text += c;
      mask.push(c === '*' ? STAR : QMARK);
    } else {
      addLiteral(c);
    }
    i++;
  }
  flush();

  const hasVariables = pieces.some((p) => p.kind === 'var');
  const template: Template = { source, pieces, glob: undefined, ignoreCase };
  return hasVariables ? template : { ...template, glob: resolveTemplate(template, () => undefined) };
}

/** Substitutes variables; undefined when a variable has no value and no default. */
export function resolveTemplate(template: Template, lookup: VariableLookup): Glob | undefined {
  if (template.glob) return template.glob;
  let text = '';
  const mask: number[] = [];
  for (const piece of template.pieces) {
    if (piece.kind === 'text') {
      text += piece.text;
      mask.push(...piece.mask);
      continue;
    }
    const value = lookup(piece.key) ?? piece.fallback;
    if (value === undefined) return undefined;
    text += template.ignoreCase ? value.toLowerCase() : value;
    for (let k = 0; k < value.length; k++) mask.push(0);
  }
  return makeGlob(text, mask.length > 0 ? Uint8Array.from(mask) : null);
}

/** True when the template uses at least one policy variable. */
export function hasVariables(template: Template): boolean {
  return template.glob === undefined;
}
