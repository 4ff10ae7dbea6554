/**
 * CloudWatch Logs state: log groups per account and region ("scope" `<account>/<region>`), their streams,
 * and the streams' events, changed only through the reducers below. Timestamps come in the payloads;
 * event sequence numbers are drawn from the slice's serial by the reducer, so replaying the journal gives
 * the same numbers.
 *
 * A stream keeps its events ordered by (timestamp, sequence): batches arrive in order within themselves,
 * but a later batch may carry earlier timestamps.
 */
import type { SliceDefinition } from '../../state/store.js';

export interface StoredEvent {
  /** Event timestamp, epoch milliseconds. */
  t: number;
  /** Message. */
  m: string;
  /** Ingestion time, epoch milliseconds. */
  i: number;
  /** Sequence number, unique in the slice: orders events of equal timestamp, and names them in tokens. */
  s: number;
}

export interface StoredStream {
  name: string;
  /** Epoch milliseconds. */
  createdAt: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  uploadSequenceToken: string;
  /** UTF-8 bytes of the messages. */
  storedBytes: number;
  events: StoredEvent[];
}

export interface StoredGroup {
  name: string;
  /** Epoch milliseconds. */
  createdAt: number;
  retentionInDays?: number;
  kmsKeyId?: string;
  logGroupClass: string;
  tags: Record<string, string>;
  /** By stream name. */
  streams: Record<string, StoredStream>;
}

export interface LogsScope {
  /** By group name. */
  groups: Record<string, StoredGroup>;
}

export interface LogsState {
  /** By `<account>/<region>`. */
  scopes: Record<string, LogsScope>;
  /** The last sequence number handed out. */
  serial: number;
}

export function scopeKey(where: { accountId: string; region: string }): string {
  return `${where.accountId}/${where.region}`;
}

/** A 56-digit token in the shape AWS's sequence tokens have. */
export function sequenceToken(serial: number): string {
  return String(serial).padStart(56, '0');
}

function scopeOf(state: LogsState, scope: string): LogsScope {
  let found = state.scopes[scope];
  if (!found) {
    found = { groups: {} };
    state.scopes[scope] = found;
  }
  return found;
}

function groupOf(state: LogsState, payload: { scope: string; group: string }): StoredGroup | undefined {
  return state.scopes[payload.scope]?.groups[payload.group];
}

/** Index of the first event that sorts after (t, s). */
function insertionIndex(events: readonly StoredEvent[], t: number, s: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = events[mid]!;
    if (e.t < t || (e.t === t && e.s < s)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface GroupRef {
  scope: string;
  group: string;
}

export const logsSlice: SliceDefinition<LogsState> = {
  name: 'logs',
  initial: () => ({ scopes: {}, serial: 0 }),
  reducers: {
    createGroup: (state, payload: { scope: string; group: StoredGroup }) => {
      scopeOf(state, payload.scope).groups[payload.group.name] = payload.group;
    },
    deleteGroup: (state, payload: GroupRef) => {
      const scope = state.scopes[payload.scope];
      if (scope) delete scope.groups[payload.group];
    },
    setRetention: (state, payload: GroupRef & { retentionInDays: number | null }) => {
      const group = groupOf(state, payload);
      if (!group) return;
      if (payload.retentionInDays === null) delete group.retentionInDays;
      else group.retentionInDays = payload.retentionInDays;
    },
    tagGroup: (state, payload: GroupRef & { tags: Record<string, string> }) => {
      const group = groupOf(state, payload);
      if (group) Object.assign(group.tags, payload.tags);
    },
    untagGroup: (state, payload: GroupRef & { keys: string[] }) => {
      const group = groupOf(state, payload);
      if (group) for (const key of payload.keys) delete group.tags[key];
    },
    createStream: (state, payload: GroupRef & { stream: StoredStream }) => {
      const group = groupOf(state, payload);
      if (group) group.streams[payload.stream.name] = payload.stream;
    },
    deleteStream: (state, payload: GroupRef & { stream: string }) => {
      const group = groupOf(state, payload);
      if (group) delete group.streams[payload.stream];
    },
    /** Appends events (already in timestamp order) ingested at `ingestionTime`. */
    appendEvents: (
      state,
      payload: GroupRef & { stream: string; events: { t: number; m: string }[]; ingestionTime: number },
    ) => {
      const stream = groupOf(state, payload)?.streams[payload.stream];
      if (!stream) return;
      for (const { t, m } of payload.events) {
        state.serial += 1;
        const event: StoredEvent = { t, m, i: payload.ingestionTime, s: state.serial };
        stream.events.splice(insertionIndex(stream.events, t, event.s), 0, event);
        stream.storedBytes += Buffer.byteLength(m, 'utf8');
        if (stream.firstEventTimestamp === undefined || t < stream.firstEventTimestamp) {
          stream.firstEventTimestamp = t;
        }
        if (stream.lastEventTimestamp === undefined || t > stream.lastEventTimestamp) {
          stream.lastEventTimestamp = t;
        }
      }
      stream.lastIngestionTime = payload.ingestionTime;
      state.serial += 1;
      stream.uploadSequenceToken = sequenceToken(state.serial);
    },
  },
};
