/**
 * The packaging stage of `fleetpipe build`: one reproducible zip per function.
 *
 *   packageFunctions(specs, { projectRoot?, cacheDir?, reporter?, limits?, concurrency? })
 *     → Promise<PackageOutput[]>   (same order as `specs`)
 *
 * Each PackageOutput has the PackagedFunction (sha256, artifact key
 * `functions/<name>/<sha256>.zip`, sizes, `cached`) and `zipPath`: the zip
 * inside the cache, for the build stage to copy or hardlink into the
 * artifact. No zip is held in memory longer than it takes to write it.
 *
 * Per function:
 *   1. list the files from `stat` alone (package/sources.ts says what goes in);
 *   2. check Lambda's unzipped size limit from those sizes, before reading anything;
 *   3. hash the contents into an input hash (package/input-hash.ts);
 *   4. on a cache hit, done: a warm build reads and hashes, never zips;
 *   5. otherwise zip (or bundle with esbuild, then zip) into the cache.
 *
 * Functions run `concurrency` at a time (default 4). Every function is
 * attempted; failures are thrown together as one combined FleetpipeError.
 */
import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { FleetpipeError, isFleetpipeError } from '../errors.js';
import { type Reporter, silentReporter } from '../reporter.js';
import { type CacheEntry, type ExtraInput, PackageCache } from './cache.js';
import { sha256, sha256File } from './package/hash.js';
import { type HashedFile, computeInputHash } from './package/input-hash.js';
import { mapPool } from '../pool.js';
import { type PackageLimits, checkUnzippedSize, defaultPackageLimits, formatBytes } from './package/size.js';
import { hashContextFiles, hashFiles, listBundleSources, listPackageFiles } from './package/sources.js';
import { writeZipToCache } from './package/write-zip.js';
import type { FunctionSpec, PackagedFunction } from './types.js';

export type { PackageLimits } from './package/size.js';

export interface PackageOptions {
  /**
   * The project root (default: found from the first spec's `dir` and `relDir`).
   * The default cache is `<projectRoot>/.fleetpipe/cache`.
   */
  projectRoot?: string;
  cacheDir?: string;
  reporter?: Reporter;
  /** Overrides of Lambda's limits (tests use small ones). */
  limits?: Partial<PackageLimits>;
  /** Functions packaged at once (default 4). */
  concurrency?: number;
  /** Return new zips in memory instead of writing them to the cache (see PackageOutput.pending). */
  deferCacheWrites?: boolean;
}

export interface PackageOutput {
  packaged: PackagedFunction;
  /** The zip in the cache (do not modify it: copy or hardlink it). */
  zipPath: string;
  /**
   * With `deferCacheWrites`, a zip made now is not written: here are its bytes,
   * and `adopt` takes the file they were written to into the cache.
   */
  pending?: { zip: Buffer; adopt(file: string): Promise<void> };
  /** Files outside the function directory that the zip depends on (bundled imports), absolute. */
  dependsOn: string[];
}

export function defaultCacheDir(projectRoot: string): string {
  return join(projectRoot, '.fleetpipe', 'cache');
}

export function codeKeyFor(name: string, codeSha256: string): string {
  return `functions/${name}/${codeSha256}.zip`;
}

/** The project root a spec belongs to: `dir` with `relDir`'s segments taken off. */
export function projectRootOf(spec: Pick<FunctionSpec, 'dir' | 'relDir'>): string {
  const depth = spec.relDir.split('/').filter((s) => s !== '' && s !== '.').length;
  return resolve(spec.dir, ...Array.from({ length: depth }, () => '..'));
}

export async function packageFunctions(
  specs: readonly FunctionSpec[],
  options: PackageOptions = {},
): Promise<PackageOutput[]> {
  if (specs.length === 0) return [];
  const projectRoot = resolve(options.projectRoot ?? projectRootOf(specs[0]!));
  const ctx: Context = {
    projectRoot,
    cache: new PackageCache(resolve(options.cacheDir ?? defaultCacheDir(projectRoot))),
    reporter: options.reporter ?? silentReporter,
    limits: { ...defaultPackageLimits, ...options.limits },
    contextFiles: new Map(),
    deferWrites: options.deferCacheWrites ?? false,
  };
  const settled = await mapPool(specs, options.concurrency ?? 4, (spec) =>
    packageOne(spec, ctx).then(
      (output) => ({ output }),
      (error: unknown) => ({ error }),
    ),
  );
  const errors: FleetpipeError[] = [];
  for (const result of settled) {
    if ('error' in result) {
      if (!isFleetpipeError(result.error)) throw result.error;
      errors.push(...result.error.all().map((e) => e.resolvedAgainst(projectRoot)));
    }
  }
  if (errors.length > 0) throw FleetpipeError.combine(errors);
  return settled.map((result) => (result as { output: PackageOutput }).output);
}

