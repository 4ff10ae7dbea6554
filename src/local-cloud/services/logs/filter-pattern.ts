/**
 * CloudWatch Logs filter patterns (FilterLogEvents `filterPattern`), compiled to a predicate over the
 * message. Pure. Supported:
 *
 *   ERROR Exception          every term must occur (terms are case-sensitive)
 *   "Out of memory"          a quoted phrase must occur as written
 *   ?ERROR ?WARN             at least one of the `?` terms must occur
 *   ERROR -Retrying          `-` terms must not occur
 *   %[0-9]{3} failed%        a regular expression
 *   { $.level = "ERROR" && ($.latency > 100 || $.user.name = "adm*") }
 *                            JSON messages: = != < <= > >= (strings with * wildcards, numbers),
 *                            IS NULL / IS TRUE / IS FALSE, EXISTS / NOT EXISTS, && || and parentheses
 *
 * An empty pattern matches everything. Space-delimited patterns (`[ip, user, ...]`) are refused with a
 * message saying so.
 */
import { LogsErrors } from './errors.js';

export type MessagePredicate = (message: string) => boolean;

const invalid = (detail: string) => LogsErrors.invalidParameter(`Invalid filter pattern: ${detail}`);

export function compileFilterPattern(text: string | undefined): MessagePredicate {
  const pattern = (text ?? '').trim();
  if (pattern === '') return () => true;
  if (pattern.startsWith('{')) return compileJsonPattern(pattern);
  if (pattern.startsWith('[')) {
    throw invalid('space-delimited patterns ([...]) are not supported by the local cloud');
  }
  if (pattern.length >= 2 && pattern.startsWith('%') && pattern.endsWith('%')) {
    try {
      const regex = new RegExp(pattern.slice(1, -1));
      return (message) => regex.test(message);
    } catch {
      throw invalid(`the regular expression ${pattern} does not compile`);
    }
  }
  return compileTerms(pattern);
}

interface Term {
  kind: 'required' | 'optional' | 'excluded';
  text: string;
}

function readTerms(pattern: string): Term[] {
  const terms: Term[] = [];
  let i = 0;
  while (i < pattern.length) {
    if (/\s/.test(pattern[i]!)) {
      i++;
      continue;
    }
    let kind: Term['kind'] = 'required';
    if (pattern[i] === '?' || pattern[i] === '-') {
      kind = pattern[i] === '?' ? 'optional' : 'excluded';
      i++;
    }
    let text = '';
    if (pattern[i] === '"') {
      i++;
      while (i < pattern.length && pattern[i] !== '"') {
        if (pattern[i] === '\\' && i + 1 < pattern.length) i++;
        text += pattern[i];
        i++;
      }
      if (i >= pattern.length) throw invalid('unterminated quoted phrase');
      i++;
    } else {
      while (i < pattern.length && !/\s/.test(pattern[i]!)) {
        if (pattern[i] === '"') throw LogsErrors.invalidParameter(`Invalid character(s) in term '${text}"'`);
        text += pattern[i];
        i++;
      }
    }
    if (text === '') throw invalid('empty term');
    terms.push({ kind, text });
  }
  return terms;
}

function compileTerms(pattern: string): MessagePredicate {
  const terms = readTerms(pattern);
  const required = terms.filter((t) => t.kind === 'required').map((t) => t.text);
  const optional = terms.filter((t) => t.kind === 'optional').map((t) => t.text);
  const excluded = terms.filter((t) => t.kind === 'excluded').map((t) => t.text);
  return (message) =>
    required.every((t) => message.includes(t)) &&
    (optional.length === 0 || optional.some((t) => message.includes(t))) &&
    !excluded.some((t) => message.includes(t));
}

// ---- JSON patterns ----

type Token =
  | { kind: 'punct'; text: '(' | ')' | '&&' | '||' | '=' | '!=' | '<' | '<=' | '>' | '>=' }
  | { kind: 'selector'; path: (string | number)[] }
  | { kind: 'string'; text: string }
  | { kind: 'word'; text: string };

const PUNCT = ['&&', '||', '!=', '<=', '>=', '(', ')', '=', '<', '>'] as const;

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const rest = body.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const punct = PUNCT.find((p) => rest.startsWith(p));
    if (punct) {
      tokens.push({ kind: 'punct', text: punct });
      i += punct.length;
      continue;
    }
    if (rest.startsWith('$')) {
      const match = /^\$((?:\.[A-Za-z0-9_\-@]+|\[\d+\])*)/.exec(rest)!;
      const path: (string | number)[] = [];
      for (const part of match[1]!.matchAll(/\.([A-Za-z0-9_\-@]+)|\[(\d+)\]/g)) {
        path.push(part[1] !== undefined ? part[1] : Number(part[2]));
      }
      if (path.length === 0) throw invalid(`selector ${match[0]} names no field`);
      tokens.push({ kind: 'selector', path });
      i += match[0].length;
      continue;
    }
    if (rest.startsWith('"')) {
      let text = '';
      let j = 1;
      while (j < rest.length && rest[j] !== '"') {
        if (rest[j] === '\\' && j + 1 < rest.length) j++;
        text += rest[j];
        j++;
      }
      if (j >= rest.length) throw invalid('unterminated string');
      tokens.push({ kind: 'string', text });
      i += j + 1;
      continue;
    }
    const word = /^[^\s()&|=!<>"]+/.exec(rest);
    if (!word) throw invalid(`unexpected character '${rest[0]}'`);
    tokens.push({ kind: 'word', text: word[0] });
    i += word[0].length;
  }
  return tokens;
}

