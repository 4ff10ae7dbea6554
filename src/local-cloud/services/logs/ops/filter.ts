/**
 * FilterLogEvents: events of a group's streams (all, named ones, or those with a name prefix) in a time
 * range, matched by a filter pattern, interleaved in timestamp order.
 */
import { compileFilterPattern } from '../filter-pattern.js';
import { retained } from '../ingest.js';
import { optionalInteger, optionalString, optionalStringList } from '../input.js';
import { LogsErrors } from '../errors.js';
import { requireGroup } from '../lookup.js';
import { groupOf, STREAM_NAME } from '../names.js';
import { decodeToken, encodeToken } from '../paging.js';
import { eventKey, formatKey } from '../reading.js';
import type { StoredEvent } from '../state.js';
import { MAX_RESPONSE_BYTES } from './events.js';
import type { LogsOperations } from './types.js';

interface Found {
  stream: string;
  event: StoredEvent;
  key: string;
}

export const filterOperations: LogsOperations = {
  FilterLogEvents(rt, body, call) {
    const target = groupOf(body, call.where);
    const names = optionalStringList(body, 'logStreamNames', { min: 1, max: 100 });
    const prefix = optionalString(body, 'logStreamNamePrefix', STREAM_NAME);
    const startTime = optionalInteger(body, 'startTime', { min: 0 });
    const endTime = optionalInteger(body, 'endTime', { min: 0 });
    const pattern = optionalString(body, 'filterPattern', { max: 1024 });
    const token = optionalString(body, 'nextToken', { min: 1 });
    const limit = optionalInteger(body, 'limit', { min: 1, max: 10_000 }) ?? 10_000;
    if (names !== undefined && prefix !== undefined) {
      throw LogsErrors.invalidParameter(
        'logStreamNames and logStreamNamePrefix are mutually exclusive parameters.',
      );
    }
    const matches = compileFilterPattern(pattern);
    const after = token === undefined ? undefined : decodeToken(token);
    const group = requireGroup(rt.deps.store, call, target, 'logs:FilterLogEvents');
    const now = call.now.getTime();
    const streams = Object.values(group.streams)
      .filter(
        (s) =>
          (names === undefined || names.includes(s.name)) &&
          (prefix === undefined || s.name.startsWith(prefix)),
      )
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const found: Found[] = [];
    for (const stream of streams) {
      for (const event of stream.events) {
        if (!retained(event.t, group.retentionInDays, now)) continue;
        if (startTime !== undefined && event.t < startTime) continue;
        if (endTime !== undefined && event.t > endTime) continue;
        const key = formatKey(eventKey(event));
        if (after !== undefined && key <= after) continue;
        if (matches(event.m)) found.push({ stream: stream.name, event, key });
      }
    }
    found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const page: Found[] = [];
    let bytes = 0;
    for (const item of found) {
      if (page.length >= limit) break;
      bytes += Buffer.byteLength(item.event.m, 'utf8') + 26;
      if (bytes > MAX_RESPONSE_BYTES && page.length > 0) break;
      page.push(item);
    }
    const more = page.length < found.length;
    return {
      events: page.map(({ stream, event, key }) => ({
        logStreamName: stream,
        timestamp: event.t,
        message: event.m,
        ingestionTime: event.i,
        eventId: key,
      })),
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: !more })),
      nextToken: more ? encodeToken(page[page.length - 1]!.key) : undefined,
    };
  },
};
