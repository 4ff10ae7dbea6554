/**
 * The shape of a CloudWatch Logs operation: the parsed request body and the call in, the response object
 * (or nothing) out. `index.ts` registers each under `Logs_20140328.<Name>`.
 */
import type { Body } from '../input.js';
import type { LogsCall, LogsRuntime } from '../runtime.js';

export type LogsOperation = (rt: LogsRuntime, body: Body, call: LogsCall) => unknown;

export type LogsOperations = Readonly<Record<string, LogsOperation>>;
