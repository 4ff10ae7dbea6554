/**
 * Loads fleetpipe.yaml and function.yaml files: parse with positions, validate,
 * and report every problem at file:line:column.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import jsYaml from 'js-yaml';
import type { z } from 'zod';
import { FleetpipeError } from '../errors.js';
import {
  type FunctionConfig,
  FunctionConfigSchema,
  type ProjectConfig,
  ProjectConfigSchema,
} from './schema.js';
import { validateYaml } from './validate.js';
import { type ParsedYaml, parseYaml, positionOf } from './yaml.js';

export const ProjectFileName = 'fleetpipe.yaml';
export const FunctionFileName = 'function.yaml';

export interface LoadedProject {
  /** Absolute project root (the directory holding fleetpipe.yaml). */
  root: string;
  /** Absolute path of fleetpipe.yaml. */
  file: string;
  config: ProjectConfig;
  /** Where a key of fleetpipe.yaml is, for later errors (e.g. a missing functions directory). */
  positionOf(pathInFile: readonly PropertyKey[]): { line: number; column: number } | undefined;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new FleetpipeError('ConfigUnreadable', `cannot read ${what}: ${(err as Error).message}`, {
      file,
      hint: 'check that the file exists and is readable',
      cause: err,
    });
  }
}

function parseMapping(text: string, file: string, what: string): ParsedYaml {
  const parsed = parseYaml(text, file);
  const v = parsed.value;
  if (v !== null && v !== undefined && (typeof v !== 'object' || Array.isArray(v))) {
    const pos = positionOf(parsed, []);
    throw new FleetpipeError('InvalidConfig', `${what} must be a mapping of keys to values`, {
      file,
      line: pos?.line,
      column: pos?.column,
      hint: 'write "key: value" lines at the top level',
    });
  }
  return parsed;
}

type PositionLookup = (pathInFile: readonly PropertyKey[]) => { line: number; column: number } | undefined;

/**
 * Parses and validates one YAML file. Valid files — nearly all of them — take
 * the fast way: js-yaml (YAML 1.2 core schema, several times faster on a cold
 * start) and zod. Only when that fails does the file go through the `yaml`
 * parser that keeps positions, which is then the one that decides and words
 * every error at file:line:column. Positions for later errors (a missing
 * handler file named in function.yaml) are parsed on demand.
 */
function loadYaml<S extends z.ZodType>(
  file: string,
  what: string,
  schema: S,
): { config: z.output<S>; positionOf: PositionLookup } {
  const text = readText(file, what);
  let positioned: ParsedYaml | undefined;
  const slow = () => {
    positioned ??= parseMapping(text, file, what);
    return positioned;
  };
  const positionLookup: PositionLookup = (p) => positionOf(slow(), p);
  let fast: unknown;
  try {
    fast = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, filename: file });
  } catch {
    fast = undefined;
  }
  const isMapping = fast === null || fast === undefined || (typeof fast === 'object' && !Array.isArray(fast));
  if (isMapping) {
    const result = schema.safeParse(fast ?? {});
    if (result.success) return { config: result.data, positionOf: positionLookup };
  }
  return { config: validateYaml(schema, slow(), what), positionOf: positionLookup };
}

/** Finds and loads fleetpipe.yaml in `dir`. */
export function loadProject(dir: string): LoadedProject {
  const root = path.resolve(dir);
  const file = path.join(root, ProjectFileName);
  if (!existsSync(file)) {
    const alt = path.join(root, 'fleetpipe.yml');
    const hint = existsSync(alt)
      ? 'rename fleetpipe.yml to fleetpipe.yaml'
      : existsSync(root)
        ? `create ${ProjectFileName} with at least "project: <name>", or pass the project directory`
        : 'pass the path of a directory that exists';
    throw new FleetpipeError('ProjectNotFound', `no ${ProjectFileName} in ${root}`, { file, hint });
  }
  if (statSync(file).isDirectory()) {
    throw new FleetpipeError('ProjectNotFound', `${ProjectFileName} is a directory`, {
      file,
      hint: `${ProjectFileName} must be a YAML file`,
    });
  }
  const { config, positionOf } = loadYaml(file, ProjectFileName, ProjectConfigSchema);
  return { root, file, config, positionOf };
}

export interface LoadedFunctionConfig {
  file: string;
  config: FunctionConfig;
  positionOf(pathInFile: readonly PropertyKey[]): { line: number; column: number } | undefined;
}

/** Loads a function's function.yaml; undefined when there is none (all defaults). */
export function loadFunctionConfig(file: string): LoadedFunctionConfig | undefined {
  if (!existsSync(file)) return undefined;
  const { config, positionOf } = loadYaml(file, FunctionFileName, FunctionConfigSchema);
  return { file, config, positionOf };
}
