/**
 * Log streams: CreateLogStream, DeleteLogStream, DescribeLogStreams.
 */
import { LogsErrors } from '../errors.js';
import { optionalBoolean, optionalEnum, optionalInteger, optionalString, requiredString } from '../input.js';
import { requireGroup, requireStream } from '../lookup.js';
import { GROUP_NAME, groupOf, STREAM_NAME } from '../names.js';
import { paginate } from '../paging.js';
import { streamShape } from '../shapes.js';
import { logsSlice, type StoredStream, scopeKey, sequenceToken } from '../state.js';
import type { LogsOperations } from './types.js';

const ORDER_BY = ['LogStreamName', 'LastEventTime'] as const;

export const streamOperations: LogsOperations = {
  CreateLogStream(rt, body, call) {
    const groupName = requiredString(body, 'logGroupName', GROUP_NAME);
    const name = requiredString(body, 'logStreamName', STREAM_NAME);
    const group = requireGroup(
      rt.deps.store,
      call,
      { where: call.where, group: groupName, resource: { stream: name } },
      'logs:CreateLogStream',
    );
    if (group.streams[name]) throw LogsErrors.streamExists();
    const stream: StoredStream = {
      name,
      createdAt: call.now.getTime(),
      uploadSequenceToken: sequenceToken(1),
      storedBytes: 0,
      events: [],
    };
    rt.deps.store.dispatch(logsSlice, 'createStream', {
      scope: scopeKey(call.where),
      group: groupName,
      stream,
    });
    return undefined;
  },

  DeleteLogStream(rt, body, call) {
    const groupName = requiredString(body, 'logGroupName', GROUP_NAME);
    const name = requiredString(body, 'logStreamName', STREAM_NAME);
    const group = requireGroup(
      rt.deps.store,
      call,
      { where: call.where, group: groupName, resource: { stream: name } },
      'logs:DeleteLogStream',
    );
    requireStream(group, name);
    rt.deps.store.dispatch(logsSlice, 'deleteStream', {
      scope: scopeKey(call.where),
      group: groupName,
      stream: name,
    });
    return undefined;
  },

  DescribeLogStreams(rt, body, call) {
    const target = groupOf(body, call.where);
    const prefix = optionalString(body, 'logStreamNamePrefix', STREAM_NAME);
    const orderBy = optionalEnum(body, 'orderBy', ORDER_BY) ?? 'LogStreamName';
    const descending = optionalBoolean(body, 'descending') ?? false;
    const limit = optionalInteger(body, 'limit', { min: 1, max: 50 }) ?? 50;
    const token = optionalString(body, 'nextToken', { min: 1 });
    if (prefix !== undefined && orderBy === 'LastEventTime') {
      throw LogsErrors.invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const group = requireGroup(rt.deps.store, call, target, 'logs:DescribeLogStreams');
    const streams = Object.values(group.streams).filter(
      (s) => prefix === undefined || s.name.startsWith(prefix),
    );
    const sortKey =
      orderBy === 'LogStreamName'
        ? (s: StoredStream) => s.name
        : (s: StoredStream) => `${String(s.lastEventTimestamp ?? 0).padStart(20, '0')}/${s.name}`;
    const page = paginate({ items: streams, sortKey, limit, token, descending });
    return {
      logStreams: page.items.map((s) => streamShape(target.where, group.name, s)),
      nextToken: page.nextToken,
    };
  },
};
