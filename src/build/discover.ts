/**
 * Discovery: every directory under the functions directory is one function.
 * Reads the directory tree and each function.yaml, infers runtime and handler,
 * maps names, and reports every problem at once.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  FunctionFileName,
  type LoadedFunctionConfig,
  type LoadedProject,
  loadFunctionConfig,
} from '../config/load.js';
import { FleetpipeError } from '../errors.js';
import { LambdaLimits } from '../limits.js';
import type { Reporter } from '../reporter.js';
import {
  candidateList,
  definesPythonFunction,
  exportsFunction,
  type HandlerCandidate,
  HandlerCandidates,
  NodeModuleExtensions,
} from './handlers.js';
import { functionName, isValidFunctionName, logicalIdFor } from './names.js';
import { DefaultRuntime, type Runtime, type RuntimeFamily, runtimeFamily } from './runtimes.js';
import type { FunctionSpec, PackagingKind } from './types.js';

export const FunctionDefaults = {
  memorySize: 128,
  timeout: 30,
  architecture: 'x86_64',
  logRetentionDays: 30,
} as const;

export interface DiscoverOptions {
  reporter?: Reporter;
}

/** Resolves the functions directory and lists function directories (sorted, hidden and `_` ones skipped). */
function listFunctionDirs(project: LoadedProject): { functionsDir: string; dirs: string[] } {
  const functionsDir = path.resolve(project.root, project.config.functionsDir);
  const pos = project.positionOf(['functionsDir']);
  const where = { file: project.file, line: pos?.line, column: pos?.column };
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(functionsDir);
  } catch {
    throw new FleetpipeError(
      'FunctionsDirMissing',
      `functions directory ${rel(project, functionsDir)} does not exist`,
      {
        ...where,
        hint: `create it with one folder per function, or set "functionsDir" in fleetpipe.yaml`,
      },
    );
  }
  if (!st.isDirectory()) {
    throw new FleetpipeError('FunctionsDirMissing', `${rel(project, functionsDir)} is not a directory`, {
      ...where,
      hint: '"functionsDir" must name a directory holding one folder per function',
    });
  }
  const dirs = readdirSync(functionsDir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && !e.name.startsWith('_'))
    .filter((e) => {
      if (e.isDirectory()) return true;
      if (!e.isSymbolicLink()) return false;
      const full = path.join(functionsDir, e.name);
      try {
        return statSync(full).isDirectory();
      } catch (err) {
        throw symlinkError(project, full, err);
      }
    })
    .map((e) => e.name)
    .sort(compareNames);
  return { functionsDir, dirs };
}

function symlinkError(project: LoadedProject, full: string, err: unknown): FleetpipeError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') {
    return new FleetpipeError(
      'SymlinkLoop',
      `${rel(project, full)} is a symbolic link that loops back on itself`,
      {
        file: full,
        hint: 'point the link at a real directory, or remove it',
      },
    );
  }
  return new FleetpipeError('BrokenSymlink', `${rel(project, full)} is a symbolic link to nothing`, {
    file: full,
    hint: 'point the link at a directory that exists, or remove it',
  });
}

function rel(project: LoadedProject, p: string): string {
  return path.relative(project.root, p).split(path.sep).join('/') || '.';
}

