/**
 * Query-protocol parameters (`Action=…&Tags.member.1.Key=…`), decoded from a form body or a URL query,
 * with helpers for the protocol's flattened shapes:
 *
 * - lists:            `Names.member.1=a&Names.member.2=b`                    → `list('Names')`
 * - lists of structs: `Tags.member.1.Key=k&Tags.member.1.Value=v`            → `members('Tags')`
 * - maps:             `Attributes.entry.1.key=k&Attributes.entry.1.value=v`  → `map('Attributes')`
 *
 * Member indexes are 1-based and read in numeric order; gaps are allowed.
 */
import { AwsError } from './errors.js';

export class QueryParams {
  private readonly values: ReadonlyMap<string, string>;

  constructor(entries: Iterable<readonly [string, string]> = []) {
    this.values = new Map(entries);
  }

  /**
   * Decodes `application/x-www-form-urlencoded` text (`+` is a space). A broken percent escape or invalid
   * UTF-8 is the caller's error: `MalformedQueryString` (400). A repeated name keeps its last value.
   */
  static fromForm(text: string): QueryParams {
    const entries: [string, string][] = [];
    for (const piece of text.split('&')) {
      if (piece === '') continue;
      const eq = piece.indexOf('=');
      const rawName = eq < 0 ? piece : piece.slice(0, eq);
      const rawValue = eq < 0 ? '' : piece.slice(eq + 1);
      entries.push([decodeFormComponent(rawName), decodeFormComponent(rawValue)]);
    }
    return new QueryParams(entries);
  }

  /** Parameters of both, `other`'s winning on a clash. */
  merge(other: QueryParams): QueryParams {
    return new QueryParams([...this.values, ...other.values]);
  }

  get(name: string): string | undefined {
    return this.values.get(name);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** An integer parameter; a value that is not an integer is a `ValidationError`. */
  int(name: string): number | undefined {
    const raw = this.values.get(name);
    if (raw === undefined) return undefined;
    if (!/^-?\d{1,15}$/.test(raw.trim())) {
      throw new AwsError(
        'ValidationError',
        `Value '${raw}' at '${name}' failed to satisfy constraint: must be an integer`,
      );
    }
    return Number.parseInt(raw, 10);
  }

  /** A boolean parameter (`true` / `false`, any case); anything else is a `ValidationError`. */
  bool(name: string): boolean | undefined {
    const raw = this.values.get(name);
    if (raw === undefined) return undefined;
    const lower = raw.trim().toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    throw new AwsError(
      'ValidationError',
      `Value '${raw}' at '${name}' failed to satisfy constraint: must be a boolean`,
    );
  }

  /** All parameter names, sorted. */
  names(): string[] {
    return [...this.values.keys()].sort();
  }

  /** The parameters as a plain object (for logging or tests). */
  toObject(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  /** The parameters under `prefix.`, with that prefix removed. */
  scope(prefix: string): QueryParams {
    const head = `${prefix}.`;
    const entries: [string, string][] = [];
    for (const [name, value] of this.values) {
      if (name.startsWith(head)) entries.push([name.slice(head.length), value]);
    }
    return new QueryParams(entries);
  }

  /** Scalar list `prefix.member.N` (member name configurable), in index order. */
  list(prefix: string, memberName = 'member'): string[] {
    const scoped = this.scope(`${prefix}.${memberName}`);
    return indexesOf(scoped).flatMap((index) => {
      const value = scoped.get(String(index));
      return value === undefined ? [] : [value];
    });
  }

  /** Structure list `prefix.member.N.Field…`: one scoped view per member, in index order. */
  members(prefix: string, memberName = 'member'): QueryParams[] {
    const scoped = this.scope(`${prefix}.${memberName}`);
    return indexesOf(scoped).map((index) => scoped.scope(String(index)));
  }

  /** Map `prefix.entry.N.key` / `prefix.entry.N.value` (names configurable). Entries without a key are skipped. */
  map(prefix: string, names: { entry?: string; key?: string; value?: string } = {}): Record<string, string> {
    const keyName = names.key ?? 'key';
    const valueName = names.value ?? 'value';
    const result: Record<string, string> = {};
    for (const entry of this.members(prefix, names.entry ?? 'entry')) {
      const key = entry.get(keyName);
      if (key !== undefined) result[key] = entry.get(valueName) ?? '';
    }
    return result;
  }
}

/** Member indexes present under a scope (`1`, `2`, `1.Key` → [1, 2]), numerically sorted. */
function indexesOf(scoped: QueryParams): number[] {
  const indexes = new Set<number>();
  for (const name of scoped.names()) {
    const match = /^([1-9]\d{0,5})(?:\.|$)/.exec(name);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

function decodeFormComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw new AwsError(
      'MalformedQueryString',
      `The request parameter '${raw.slice(0, 64)}' is not properly URL-encoded.`,
    );
  }
}
