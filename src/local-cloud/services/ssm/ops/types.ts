/**
 * The shape of a Parameter Store operation: the request members and the call in, the response object
 * out. `index.ts` registers each under `AmazonSSM.<Name>`.
 */
import type { SsmFields } from '../input.js';
import type { SsmCall, SsmRuntime } from '../runtime.js';

export type SsmOperation = (rt: SsmRuntime, f: SsmFields, call: SsmCall) => unknown;

export type SsmOperations = Readonly<Record<string, SsmOperation>>;
