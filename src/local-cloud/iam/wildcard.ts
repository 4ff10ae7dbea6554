/**
 * Wildcard patterns as IAM uses them: `*` matches any run of characters (including none), `?` matches
 * exactly one character. A pattern is compiled once into a `Glob` and matched without regular
 * expressions, so evaluation never builds a RegExp.
 *
 * A glob carries a mask that tells wildcard characters from literal ones, because the policy variables
 * `${*}` and `${?}` put literal `*` and `?` characters into a pattern.
 */

const LITERAL = 0;
export const STAR = 1;
export const QMARK = 2;

export interface Glob {
  /** Pattern characters; wildcard positions hold `*` or `?`. */
  readonly text: string;
  /** Per character: 0 literal, 1 `*`, 2 `?`. `null` when every character is literal. */
  readonly mask: Uint8Array | null;
  /** `any`: the pattern is only stars; `exact`: no wildcards; `glob`: anything else. */
  readonly mode: 'any' | 'exact' | 'glob';
}

/** Builds a glob from characters and their mask (used by the template resolver). */
export function makeGlob(text: string, mask: Uint8Array | null): Glob {
  if (mask === null || mask.every((m) => m === LITERAL)) return { text, mask: null, mode: 'exact' };
  const onlyStars = text.length > 0 && mask.every((m) => m === STAR);
  return { text, mask, mode: onlyStars ? 'any' : 'glob' };
}

/** Compiles a plain pattern in which every `*` and `?` is a wildcard. */
export function compileGlob(pattern: string, options: { ignoreCase?: boolean } = {}): Glob {
  const text = options.ignoreCase ? pattern.toLowerCase() : pattern;
  let mask: Uint8Array | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */) {
      mask ??= new Uint8Array(text.length);
      mask[i] = c === 42 ? STAR : QMARK;
    }
  }
  return makeGlob(text, mask);
}

/** A glob that matches only the exact string. */
export function literalGlob(text: string): Glob {
  return { text, mask: null, mode: 'exact' };
}

/**
 * Matches `value` against the glob. Greedy scan with a single backtrack point: linear for patterns
 * with one star, never exponential.
 */
export function matchGlob(glob: Glob, value: string): boolean {
  if (glob.mode === 'any') return true;
  if (glob.mode === 'exact') return glob.text === value;
  const p = glob.text;
  const mask = glob.mask!;
  let i = 0;
  let j = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (j < value.length) {
    if (i < p.length && mask[i] !== STAR && (mask[i] === QMARK || p.charCodeAt(i) === value.charCodeAt(j))) {
      i++;
      j++;
    } else if (i < p.length && mask[i] === STAR) {
      starAt = i;
      resumeAt = j;
      i++;
    } else if (starAt !== -1) {
      i = starAt + 1;
      resumeAt++;
      j = resumeAt;
    } else {
      return false;
    }
  }
  while (i < p.length && mask[i] === STAR) i++;
  return i === p.length;
}

/** Splits a glob at its literal characters equal to `separator`, keeping at most `limit` parts. */
export function splitGlob(glob: Glob, separator: string, limit: number): Glob[] {
  const parts: Glob[] = [];
  let start = 0;
  for (let i = 0; i < glob.text.length && parts.length < limit - 1; i++) {
    if (glob.text[i] === separator && (glob.mask === null || glob.mask[i] === LITERAL)) {
      parts.push(sliceGlob(glob, start, i));
      start = i + 1;
    }
  }
  parts.push(sliceGlob(glob, start, glob.text.length));
  return parts;
}

function sliceGlob(glob: Glob, from: number, to: number): Glob {
  return makeGlob(glob.text.slice(from, to), glob.mask ? glob.mask.slice(from, to) : null);
}