/** Byte order, independent of locale: the same on every machine. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface ResolvedCode {
  runtime: Runtime;
  family: RuntimeFamily;
  handler: string;
  entry: string;
  packaging: PackagingKind;
}

/** Finds the handler file and export; throws a FleetpipeError naming the directory when it cannot. */
function resolveCode(
  project: LoadedProject,
  dir: string,
  files: Set<string>,
  fnConfig: LoadedFunctionConfig | undefined,
): ResolvedCode {
  const config = fnConfig?.config;
  const relDir = rel(project, dir);
  const at = (key: string) => {
    const pos = fnConfig?.positionOf([key]);
    return fnConfig ? { file: fnConfig.file, line: pos?.line, column: pos?.column } : { file: dir };
  };
  const explicitRuntime = config?.runtime as Runtime | undefined;
  const explicitFamily = explicitRuntime ? runtimeFamily(explicitRuntime) : undefined;

  if (config?.handler) {
    const dot = config.handler.lastIndexOf('.');
    const modulePath = config.handler.slice(0, dot);
    const exportName = config.handler.slice(dot + 1);
    const nodeFiles = NodeModuleExtensions.map((ext) => `${modulePath}${ext}`);
    const pyFile = `${modulePath.replace(/\./g, '/')}.py`;
    const exists = (f: string) => existsSync(path.join(dir, f)) && statSync(path.join(dir, f)).isFile();
    const nodeFile = explicitFamily === 'python' ? undefined : nodeFiles.find(exists);
    const pythonFile = explicitFamily === 'nodejs' ? undefined : exists(pyFile) ? pyFile : undefined;
    const entry = nodeFile ?? pythonFile;
    if (!entry) {
      const looked =
        explicitFamily === 'python'
          ? [pyFile]
          : explicitFamily === 'nodejs'
            ? nodeFiles
            : [...nodeFiles, pyFile];
      throw new FleetpipeError(
        'HandlerFileMissing',
        `handler "${config.handler}" of ${relDir}: no file ${looked.join(' or ')}`,
        {
          ...at('handler'),
          hint: `create the file in ${relDir}/, or correct "handler" (module path relative to the function directory, then "." and the exported function)`,
        },
      );
    }
    const family: RuntimeFamily = nodeFile ? 'nodejs' : 'python';
    const packaging: PackagingKind =
      family === 'python' ? 'python' : entry.endsWith('.ts') ? 'node-bundle' : 'node';
    checkExport(dir, entry, exportName, family, at('handler'), relDir);
    const handler = packaging === 'node-bundle' ? `index.${exportName}` : config.handler;
    return { runtime: pickRuntime(project, family, explicitRuntime), family, handler, entry, packaging };
  }

  const found = HandlerCandidates.filter((c) => files.has(c.file));
  const usable = explicitFamily ? found.filter((c) => c.family === explicitFamily) : found;
  if (usable.length === 0) {
    if (found.length > 0 && explicitRuntime) {
      throw new FleetpipeError(
        'RuntimeMismatch',
        `${relDir} sets runtime ${explicitRuntime} but its code is ${found.map((c) => c.file).join(', ')}`,
        {
          ...at('runtime'),
          hint: `set a ${found[0]!.family} runtime, or add a ${explicitFamily} handler file`,
        },
      );
    }
    throw new FleetpipeError('HandlerNotFound', `no handler file in ${relDir}`, {
      file: dir,
      hint: `add one of ${candidateList()}, or set "handler" in ${relDir}/${FunctionFileName}`,
    });
  }
  if (usable.length > 1) {
    throw new FleetpipeError(
      'AmbiguousHandler',
      `${relDir} has several handler files: ${usable.map((c) => c.file).join(', ')}`,
      { file: dir, hint: `set "handler" in ${relDir}/${FunctionFileName} to say which one Lambda calls` },
    );
  }
  const candidate: HandlerCandidate = usable[0]!;
  const exportName = candidate.family === 'python' ? pythonExport(dir, candidate.file) : 'handler';
  checkExport(
    dir,
    candidate.file,
    exportName,
    candidate.family,
    { file: path.join(dir, candidate.file) },
    relDir,
  );
  const moduleName = candidate.packaging === 'node-bundle' ? 'index' : candidate.file.replace(/\.[^.]+$/, '');
  return {
    runtime: pickRuntime(project, candidate.family, explicitRuntime),
    family: candidate.family,
    handler: `${moduleName}.${exportName}`,
    entry: candidate.file,
    packaging: candidate.packaging,
  };
}

function pythonExport(dir: string, file: string): string {
  const source = readFileSync(path.join(dir, file), 'utf8');
  if (definesPythonFunction(source, 'lambda_handler')) return 'lambda_handler';
  if (definesPythonFunction(source, 'handler')) return 'handler';
  return 'lambda_handler';
}

