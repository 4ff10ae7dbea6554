/**
 * The local cloud's CodePipeline (JSON protocol, `CodePipeline_20150709.*`): pipelines are created,
 * validated as AWS validates them, versioned, described, listed and tagged — stored, not executed.
 * Every operation is authorized through `deps.authorize` against the pipeline's ARN; the pipeline's role
 * must be passable (`iam:PassRole`) and trust `codepipeline.amazonaws.com`.
 *
 *   createLocalCloud({ extraServices: [(r, d) => registerCodePipeline(r, d)], slices: codePipelineSlices });
 */
import type { ServiceRegistry } from '../../http/registry.js';
import type { ServiceDeps } from '../deps.js';
import { callOf } from './call.js';
import { PipelineErrors } from './errors.js';
import { Fields } from '../shared/fields.js';
import { pipelineOperations } from './ops/pipelines.js';
import { tagOperations } from './ops/tags.js';
import type { PipelineOperations } from './ops/types.js';
import { codePipelineSlice } from './state.js';

export { pipelineArn, parsePipelineArn } from './lookup.js';
export type { CodePipelineState, StoredPipeline } from './state.js';
export type { ActionDeclaration, PipelineDeclaration, StageDeclaration } from './structure.js';

/** The StateStore slices CodePipeline keeps its state in. */
export const codepipelineSlices = [codePipelineSlice];

const OPERATIONS: PipelineOperations = { ...pipelineOperations, ...tagOperations };

/** The operations this CodePipeline answers (`CodePipeline_20150709.<name>`). */
export const CODEPIPELINE_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export function registerCodePipeline(registry: ServiceRegistry, deps: ServiceDeps): void {
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    registry.json('codepipeline', `CodePipeline_20150709.${name}`, (input, ctx) =>
      operation(
        deps,
        new Fields(input.body, { validationCode: 'ValidationException' }),
        callOf(deps, ctx, PipelineErrors.anonymous),
      ),
    );
  }
}
