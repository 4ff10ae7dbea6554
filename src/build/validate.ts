import { type LoadedProject, loadProject } from '../config/load.js';
import { type Reporter, silentReporter } from '../reporter.js';
import { discoverFunctions } from './discover.js';
import type { FunctionSpec } from './types.js';

export interface ValidateResult {
  project: LoadedProject;
  functions: FunctionSpec[];
}

/** Checks configuration and code without packaging or writing anything. */
export function validateProject(options: { projectDir: string; reporter?: Reporter }): ValidateResult {
  const project = loadProject(options.projectDir);
  const functions = discoverFunctions(project, { reporter: options.reporter ?? silentReporter });
  return { project, functions };
}
