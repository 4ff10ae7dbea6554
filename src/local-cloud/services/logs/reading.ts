/**
 * GetLogEvents' paging, as pure functions. Every event has a position key: its timestamp and sequence
 * number written as 56 digits (the length of AWS's tokens). `f/<key>` asks for the events after a key,
 * `b/<key>` for the events before it. A page answers both tokens: reading on forward from a page that
 * came back empty gives the same forward token again, which is how clients know they have reached the
 * end (as on AWS).
 */
import { LogsErrors } from './errors.js';
import type { StoredEvent } from './state.js';

const SEQUENCE_DIGITS = 36n;
const KEY_DIGITS = 56;
const TOP = 10n ** BigInt(KEY_DIGITS) - 1n;

export function eventKey(event: Pick<StoredEvent, 't' | 's'>): bigint {
  return BigInt(event.t) * 10n ** SEQUENCE_DIGITS + BigInt(event.s);
}

export function formatKey(key: bigint): string {
  return key.toString().padStart(KEY_DIGITS, '0');
}

type Direction = 'f' | 'b';

function parseToken(token: string): { direction: Direction; key: bigint } {
  const match = /^([fb])\/(\d{56})$/.exec(token);
  if (!match) throw LogsErrors.invalidToken();
  return { direction: match[1] as Direction, key: BigInt(match[2]!) };
}

export interface EventPage {
  events: StoredEvent[];
  nextForwardToken: string;
  nextBackwardToken: string;
}

/** Takes events from `from` while the count and byte limits allow. */
function take(
  events: readonly StoredEvent[],
  limit: number,
  maxBytes: number,
  fromEnd: boolean,
): StoredEvent[] {
  const out: StoredEvent[] = [];
  let bytes = 0;
  for (let n = 0; n < events.length && out.length < limit; n++) {
    const event = events[fromEnd ? events.length - 1 - n : n]!;
    bytes += Buffer.byteLength(event.m, 'utf8') + 26;
    if (bytes > maxBytes && out.length > 0) break;
    out.push(event);
  }
  return fromEnd ? out.reverse() : out;
}

/**
 * One page of `events` (sorted by key, already filtered by time): forward from the head or backward
 * from the tail when no token is given, else in the token's direction.
 */
export function pageEvents(input: {
  events: readonly StoredEvent[];
  token: string | undefined;
  startFromHead: boolean;
  limit: number;
  maxBytes: number;
}): EventPage {
  const cursor =
    input.token === undefined
      ? input.startFromHead
        ? { direction: 'f' as const, key: 0n }
        : { direction: 'b' as const, key: TOP }
      : parseToken(input.token);
  if (cursor.direction === 'f') {
    const after = input.events.filter((e) => eventKey(e) > cursor.key);
    const page = take(after, input.limit, input.maxBytes, false);
    if (page.length === 0) {
      return {
        events: [],
        nextForwardToken: `f/${formatKey(cursor.key)}`,
        nextBackwardToken: `b/${formatKey(cursor.key + 1n)}`,
      };
    }
    return {
      events: page,
      nextForwardToken: `f/${formatKey(eventKey(page[page.length - 1]!))}`,
      nextBackwardToken: `b/${formatKey(eventKey(page[0]!))}`,
    };
  }
  const before = input.events.filter((e) => eventKey(e) < cursor.key);
  const page = take(before, input.limit, input.maxBytes, true);
  if (page.length === 0) {
    // Nothing before the cursor: reading forward again starts from the very beginning.
    return {
      events: [],
      nextForwardToken: `f/${formatKey(0n)}`,
      nextBackwardToken: `b/${formatKey(cursor.key)}`,
    };
  }
  return {
    events: page,
    nextForwardToken: `f/${formatKey(eventKey(page[page.length - 1]!))}`,
    nextBackwardToken: `b/${formatKey(eventKey(page[0]!))}`,
  };
}
