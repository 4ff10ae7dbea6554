/**
 * PutLogEvents' rules for a batch, as pure functions: events in chronological order, at most 10,000 of
 * them and 1,048,576 bytes (UTF-8 message bytes plus 26 per event); events more than 2 hours in the future,
 * more than 14 days in the past, or older than the group's retention are rejected while the rest are
 * kept; the kept events may not span more than 24 hours.
 */
import { constraintError, LogsErrors } from './errors.js';

export const LOGS_LIMITS = {
  maxBatchBytes: 1_048_576,
  eventOverheadBytes: 26,
  maxBatchEvents: 10_000,
  maxFutureMs: 2 * 60 * 60 * 1000,
  maxAgeMs: 14 * 24 * 60 * 60 * 1000,
  maxSpanMs: 24 * 60 * 60 * 1000,
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface InputEvent {
  timestamp: number;
  message: string;
}

export interface RejectedInfo {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

export interface IngestPlan {
  /** The events to store, in order. */
  accepted: { t: number; m: string }[];
  rejected?: RejectedInfo;
}

/** The batch's size as PutLogEvents counts it. */
export function batchBytes(events: readonly InputEvent[]): number {
  let bytes = 0;
  for (const e of events) bytes += Buffer.byteLength(e.message, 'utf8') + LOGS_LIMITS.eventOverheadBytes;
  return bytes;
}

/** Throws for a batch PutLogEvents refuses as a whole. */
export function checkBatch(events: readonly InputEvent[]): void {
  if (events.length < 1) {
    throw constraintError('logEvents', '[]', 'Member must have length greater than or equal to 1');
  }
  if (events.length > LOGS_LIMITS.maxBatchEvents) {
    throw constraintError(
      'logEvents',
      `[${events.length} events]`,
      `Member must have length less than or equal to ${LOGS_LIMITS.maxBatchEvents}`,
    );
  }
  const bytes = batchBytes(events);
  if (bytes > LOGS_LIMITS.maxBatchBytes) {
    throw LogsErrors.invalidParameter(
      `Upload too large: ${bytes} bytes exceeds limit of ${LOGS_LIMITS.maxBatchBytes}`,
    );
  }
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.timestamp < events[i - 1]!.timestamp) {
      throw LogsErrors.invalidParameter(
        'Log events in a single PutLogEvents request must be in chronological order.',
      );
    }
  }
}

/** Splits an ordered batch into kept and rejected events, relative to `now` (epoch ms). */
export function planIngest(input: {
  events: readonly InputEvent[];
  now: number;
  retentionInDays?: number;
}): IngestPlan {
  const { events, now } = input;
  const tooOldBefore = now - LOGS_LIMITS.maxAgeMs;
  const tooNewAfter = now + LOGS_LIMITS.maxFutureMs;
  const expiredBefore =
    input.retentionInDays === undefined ? undefined : now - input.retentionInDays * DAY_MS;
  let tooOldEnd = 0;
  let expiredEnd = 0;
  let tooNewStart = events.length;
  events.forEach((e, i) => {
    if (e.timestamp < tooOldBefore) tooOldEnd = i + 1;
    if (expiredBefore !== undefined && e.timestamp < expiredBefore) expiredEnd = i + 1;
    if (e.timestamp > tooNewAfter && tooNewStart === events.length) tooNewStart = i;
  });
  const first = Math.max(tooOldEnd, expiredEnd);
  const accepted = events
    .slice(first, Math.max(first, tooNewStart))
    .map((e) => ({ t: e.timestamp, m: e.message }));
  const rejected: RejectedInfo = {};
  if (tooNewStart < events.length) rejected.tooNewLogEventStartIndex = tooNewStart;
  if (tooOldEnd > 0) rejected.tooOldLogEventEndIndex = tooOldEnd;
  if (expiredEnd > 0) rejected.expiredLogEventEndIndex = expiredEnd;
  const span = accepted.length === 0 ? 0 : accepted[accepted.length - 1]!.t - accepted[0]!.t;
  if (span > LOGS_LIMITS.maxSpanMs) {
    throw LogsErrors.invalidParameter(
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    );
  }
  return Object.keys(rejected).length === 0 ? { accepted } : { accepted, rejected };
}

/** Whether a stored event is still kept under the group's retention at `now`. */
export function retained(timestamp: number, retentionInDays: number | undefined, now: number): boolean {
  return retentionInDays === undefined || timestamp >= now - retentionInDays * DAY_MS;
}
