/**
 * HTTP semantics S3 applies to object reads: single byte ranges and conditional requests
 * (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since). Pure.
 */

export type RangeOutcome =
  | { kind: 'whole' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/**
 * Reads a `Range` header against an object of `size` bytes. Like S3, a header that is not a single
 * well-formed byte range is ignored (the whole object is sent).
 */
export function parseRange(header: string | undefined, size: number): RangeOutcome {
  if (header === undefined) return { kind: 'whole' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return { kind: 'whole' };
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (last !== '' && end < start) return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

function etagList(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, '').replace(/^"|"$/g, ''))
    .filter((t) => t !== '');
}

/** Whether an If-Match / If-None-Match list names the entity tag (`*` names any). */
export function etagMatches(header: string, etag: string): boolean {
  const bare = etag.replace(/^"|"$/g, '');
  return etagList(header).some((t) => t === '*' || t === bare);
}

function httpDate(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const ms = Date.parse(header);
  return Number.isNaN(ms) ? undefined : ms;
}

export type ReadCondition =
  | { kind: 'proceed' }
  | { kind: 'not-modified' }
  | { kind: 'failed'; condition: 'If-Match' | 'If-Unmodified-Since' };

/**
 * Evaluates the read preconditions in RFC 9110 order, as S3 does: If-Match (a pass makes
 * If-Unmodified-Since irrelevant), then If-None-Match (a present header makes If-Modified-Since
 * irrelevant). Times compare at one-second precision.
 */
export function evaluateReadConditions(input: {
  headers: Readonly<Record<string, string>>;
  etag: string;
  lastModified: Date;
}): ReadCondition {
  const { headers, etag } = input;
  const modified = Math.floor(input.lastModified.getTime() / 1000) * 1000;
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, etag)) return { kind: 'failed', condition: 'If-Match' };
  } else {
    const since = httpDate(headers['if-unmodified-since']);
    if (since !== undefined && modified > since) return { kind: 'failed', condition: 'If-Unmodified-Since' };
  }
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, etag)) return { kind: 'not-modified' };
  } else {
    const since = httpDate(headers['if-modified-since']);
    if (since !== undefined && modified <= since) return { kind: 'not-modified' };
  }
  return { kind: 'proceed' };
}