function checkExport(
  dir: string,
  entry: string,
  exportName: string,
  family: RuntimeFamily,
  where: { file: string; line?: number | undefined; column?: number | undefined },
  relDir: string,
): void {
  const source = readFileSync(path.join(dir, entry), 'utf8');
  if (family === 'python') {
    if (!definesPythonFunction(source, exportName)) {
      throw new FleetpipeError(
        'HandlerExportMissing',
        `${relDir}/${entry} defines no function "${exportName}"`,
        {
          ...where,
          hint: `add "def ${exportName}(event, context):" at the top level of ${entry}, or set "handler" in ${FunctionFileName}`,
        },
      );
    }
    return;
  }
  const isModule = entry.endsWith('.mjs') || entry.endsWith('.ts');
  if (exportsFunction(source, exportName, isModule) === false) {
    throw new FleetpipeError('HandlerExportMissing', `${relDir}/${entry} does not export "${exportName}"`, {
      ...where,
      hint: isModule
        ? `add "export const ${exportName} = async (event, context) => { … }" to ${entry}`
        : `add "exports.${exportName} = async (event, context) => { … }" (or an ESM export) to ${entry}`,
    });
  }
}

function pickRuntime(project: LoadedProject, family: RuntimeFamily, explicit: Runtime | undefined): Runtime {
  if (explicit) return explicit;
  const projectDefault = project.config.defaults.runtime as Runtime | undefined;
  if (projectDefault && runtimeFamily(projectDefault) === family) return projectDefault;
  return DefaultRuntime[family];
}

function resolveFunction(
  project: LoadedProject,
  functionsDir: string,
  dirName: string,
): FunctionSpec | undefined {
  const dir = path.join(functionsDir, dirName);
  const relDir = rel(project, dir);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (err) {
    throw symlinkError(project, dir, err);
  }
  const files = new Set(
    entries.filter((f) => {
      try {
        return lstatSync(path.join(dir, f)).isFile() || statSync(path.join(dir, f)).isFile();
      } catch {
        return false;
      }
    }),
  );
  if (files.has('function.yml') && !files.has(FunctionFileName)) {
    throw new FleetpipeError('MisnamedConfig', `${relDir}/function.yml is not read by fleetpipe`, {
      file: path.join(dir, 'function.yml'),
      hint: `rename it to ${FunctionFileName}`,
    });
  }
  const configFile = path.join(dir, FunctionFileName);
  const fnConfig = loadFunctionConfig(configFile);
  const codeFiles = entries.filter(
    (f) => !f.startsWith('.') && f !== FunctionFileName && f !== '__pycache__',
  );
  if (codeFiles.length === 0) return undefined;

  const code = resolveCode(project, dir, files, fnConfig);
  const config = fnConfig?.config;
  const defaults = project.config.defaults;
  const name = functionName(project.config.project, dirName);
  if (!isValidFunctionName(name)) {
    const room = LambdaLimits.maxFunctionNameLength - project.config.project.length - 1;
    throw new FleetpipeError(
      'FunctionNameTooLong',
      `function name "${name}" (from ${relDir}) has ${name.length} characters; Lambda allows ${LambdaLimits.maxFunctionNameLength}`,
      {
        file: dir,
        hint: `shorten the directory name to at most ${room} characters (the name is "<project>-<directory>")`,
      },
    );
  }
  const environment = { ...defaults.environment, ...config?.environment };
  const envBytes = Object.entries(environment).reduce(
    (n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v),
    0,
  );
  if (envBytes > LambdaLimits.maxEnvironmentBytes) {
    const pos = fnConfig?.positionOf(['environment']);
    throw new FleetpipeError(
      'EnvironmentTooLarge',
      `environment of ${relDir} is ${envBytes} bytes; Lambda allows ${LambdaLimits.maxEnvironmentBytes}`,
      {
        file: fnConfig?.file ?? project.file,
        line: pos?.line,
        column: pos?.column,
        hint: 'move large values to SSM Parameter Store or Secrets Manager and read them at run time',
      },
    );
  }
  const schedule =
    config?.schedule === undefined
      ? undefined
      : typeof config.schedule === 'string'
        ? { expression: config.schedule, enabled: true }
        : {
            expression: config.schedule.expression,
            enabled: config.schedule.enabled,
            ...(config.schedule.input ? { input: config.schedule.input } : {}),
          };
  const spec: FunctionSpec = {
    dirName,
    dir,
    relDir,
    name,
    logicalId: logicalIdFor(dirName),
    ...code,
    memorySize: config?.memorySize ?? defaults.memorySize ?? FunctionDefaults.memorySize,
    timeout: config?.timeout ?? defaults.timeout ?? FunctionDefaults.timeout,
    architecture: config?.architecture ?? defaults.architecture ?? FunctionDefaults.architecture,
    environment: sortKeys(environment),
    logRetentionDays:
      config?.logRetentionDays ?? defaults.logRetentionDays ?? FunctionDefaults.logRetentionDays,
    iamStatements: config?.iam?.statements ?? [],
    tags: sortKeys({ ...project.config.tags, ...defaults.tags, ...config?.tags }),
  };
  if (fnConfig) spec.configFile = fnConfig.file;
  if (config?.description !== undefined) spec.description = config.description;
  if (config?.reservedConcurrency !== undefined) spec.reservedConcurrency = config.reservedConcurrency;
  if (schedule) spec.schedule = schedule;
  if (config?.configRule) spec.configRule = { ...config.configRule, name: config.configRule.name ?? name };
  if (config?.targets) spec.targets = config.targets;
  return spec;
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareNames(a, b)));
}