type Node =
  | { kind: 'or' | 'and'; left: Node; right: Node }
  | { kind: 'compare'; path: (string | number)[]; op: string; value: string | number }
  | { kind: 'is'; path: (string | number)[]; value: null | boolean }
  | { kind: 'exists'; path: (string | number)[]; exists: boolean };

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.or();
    if (this.i < this.tokens.length) throw invalid('unexpected text after the expression');
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t?.kind === 'punct' && t.text === text;
  }

  private or(): Node {
    let left = this.and();
    while (this.isPunct('||')) {
      this.i++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.primary();
    while (this.isPunct('&&')) {
      this.i++;
      left = { kind: 'and', left, right: this.primary() };
    }
    return left;
  }

  private primary(): Node {
    if (this.isPunct('(')) {
      this.i++;
      const node = this.or();
      if (!this.isPunct(')')) throw invalid('missing )');
      this.i++;
      return node;
    }
    const selector = this.tokens[this.i++];
    if (selector?.kind !== 'selector') throw invalid('expected a selector such as $.field');
    const next = this.tokens[this.i++];
    if (next?.kind === 'word') {
      const word = next.text.toUpperCase();
      if (word === 'EXISTS') return { kind: 'exists', path: selector.path, exists: true };
      if (word === 'NOT' && this.wordIs('EXISTS'))
        return { kind: 'exists', path: selector.path, exists: false };
      if (word === 'IS') {
        const value = this.tokens[this.i++];
        const upper = value?.kind === 'word' ? value.text.toUpperCase() : '';
        if (upper === 'NULL') return { kind: 'is', path: selector.path, value: null };
        if (upper === 'TRUE' || upper === 'FALSE') {
          return { kind: 'is', path: selector.path, value: upper === 'TRUE' };
        }
      }
      throw invalid(`unexpected ${next.text}`);
    }
    if (next?.kind !== 'punct' || ['(', ')', '&&', '||'].includes(next.text)) {
      throw invalid('expected a comparison operator');
    }
    const value = this.tokens[this.i++];
    if (value?.kind === 'string')
      return { kind: 'compare', path: selector.path, op: next.text, value: value.text };
    if (value?.kind === 'word') {
      const number = Number(value.text);
      const parsed = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.text) ? number : value.text;
      return { kind: 'compare', path: selector.path, op: next.text, value: parsed };
    }
    throw invalid('expected a value after the operator');
  }

  private wordIs(text: string): boolean {
    const t = this.tokens[this.i];
    if (t?.kind === 'word' && t.text.toUpperCase() === text) {
      this.i++;
      return true;
    }
    return false;
  }
}

function resolve(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's');
}

function compare(field: unknown, op: string, value: string | number): boolean {
  if (typeof value === 'string') {
    if (typeof field !== 'string') return op === '!=' && field !== undefined;
    const equal = wildcard(value).test(field);
    if (op === '=') return equal;
    if (op === '!=') return !equal;
    return false;
  }
  if (typeof field !== 'number') return op === '!=' && field !== undefined;
  switch (op) {
    case '=':
      return field === value;
    case '!=':
      return field !== value;
    case '<':
      return field < value;
    case '<=':
      return field <= value;
    case '>':
      return field > value;
    default:
      return field >= value;
  }
}

function evaluate(node: Node, doc: unknown): boolean {
  switch (node.kind) {
    case 'or':
      return evaluate(node.left, doc) || evaluate(node.right, doc);
    case 'and':
      return evaluate(node.left, doc) && evaluate(node.right, doc);
    case 'exists':
      return (resolve(doc, node.path) !== undefined) === node.exists;
    case 'is':
      return resolve(doc, node.path) === node.value;
    default:
      return compare(resolve(doc, node.path), node.op, node.value);
  }
}

function compileJsonPattern(pattern: string): MessagePredicate {
  if (!pattern.endsWith('}')) throw invalid('a JSON pattern must end with }');
  const tree = new Parser(tokenize(pattern.slice(1, -1))).parse();
  return (message) => {
    let doc: unknown;
    try {
      doc = JSON.parse(message);
    } catch {
      return false;
    }
    return doc !== null && typeof doc === 'object' && evaluate(tree, doc);
  };
}