export async function packageFunction(
  spec: FunctionSpec,
  options: PackageOptions = {},
): Promise<PackageOutput> {
  const [output] = await packageFunctions([spec], options);
  return output!;
}

interface Context {
  projectRoot: string;
  cache: PackageCache;
  reporter: Reporter;
  limits: PackageLimits;
  /** Context files of bundled functions, by parent directory (siblings share them). */
  contextFiles: Map<string, Promise<HashedFile[]>>;
  deferWrites: boolean;
}

function pendingOf(ctx: Context, written: { entry: CacheEntry; zip?: Buffer }): PackageOutput['pending'] {
  const { zip } = written;
  if (!zip) return undefined;
  return { zip, adopt: (file) => ctx.cache.adopt(written.entry, file) };
}

async function packageOne(spec: FunctionSpec, ctx: Context): Promise<PackageOutput> {
  const functionRoot = await realFunctionDir(spec);
  const output =
    spec.packaging === 'node-bundle'
      ? await packageBundled(spec, functionRoot, ctx)
      : await packageFiles(spec, functionRoot, ctx);
  const { packaged } = output;
  if (packaged.zipBytes > ctx.limits.warnZippedBytes) {
    ctx.reporter.emit({
      code: 'PackageZipLarge',
      level: 'warn',
      file: spec.relDir,
      message:
        `${spec.relDir} zips to ${formatBytes(packaged.zipBytes)}, over Lambda's ` +
        `${formatBytes(ctx.limits.warnZippedBytes)} direct-upload limit (fine for deploys through S3)`,
      data: { name: spec.name, zipBytes: packaged.zipBytes },
    });
  }
  ctx.reporter.emit({
    code: 'FunctionPackaged',
    level: 'debug',
    file: spec.relDir,
    message: `${spec.relDir}: ${packaged.codeKey} (${formatBytes(packaged.zipBytes)}${packaged.cached ? ', cached' : ''})`,
    data: { name: spec.name, codeSha256: packaged.codeSha256, cached: packaged.cached },
  });
  return output;
}

/** 'node' and 'python': the directory's files (and production node_modules) as they are. */
async function packageFiles(spec: FunctionSpec, functionRoot: string, ctx: Context): Promise<PackageOutput> {
  const files = await listPackageFiles(spec, functionRoot);
  const tooLarge = checkUnzippedSize({
    relDir: spec.relDir,
    files,
    maxUnzippedBytes: ctx.limits.maxUnzippedBytes,
  });
  if (tooLarge) throw tooLarge;

  const hashed = await hashFiles(files);
  const inputHash = computeInputHash({
    packaging: spec.packaging,
    runtime: spec.runtime,
    handler: spec.handler,
    entry: spec.entry,
    files: hashed,
  });
  const hit = await lookup(spec, functionRoot, ctx, inputHash);
  if (hit) return hit;

  const written = await writeZipToCache(ctx.cache, {
    inputHash,
    defer: ctx.deferWrites,
    extraInputs: [],
    sources: files.map((file, i) => ({
      path: file.zipPath,
      mode: file.mode,
      size: file.size,
      read: async () => {
        // Small files were kept when they were hashed: the zip gets exactly the bytes the hash covers.
        const kept = hashed[i]!.content;
        if (kept) return kept;
        const data = await readFile(file.absPath);
        if (sha256(data) !== hashed[i]!.sha256) throw changedDuringBuild(spec, file.zipPath);
        return data;
      },
    })),
  });
  const pending = pendingOf(ctx, written);
  return {
    packaged: toPackaged(spec, written.entry, false),
    zipPath: written.zipPath,
    dependsOn: [],
    ...(pending ? { pending } : {}),
  };
}

