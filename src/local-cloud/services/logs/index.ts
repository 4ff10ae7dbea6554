/**
 * The local cloud's CloudWatch Logs (JSON protocol, `Logs_20140328.*`): log groups with retention and
 * tags, streams, PutLogEvents / GetLogEvents / FilterLogEvents. Every operation is authorized through
 * `deps.authorize` against the group's or stream's ARN.
 *
 *   const logs = registerLogs(registry, deps);    // LogsInternal, for Lambda and CloudFormation
 *   logs.append(accountId, region, '/aws/lambda/fn', '2024/01/01/[$LATEST]abc', events, { authorize });
 */
import type { ServiceRegistry } from '../../http/registry.js';
import type { ServiceDeps } from '../deps.js';
import { createLogsInternal, type LogsInternal } from './internal.js';
import { eventOperations } from './ops/events.js';
import { filterOperations } from './ops/filter.js';
import { groupOperations } from './ops/groups.js';
import { streamOperations } from './ops/streams.js';
import { tagOperations } from './ops/tags.js';
import type { LogsOperations } from './ops/types.js';
import { callOf, type LogsRuntime } from './runtime.js';
import { logsSlice } from './state.js';

export { compileFilterPattern, type MessagePredicate } from './filter-pattern.js';
export { LOGS_LIMITS, type RejectedInfo } from './ingest.js';
export type {
  AppendOptions,
  AppendResult,
  LogEventInput,
  LogsInternal,
  StreamEvent,
} from './internal.js';
export { groupArn, RETENTION_DAYS, streamArn } from './names.js';
export type { LogsCall } from './runtime.js';
export type { LogsState, StoredEvent, StoredGroup, StoredStream } from './state.js';

/** The StateStore slices CloudWatch Logs keeps its state in. */
export const logsSlices = [logsSlice];

const OPERATIONS: LogsOperations = {
  ...groupOperations,
  ...streamOperations,
  ...eventOperations,
  ...filterOperations,
  ...tagOperations,
};

/** The operations this CloudWatch Logs answers (`Logs_20140328.<name>`). */
export const LOGS_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export function registerLogs(registry: ServiceRegistry, deps: ServiceDeps): LogsInternal {
  const rt: LogsRuntime = { deps };
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    registry.json('logs', `Logs_20140328.${name}`, (input, ctx) =>
      operation(rt, input.body, callOf(rt, ctx)),
    );
  }
  return createLogsInternal(rt, OPERATIONS);
}
