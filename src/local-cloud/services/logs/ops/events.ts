/**
 * Log events: PutLogEvents (sequence tokens accepted and ignored, as AWS does since 2023) and
 * GetLogEvents (forward and backward tokens).
 */
import { constraintError } from '../errors.js';
import { checkBatch, type InputEvent, planIngest, retained } from '../ingest.js';
import {
  type Body,
  objectList,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requiredString,
} from '../input.js';
import { requireGroup, requireStream } from '../lookup.js';
import { GROUP_NAME, groupOf, STREAM_NAME } from '../names.js';
import { pageEvents } from '../reading.js';
import { type LogsState, logsSlice, scopeKey } from '../state.js';
import type { LogsOperations } from './types.js';

/** GetLogEvents and FilterLogEvents answer at most this many bytes of events. */
export const MAX_RESPONSE_BYTES = 1_048_576;

function readEvent(item: Body, index: number): InputEvent {
  const timestamp = optionalInteger(item, 'timestamp', { min: 0 });
  if (timestamp === undefined) {
    throw constraintError(`logEvents.${index + 1}.member.timestamp`, undefined, 'Member must not be null');
  }
  const message = optionalString(item, 'message');
  if (message === undefined) {
    throw constraintError(`logEvents.${index + 1}.member.message`, undefined, 'Member must not be null');
  }
  if (message.length === 0) {
    throw constraintError(
      `logEvents.${index + 1}.member.message`,
      '',
      'Member must have length greater than or equal to 1',
    );
  }
  return { timestamp, message };
}

export const eventOperations: LogsOperations = {
  PutLogEvents(rt, body, call) {
    const groupName = requiredString(body, 'logGroupName', GROUP_NAME);
    const streamName = requiredString(body, 'logStreamName', STREAM_NAME);
    optionalString(body, 'sequenceToken');
    const events = objectList(body, 'logEvents', readEvent);
    if (events === undefined) throw constraintError('logEvents', undefined, 'Member must not be null');
    checkBatch(events);
    const group = requireGroup(
      rt.deps.store,
      call,
      { where: call.where, group: groupName, resource: { stream: streamName } },
      'logs:PutLogEvents',
    );
    requireStream(group, streamName);
    const plan = planIngest({ events, now: call.now.getTime(), retentionInDays: group.retentionInDays });
    if (plan.accepted.length > 0) {
      rt.deps.store.dispatch(logsSlice, 'appendEvents', {
        scope: scopeKey(call.where),
        group: groupName,
        stream: streamName,
        events: plan.accepted,
        ingestionTime: call.now.getTime(),
      });
    }
    const stream =
      rt.deps.store.get<LogsState>(logsSlice).scopes[scopeKey(call.where)]!.groups[groupName]!.streams[
        streamName
      ]!;
    return { nextSequenceToken: stream.uploadSequenceToken, rejectedLogEventsInfo: plan.rejected };
  },

  GetLogEvents(rt, body, call) {
    const target = groupOf(body, call.where);
    const streamName = requiredString(body, 'logStreamName', STREAM_NAME);
    const startTime = optionalInteger(body, 'startTime', { min: 0 });
    const endTime = optionalInteger(body, 'endTime', { min: 0 });
    const token = optionalString(body, 'nextToken', { min: 1 });
    const limit = optionalInteger(body, 'limit', { min: 1, max: 10_000 }) ?? 10_000;
    const startFromHead = optionalBoolean(body, 'startFromHead') ?? false;
    optionalBoolean(body, 'unmask');
    const group = requireGroup(
      rt.deps.store,
      call,
      { ...target, resource: { stream: streamName } },
      'logs:GetLogEvents',
    );
    const stream = requireStream(group, streamName);
    const now = call.now.getTime();
    const visible = stream.events.filter(
      (e) =>
        retained(e.t, group.retentionInDays, now) &&
        (startTime === undefined || e.t >= startTime) &&
        (endTime === undefined || e.t < endTime),
    );
    const page = pageEvents({ events: visible, token, startFromHead, limit, maxBytes: MAX_RESPONSE_BYTES });
    return {
      events: page.events.map((e) => ({ timestamp: e.t, message: e.m, ingestionTime: e.i })),
      nextForwardToken: page.nextForwardToken,
      nextBackwardToken: page.nextBackwardToken,
    };
  },
};
