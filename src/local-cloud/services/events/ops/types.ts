/**
 * The shape of an EventBridge operation: the parsed request body and the call in, the response object
 * (or nothing) out. `index.ts` registers each under `AWSEvents.<Name>`.
 */
import type { Body } from '../input.js';
import type { EventsCall, EventsRuntime } from '../runtime.js';

export type EventsOperation = (rt: EventsRuntime, body: Body, call: EventsCall) => unknown;

export type EventsOperations = Readonly<Record<string, EventsOperation>>;
