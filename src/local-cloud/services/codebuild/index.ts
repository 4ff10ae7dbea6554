/**
 * The local cloud's CodeBuild (JSON protocol, `CodeBuild_20161006.*`): projects are created, validated,
 * described, updated, listed and deleted — stored, not built. Every operation is authorized through
 * `deps.authorize` against the project's ARN; the service role must be passable and trust
 * `codebuild.amazonaws.com`.
 *
 *   createLocalCloud({ extraServices: [(r, d) => registerCodeBuild(r, d)], slices: codebuildSlices });
 */
import type { ServiceRegistry } from '../../http/registry.js';
import { callOf } from '../codepipeline/call.js';
import { Fields } from '../shared/fields.js';
import type { ServiceDeps } from '../deps.js';
import { BuildErrors } from './errors.js';
import { projectOperations } from './ops/projects.js';
import { codeBuildSlice } from './state.js';

export { projectArn } from './ops/projects.js';
export type { CodeBuildState, ProjectBody, StoredProject } from './state.js';

/** The StateStore slices CodeBuild keeps its state in. */
export const codebuildSlices = [codeBuildSlice];

/** The operations this CodeBuild answers (`CodeBuild_20161006.<name>`). */
export const CODEBUILD_OPERATIONS: readonly string[] = Object.keys(projectOperations);

export function registerCodeBuild(registry: ServiceRegistry, deps: ServiceDeps): void {
  for (const [name, operation] of Object.entries(projectOperations)) {
    registry.json('codebuild', `CodeBuild_20161006.${name}`, (input, ctx) =>
      operation(
        deps,
        new Fields(input.body, { validationCode: 'InvalidInputException' }),
        callOf(deps, ctx, BuildErrors.anonymous),
      ),
    );
  }
}
