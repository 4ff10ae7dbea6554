/**
 * Which installed packages of a plain-JavaScript function go into its zip.
 *
 * The rule: when the function has a package.json, only the packages reachable
 * from its "dependencies" and "optionalDependencies" go in, transitively,
 * following each installed package's own "dependencies",
 * "optionalDependencies" and (when installed) "peerDependencies". A name is
 * looked up the way Node.js does it: in `node_modules` next to the package that
 * needs it, then in each enclosing `node_modules`, up to the function
 * directory (never above: the zip holds only the function directory).
 * devDependencies are therefore left out however they were installed. Without
 * a package.json, `node_modules` goes in as it is.
 *
 * A required dependency that is not installed fails with `DependencyNotInstalled`,
 * except `@aws-sdk/*`, which the Lambda Node.js runtime provides.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FleetpipeError } from '../../errors.js';

export type NodeModulesSelection =
  /** No node_modules directory: nothing to add. */
  | { kind: 'none' }
  /** No package.json to tell production from development packages: all of node_modules. */
  | { kind: 'all' }
  /** Zip paths of the package directories to include, e.g. `node_modules/@scope/name`. */
  | { kind: 'packages'; packageDirs: string[] };

export interface SelectNodeModulesOptions {
  /** Absolute path of the function directory. */
  dir: string;
  /** The function directory relative to the project root, for messages. */
  relDir: string;
}

/** Packages the Lambda Node.js runtime already has. */
export function isRuntimeProvided(name: string): boolean {
  return name.startsWith('@aws-sdk/');
}

export async function selectNodeModules(options: SelectNodeModulesOptions): Promise<NodeModulesSelection> {
  const rootManifest = await readManifest(options, '');
  const hasNodeModules = await isDirectory(join(options.dir, 'node_modules'));
  if (!rootManifest) return { kind: hasNodeModules ? 'all' : 'none' };

  const found = new Set<string>();
  const queue: Array<{ from: string; manifest: Manifest }> = [{ from: '', manifest: rootManifest }];
  while (queue.length > 0) {
    const { from, manifest } = queue.shift()!;
    for (const dep of dependencyList(manifest)) {
      const at = await resolvePackage(options.dir, from, dep.name);
      if (at === undefined) {
        if (dep.optional || isRuntimeProvided(dep.name)) continue;
        throw notInstalled(options, from, dep.name);
      }
      if (found.has(at)) continue;
      found.add(at);
      queue.push({ from: at, manifest: (await readManifest(options, at)) ?? {} });
    }
  }
  return { kind: 'packages', packageDirs: [...found].sort() };
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function dependencyList(manifest: Manifest): Array<{ name: string; optional: boolean }> {
  const optionalDeps = manifest.optionalDependencies ?? {};
  // npm lists optional dependencies in "dependencies" too; they stay optional.
  const required = Object.keys(manifest.dependencies ?? {}).filter(
    (name) => !Object.hasOwn(optionalDeps, name),
  );
  const optional = [...Object.keys(manifest.peerDependencies ?? {}), ...Object.keys(optionalDeps)].filter(
    (name) => !required.includes(name),
  );
  const list = [
    ...required.map((name) => ({ name, optional: false })),
    ...[...new Set(optional)].map((name) => ({ name, optional: true })),
  ];
  return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Where `name` is found when required from the package at zip path `from`
 * ('' = the function itself): Node's lookup, limited to the function directory.
 */
export async function resolvePackage(dir: string, from: string, name: string): Promise<string | undefined> {
  const segments = from === '' ? [] : from.split('/');
  for (let i = segments.length; i >= 0; i--) {
    const base = segments.slice(0, i);
    if (base[base.length - 1] === 'node_modules') continue;
    const candidate = [...base, 'node_modules', name].join('/');
    if (await isDirectory(join(dir, candidate))) return candidate;
  }
  return undefined;
}

async function readManifest(options: SelectNodeModulesOptions, at: string): Promise<Manifest | undefined> {
  const rel = at ? `${at}/package.json` : 'package.json';
  let text: string;
  try {
    text = await readFile(join(options.dir, rel), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Manifest;
  } catch (err) {
    throw new FleetpipeError('InvalidPackageJson', `${options.relDir}/${rel} is not a valid package.json`, {
      file: `${options.relDir}/${rel}`,
      hint: 'Fix the JSON (it must be an object), or reinstall the package.',
      cause: err,
    });
  }
}

function notInstalled(options: SelectNodeModulesOptions, from: string, name: string): FleetpipeError {
  const manifest = from ? `${options.relDir}/${from}/package.json` : `${options.relDir}/package.json`;
  return new FleetpipeError(
    'DependencyNotInstalled',
    `${manifest} depends on "${name}", which is not installed in ${options.relDir}/node_modules`,
    {
      file: manifest,
      hint: `Run "npm ci --omit=dev" (or "npm install") in ${options.relDir} before building, or remove the dependency.`,
    },
  );
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
