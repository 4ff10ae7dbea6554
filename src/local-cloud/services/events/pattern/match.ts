/**
 * Event pattern matching, after EventBridge's rules: every field of the pattern must match (AND); a leaf
 * list matches when any of its entries does (OR); when the event's value is an array, any of its elements
 * may match; a field absent from the event matches only `{"exists": false}`; `anything-but` needs the
 * field present; numbers compare as numbers (5 equals 5.0); strings are case-sensitive unless asked.
 */
import { cidrContains, parseCidr, parseIp } from '../../../iam/index.js';
import type { Matcher, PatternNode } from './types.js';

function globToRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      source += `\\${pattern[++i]}`;
    } else if (c === '*') {
      source += '.*';
    } else {
      source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function matchesScalar(m: Matcher, value: unknown): boolean {
  switch (m.kind) {
    case 'exact':
      return value === m.value;
    case 'prefix':
    case 'suffix': {
      if (typeof value !== 'string') return false;
      const v = m.ignoreCase ? value.toLowerCase() : value;
      const p = m.ignoreCase ? m.value.toLowerCase() : m.value;
      return m.kind === 'prefix' ? v.startsWith(p) : v.endsWith(p);
    }
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === m.value.toLowerCase();
    case 'wildcard':
      return typeof value === 'string' && globToRegex(m.value).test(value);
    case 'anything-but':
      return !m.not.some((inner) => matchesScalar(inner, value));
    case 'numeric':
      return (
        typeof value === 'number' &&
        m.conditions.every(({ op, value: n }) =>
          op === '='
            ? value === n
            : op === '<'
              ? value < n
              : op === '<='
                ? value <= n
                : op === '>'
                  ? value > n
                  : value >= n,
        )
      );
    case 'exists':
      return m.exists;
    case 'cidr': {
      if (typeof value !== 'string') return false;
      const ip = parseIp(value);
      const range = parseCidr(m.value);
      return ip !== undefined && range !== undefined && cidrContains(range, ip);
    }
  }
}

function matchesLeaf(matchers: readonly Matcher[], value: unknown): boolean {
  if (value === undefined) return matchers.some((m) => m.kind === 'exists' && !m.exists);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    // An object where the pattern expects a leaf: only "exists": false is about it (and fails).
    return false;
  }
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) return matchers.some((m) => m.kind === 'exists' && !m.exists);
  return matchers.some((m) => values.some((v) => matchesScalar(m, v)));
}

function fieldOf(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** Whether `event` (a parsed JSON value) matches the pattern. */
export function matchPattern(pattern: PatternNode, event: unknown): boolean {
  for (const [key, expected] of Object.entries(pattern.fields)) {
    const value = fieldOf(event, key);
    if (Array.isArray(expected)) {
      if (!matchesLeaf(expected, value)) return false;
    } else if (Array.isArray(value)) {
      if (!value.some((item) => matchPattern(expected, item))) return false;
    } else if (!matchPattern(expected, value)) {
      return false;
    }
  }
  return pattern.or.length === 0 || pattern.or.some((alternative) => matchPattern(alternative, event));
}
