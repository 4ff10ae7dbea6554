/**
 * PutEvents (events matched against the enabled rules of the default bus and delivered to their targets)
 * and TestEventPattern.
 */
import { isAwsError } from '../../../http/errors.js';
import { dispatchDeliveries, routeEvent } from '../delivery.js';
import { buildEvent } from '../envelope.js';
import { constraintError, EventsErrors } from '../errors.js';
import { type Body, list, objectItem, optionalString, requiredString, stringItem } from '../input.js';
import { rulesIn } from '../lookup.js';
import { busArn, busOf } from '../names.js';
import { MAX_PATTERN_CHARS } from '../pattern/parse.js';
import { matchPattern } from '../pattern/match.js';
import { compiledPattern, type EventsRuntime, type TargetDelivery } from '../runtime.js';
import { type EventsState, eventsSlice } from '../state.js';
import { uuidFrom } from '../ids.js';
import type { EventsOperations } from './types.js';

/** PutEvents' limit on the total size of the entries of one request. */
export const MAX_PUT_EVENTS_BYTES = 256 * 1024;

const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

function entrySize(entry: Body): number {
  let size = entry['Time'] === undefined ? 0 : 14;
  size += bytes(typeof entry['Source'] === 'string' ? entry['Source'] : undefined);
  size += bytes(typeof entry['DetailType'] === 'string' ? entry['DetailType'] : undefined);
  size += bytes(typeof entry['Detail'] === 'string' ? entry['Detail'] : undefined);
  const resources = entry['Resources'];
  if (Array.isArray(resources))
    for (const r of resources) size += bytes(typeof r === 'string' ? r : undefined);
  return size;
}

class EntryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const required = (member: string) =>
  new EntryError(
    'InvalidArgument',
    `Parameter ${member} is not valid. Reason: ${member} is a required argument.`,
  );

function eventTimeOf(value: unknown, now: Date): Date {
  if (value === undefined || value === null) return now;
  const date =
    typeof value === 'number'
      ? new Date(value * 1000)
      : typeof value === 'string'
        ? new Date(value)
        : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new EntryError('InvalidArgument', 'Parameter Time is not valid.');
  return date;
}

interface ValidEntry {
  source: string;
  detailType: string;
  detail: unknown;
  resources: string[];
  time: Date;
}

function readEntry(
  entry: Body,
  where: { accountId: string; region: string },
  options: { now: Date; awsSources: boolean },
): ValidEntry {
  const text = (member: string) => {
    const value = entry[member];
    if (value === undefined || value === null || value === '') throw required(member);
    if (typeof value !== 'string')
      throw new EntryError('InvalidArgument', `Parameter ${member} is not valid.`);
    return value;
  };
  const source = text('Source');
  const detailType = text('DetailType');
  const detailText = text('Detail');
  let detail: unknown;
  try {
    detail = JSON.parse(detailText);
  } catch {
    throw new EntryError('MalformedDetail', 'Detail is malformed.');
  }
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new EntryError('MalformedDetail', 'Detail is malformed.');
  }
  if (source.startsWith('aws.') && !options.awsSources)
    throw new EntryError('NotAuthorizedForSourceException', 'Not authorized for the source.');
  try {
    busOf(entry, where);
  } catch (err) {
    if (isAwsError(err)) throw new EntryError(err.code, err.message);
    throw err;
  }
  const resources = list(entry, 'Resources', stringItem('Resources')) ?? [];
  return { source, detailType, detail, resources, time: eventTimeOf(entry['Time'], options.now) };
}

/**
 * Sends events to the rules of `where`'s default bus: the core of PutEvents, shared with EventsInternal
 * (where AWS services may send `aws.*` sources).
 */
export function sendEvents(
  rt: EventsRuntime,
  input: {
    where: { accountId: string; region: string };
    entries: readonly Body[];
    now: Date;
    awsSources?: boolean;
  },
): { FailedEntryCount: number; Entries: Record<string, string>[] } {
  const { where, now } = input;
  let serial = rt.deps.store.get<EventsState>(eventsSlice).serial;
  const rules = rulesIn(rt.deps.store, where);
  const deliveries: TargetDelivery[] = [];
  let failed = 0;
  const results = input.entries.map((entry): Record<string, string> => {
    try {
      const valid = readEntry(entry, where, { now, awsSources: input.awsSources ?? false });
      serial += 1;
      const event = buildEvent({
        id: uuidFrom(where.accountId, where.region, String(serial)),
        where,
        ...valid,
      });
      deliveries.push(...routeEvent(rt, { where, rules, event, ingestedAt: now }));
      return { EventId: event.id };
    } catch (err) {
      if (!(err instanceof EntryError)) throw err;
      failed += 1;
      return { ErrorCode: err.code, ErrorMessage: err.message };
    }
  });
  dispatchDeliveries(rt, { where, serial, deliveries, at: now });
  return { FailedEntryCount: failed, Entries: results };
}

export const putEventsOperations: EventsOperations = {
  PutEvents(rt, body, call) {
    const entries = list(body, 'Entries', objectItem('Entries'), { min: 1, max: 10 });
    if (entries === undefined) throw constraintError('entries', undefined, 'Member must not be null');
    optionalString(body, 'EndpointId');
    const total = entries.reduce((sum, e) => sum + entrySize(e), 0);
    if (total > MAX_PUT_EVENTS_BYTES) {
      throw EventsErrors.validation('Total size of the entries in the request is over the limit.');
    }
    const strings = (member: string) => [
      ...new Set(entries.map((e) => e[member]).filter((v): v is string => typeof v === 'string')),
    ];
    call.authorize({
      action: 'events:PutEvents',
      resource: busArn(call.where),
      resourceAccount: call.where.accountId,
      contextKeys: { 'events:source': strings('Source'), 'events:detail-type': strings('DetailType') },
    });
    return sendEvents(rt, { where: call.where, entries, now: call.now });
  },

  TestEventPattern(rt, body, call) {
    const pattern = requiredString(body, 'EventPattern', { max: MAX_PATTERN_CHARS });
    const eventText = requiredString(body, 'Event');
    call.authorize({
      action: 'events:TestEventPattern',
      resource: '*',
      resourceAccount: call.where.accountId,
    });
    const compiled = compiledPattern(rt, pattern);
    let event: unknown;
    try {
      event = JSON.parse(eventText);
    } catch {
      throw EventsErrors.validation('Parameter Event is not valid.');
    }
    const fields = ['id', 'account', 'source', 'time', 'region', 'detail-type'];
    if (typeof event !== 'object' || event === null || fields.some((f) => !(f in event))) {
      throw EventsErrors.validation(
        `Parameter Event is not valid. Reason: an event must have the fields ${fields.join(', ')}.`,
      );
    }
    return { Result: matchPattern(compiled, event) };
  },
};
