/**
 * What CloudWatch Logs offers the other services of the local cloud:
 *
 *   - `append(...)`: how Lambda writes a function's logs. Like Lambda on AWS it creates the log group and
 *     the stream when they are missing, each step checked with the writer's permissions (the function
 *     role's, through `options.authorize`); a denied step stops writing and is reported, not thrown, since
 *     a function without log permissions still runs.
 *   - `call(operation, body, call)`: any API operation run for another service (CloudFormation's
 *     AWS::Logs::LogGroup provider), with that service's account, region, clock and authorizer.
 *   - `events(...)`: a stream's events, for tests and Lambda's log tail.
 */
import { AwsError, isAwsError } from '../../http/errors.js';
import type { AuthorizeRequest } from '../deps.js';
import { LogsErrors } from './errors.js';
import { planIngest, type RejectedInfo } from './ingest.js';
import type { Body } from './input.js';
import { findGroup } from './lookup.js';
import { groupResource, streamArn, type Where } from './names.js';
import type { LogsOperations } from './ops/types.js';
import type { LogsCall, LogsRuntime } from './runtime.js';
import { logsSlice, scopeKey, sequenceToken } from './state.js';

export interface LogEventInput {
  /** Epoch milliseconds. */
  timestamp: number;
  message: string;
}

export interface AppendOptions {
  /** Create the group and the stream when missing, as Lambda does (default true). */
  create?: boolean;
  /**
   * Checks one step with the writer's permissions; throws the AccessDenied error when denied. Without it
   * nothing is checked (the caller has authorized already).
   */
  authorize?: (request: AuthorizeRequest) => void;
  /** The ingestion time; the cloud's clock unless given. */
  now?: Date;
}

export interface AppendResult {
  /** Events stored. */
  written: number;
  createdGroup: boolean;
  createdStream: boolean;
  /** The step that was denied (nothing was written from then on). */
  denied?: { action: string; resource: string; message: string };
  /** Events left out for being too old, too new or past the group's retention. */
  rejected?: RejectedInfo;
}

export interface StreamEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface LogsInternal {
  append(
    accountId: string,
    region: string,
    groupName: string,
    streamName: string,
    events: readonly LogEventInput[],
    options?: AppendOptions,
  ): AppendResult;
  events(accountId: string, region: string, groupName: string, streamName: string): StreamEvent[];
  call(operation: string, body: Body, call: LogsCall): unknown;
}

function isDenied(err: unknown): err is AwsError {
  return isAwsError(err) && err.code.startsWith('AccessDenied');
}

export function createLogsInternal(rt: LogsRuntime, operations: LogsOperations): LogsInternal {
  const { store } = rt.deps;
  return {
    append(accountId, region, groupName, streamName, events, options = {}) {
      const where: Where = { accountId, region };
      const scope = scopeKey(where);
      const now = (options.now ?? rt.deps.now()).getTime();
      const result: AppendResult = { written: 0, createdGroup: false, createdStream: false };
      const step = (action: string, resource: string): boolean => {
        try {
          options.authorize?.({ action, resource, resourceAccount: accountId });
          return true;
        } catch (err) {
          if (!isDenied(err)) throw err;
          result.denied = { action, resource, message: err.message };
          return false;
        }
      };
      const create = options.create ?? true;
      let group = findGroup(store, where, groupName);
      if (!group) {
        if (!create) throw LogsErrors.groupNotFound();
        if (!step('logs:CreateLogGroup', groupResource(where, groupName))) return result;
        store.dispatch(logsSlice, 'createGroup', {
          scope,
          group: { name: groupName, createdAt: now, logGroupClass: 'STANDARD', tags: {}, streams: {} },
        });
        result.createdGroup = true;
        group = findGroup(store, where, groupName)!;
      }
      const resource = streamArn(where, groupName, streamName);
      if (!group.streams[streamName]) {
        if (!create) throw LogsErrors.streamNotFound();
        if (!step('logs:CreateLogStream', resource)) return result;
        store.dispatch(logsSlice, 'createStream', {
          scope,
          group: groupName,
          stream: {
            name: streamName,
            createdAt: now,
            uploadSequenceToken: sequenceToken(1),
            storedBytes: 0,
            events: [],
          },
        });
        result.createdStream = true;
      }
      if (!step('logs:PutLogEvents', resource)) return result;
      const ordered = events
        .filter((e) => e.message.length > 0)
        .map((e, i) => ({ e, i }))
        .sort((a, b) => a.e.timestamp - b.e.timestamp || a.i - b.i)
        .map(({ e }) => e);
      const plan = planIngest({ events: ordered, now, retentionInDays: group.retentionInDays });
      if (plan.accepted.length > 0) {
        store.dispatch(logsSlice, 'appendEvents', {
          scope,
          group: groupName,
          stream: streamName,
          events: plan.accepted,
          ingestionTime: now,
        });
      }
      result.written = plan.accepted.length;
      if (plan.rejected) result.rejected = plan.rejected;
      return result;
    },

    events(accountId, region, groupName, streamName) {
      const stream = findGroup(store, { accountId, region }, groupName)?.streams[streamName];
      return (stream?.events ?? []).map((e) => ({ timestamp: e.t, message: e.m, ingestionTime: e.i }));
    },

    call(operation, body, call) {
      const run = operations[operation];
      if (!run) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      return run(rt, body, call);
    },
  };
}
