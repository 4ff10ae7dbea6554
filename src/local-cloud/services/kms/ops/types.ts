/**
 * The shape of a KMS operation: the parsed request body and the call it belongs to in, the response
 * object (or nothing) out. `index.ts` registers each under `TrentService.<Name>`.
 */
import type { KmsCall, KmsRuntime } from '../runtime.js';

export type Body = Readonly<Record<string, unknown>>;

export type KmsOperation = (rt: KmsRuntime, body: Body, call: KmsCall) => unknown;

export type KmsOperations = Readonly<Record<string, KmsOperation>>;

/** How key-management operations (no cross-account use, key ID or key ARN only) resolve `KeyId`. */
export const MANAGE = { aliases: false, crossAccount: false } as const;
/** How cryptographic operations and DescribeKey resolve `KeyId`: any form, other accounts by ARN. */
export const USE = { aliases: true, crossAccount: true } as const;
