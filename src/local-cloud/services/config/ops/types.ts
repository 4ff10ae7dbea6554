/**
 * The shape of an AWS Config operation: the parsed request body and the call in, the response object
 * out. `index.ts` registers each under `StarlingDoveService.<Name>`.
 */
import type { Body } from '../input.js';
import type { ConfigCall, ConfigRuntime } from '../runtime.js';

export type ConfigOperation = (rt: ConfigRuntime, body: Body, call: ConfigCall) => unknown;

export type ConfigOperations = Readonly<Record<string, ConfigOperation>>;
