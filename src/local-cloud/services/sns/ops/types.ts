/**
 * The shape of an SNS action: the query parameters and the call in, the content of `<ActionResult>` out.
 * `index.ts` registers each with `registry.query('sns', <Action>, …)`.
 */
import type { QueryParams, XmlValue } from '../../../http/index.js';
import type { SnsCall, SnsRuntime } from '../runtime.js';

export type SnsOperation = (rt: SnsRuntime, params: QueryParams, call: SnsCall) => XmlValue;

export type SnsOperations = Readonly<Record<string, SnsOperation>>;
