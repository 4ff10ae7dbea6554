/**
 * A checked event pattern: the tree `parsePattern` returns and `matchPattern` walks.
 */

/** One entry of a leaf list: a value to equal, or a comparison. */
export type Matcher =
  | { kind: 'exact'; value: string | number | boolean | null }
  | { kind: 'prefix' | 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; value: string }
  | { kind: 'anything-but'; not: Matcher[] }
  | { kind: 'numeric'; conditions: { op: NumericOp; value: number }[] }
  | { kind: 'exists'; exists: boolean }
  | { kind: 'cidr'; value: string };

export type NumericOp = '=' | '<' | '<=' | '>' | '>=';

export interface PatternNode {
  /** Field name → nested pattern or leaf list. */
  fields: Record<string, PatternNode | Matcher[]>;
  /** `$or` alternatives. */
  or: PatternNode[];
}