/** Discovers every function of the project. All problems are reported together. */
export function discoverFunctions(project: LoadedProject, options: DiscoverOptions = {}): FunctionSpec[] {
  const { functionsDir, dirs } = listFunctionDirs(project);
  const specs: FunctionSpec[] = [];
  const errors: FleetpipeError[] = [];
  for (const dirName of dirs) {
    try {
      const spec = resolveFunction(project, functionsDir, dirName);
      if (spec) specs.push(spec);
      else
        options.reporter?.emit({
          code: 'EmptyFunctionDir',
          level: 'warn',
          message: `${rel(project, path.join(functionsDir, dirName))} has no code and is skipped`,
          file: path.join(functionsDir, dirName),
        });
    } catch (err) {
      if (err instanceof FleetpipeError) errors.push(...err.all());
      else throw err;
    }
  }
  errors.push(...collisions(specs));
  if (errors.length > 0) throw FleetpipeError.combine(errors);
  if (specs.length === 0) {
    throw new FleetpipeError('NoFunctions', `no functions in ${rel(project, functionsDir)}`, {
      file: functionsDir,
      hint: `add one folder per function (e.g. ${rel(project, functionsDir)}/my-rule/index.mjs)`,
    });
  }
  return specs;
}

/** Two directories that map to the same function name, logical ID or Config rule name. */
function collisions(specs: FunctionSpec[]): FleetpipeError[] {
  const errors: FleetpipeError[] = [];
  const reported = new Set<string>();
  const check = (what: string, key: (s: FunctionSpec) => string | undefined) => {
    const seen = new Map<string, FunctionSpec>();
    for (const spec of specs) {
      const k = key(spec);
      if (k === undefined) continue;
      const other = seen.get(k);
      if (other && !reported.has(`${other.dir}\0${spec.dir}`)) {
        reported.add(`${other.dir}\0${spec.dir}`);
        errors.push(
          new FleetpipeError(
            'FunctionNameCollision',
            `${other.relDir} and ${spec.relDir} both map to the ${what} "${k}"`,
            {
              file: spec.dir,
              hint: 'rename one of the two directories so that their names differ in letters or digits',
            },
          ),
        );
      } else if (!other) seen.set(k, spec);
    }
  };
  check('function name', (s) => s.name);
  check('CloudFormation logical ID', (s) => s.logicalId);
  check('Config rule name', (s) => s.configRule?.name);
  return errors;
}
