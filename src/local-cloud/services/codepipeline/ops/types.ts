/**
 * The shape of a CodePipeline operation: the request's members and the call in, the response object out.
 * `index.ts` registers each under `CodePipeline_20150709.<Name>`.
 */
import type { ServiceDeps } from '../../deps.js';
import type { CodeCall } from '../call.js';
import type { Fields } from '../../shared/fields.js';

export type PipelineOperation = (deps: ServiceDeps, f: Fields, call: CodeCall) => unknown;

export type PipelineOperations = Readonly<Record<string, PipelineOperation>>;