/** 'node-bundle': esbuild's index.mjs alone. */
async function packageBundled(
  spec: FunctionSpec,
  functionRoot: string,
  ctx: Context,
): Promise<PackageOutput> {
  // esbuild is loaded only by projects that have TypeScript functions.
  const { BUNDLE_FILE, bundleFunction, bundlerVersion } = await import('./bundle.js');
  const sources = await listBundleSources(spec, functionRoot);
  const inputHash = computeInputHash({
    packaging: spec.packaging,
    runtime: spec.runtime,
    handler: spec.handler,
    entry: spec.entry,
    bundler: bundlerVersion,
    files: await hashFiles(sources),
    context: await contextFilesOf(spec, ctx),
  });
  const hit = await lookup(spec, functionRoot, ctx, inputHash);
  if (hit) return hit;

  const bundle = await bundleFunction({
    dir: functionRoot,
    relDir: spec.relDir,
    entry: spec.entry,
    runtime: spec.runtime,
  });
  for (const warning of bundle.warnings) {
    ctx.reporter.emit({
      code: 'BundleWarning',
      level: 'warn',
      file: warning.file ?? spec.relDir,
      message: `${spec.relDir}: esbuild: ${warning.message}`,
      data: { line: warning.line, column: warning.column },
    });
  }
  const tooLarge = checkUnzippedSize({
    relDir: spec.relDir,
    files: [{ zipPath: BUNDLE_FILE, size: bundle.code.length }],
    maxUnzippedBytes: ctx.limits.maxUnzippedBytes,
  });
  if (tooLarge) throw tooLarge;

  // Files esbuild read that the input hash does not cover (imports from outside
  // the directory, node_modules, excluded names): checked again on each cache hit.
  const covered = new Set(sources.map((s) => s.zipPath));
  const extraInputs: ExtraInput[] = [];
  for (const input of bundle.inputs) {
    const path = relative(functionRoot, input).split(sep).join('/');
    if (!covered.has(path)) extraInputs.push({ path, sha256: await sha256File(input) });
  }

  const written = await writeZipToCache(ctx.cache, {
    inputHash,
    defer: ctx.deferWrites,
    extraInputs,
    sources: [{ path: BUNDLE_FILE, mode: 0o644, size: bundle.code.length, read: async () => bundle.code }],
  });
  const pending = pendingOf(ctx, written);
  return {
    packaged: toPackaged(spec, written.entry, false),
    zipPath: written.zipPath,
    dependsOn: extraInputs.map((e) => resolve(functionRoot, e.path)),
    ...(pending ? { pending } : {}),
  };
}

function contextFilesOf(spec: FunctionSpec, ctx: Context): Promise<HashedFile[]> {
  const dir = resolve(spec.dir);
  const parent = dirname(dir);
  let found = ctx.contextFiles.get(parent);
  if (!found) {
    found = hashContextFiles(dir, ctx.projectRoot);
    ctx.contextFiles.set(parent, found);
  }
  return found;
}

async function lookup(
  spec: FunctionSpec,
  functionRoot: string,
  ctx: Context,
  inputHash: string,
): Promise<PackageOutput | undefined> {
  const found = await ctx.cache.get(inputHash);
  if (found.status === 'corrupt') {
    ctx.reporter.emit({
      code: 'PackageCacheCorrupt',
      level: 'warn',
      file: spec.relDir,
      message: `${spec.relDir}: ignoring a corrupt cache entry (${found.reason}); rebuilding it`,
      data: { inputHash },
    });
    return undefined;
  }
  if (found.status === 'miss') return undefined;
  for (const extra of found.entry.extraInputs) {
    const current = await sha256File(resolve(functionRoot, extra.path)).catch(() => undefined);
    if (current !== extra.sha256) return undefined;
  }
  return {
    packaged: toPackaged(spec, found.entry, true),
    zipPath: found.zipPath,
    dependsOn: found.entry.extraInputs.map((e) => resolve(functionRoot, e.path)),
  };
}

function toPackaged(spec: FunctionSpec, entry: CacheEntry, cached: boolean): PackagedFunction {
  return {
    spec,
    codeSha256: entry.codeSha256,
    codeKey: codeKeyFor(spec.name, entry.codeSha256),
    zipBytes: entry.zipBytes,
    unzippedBytes: entry.unzippedBytes,
    fileCount: entry.fileCount,
    cached,
  };
}

async function realFunctionDir(spec: FunctionSpec): Promise<string> {
  try {
    // (A path that is not a directory fails at the first readdir.)
    return realpathSync.native(spec.dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  throw new FleetpipeError('FunctionDirMissing', `function directory ${spec.relDir} does not exist`, {
    file: spec.relDir,
    hint: 'Run the build again; the directory was removed after discovery.',
  });
}

function changedDuringBuild(spec: FunctionSpec, zipPath: string): FleetpipeError {
  return new FleetpipeError(
    'SourceChangedDuringBuild',
    `${spec.relDir}/${zipPath} changed while it was being packaged`,
    {
      file: `${spec.relDir}/${zipPath}`,
      hint: 'Run the build again once nothing is writing to the function.',
    },
  );
}
