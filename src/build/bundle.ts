/**
 * Bundles a TypeScript function with esbuild into one ES module, `index.mjs`.
 *
 * The output depends only on the sources: the working directory is the
 * function directory (so the path comments esbuild writes are relative to
 * it), there is no source map and no legal comments. `@aws-sdk/*` stays
 * external because the Lambda Node.js runtime provides SDK v3.
 */
import { posix, resolve } from 'node:path';
import { type BuildFailure, type Message, build, version as esbuildVersion } from 'esbuild';
import { FleetpipeError } from '../errors.js';
import type { Runtime } from './runtimes.js';

/** The one file a bundled function's zip holds. */
export const BUNDLE_FILE = 'index.mjs';
/** Part of the package input hash: another esbuild may give other bytes. */
export const bundlerVersion = `esbuild@${esbuildVersion}`;

/**
 * Bundled CommonJS dependencies may `require()` Node built-ins; an ES module
 * has no `require`, so give it one.
 */
const REQUIRE_SHIM =
  "import { createRequire as __fleetpipeCreateRequire } from 'node:module';\n" +
  'const require = __fleetpipeCreateRequire(import.meta.url);';

export interface BundleOptions {
  /** Absolute path of the function directory. */
  dir: string;
  /** The function directory relative to the project root, for messages. */
  relDir: string;
  /** Entry file relative to `dir`, e.g. `index.ts`. */
  entry: string;
  runtime: Runtime;
}

export interface BundleWarning {
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface BundleResult {
  /** The bytes of index.mjs. */
  code: Uint8Array;
  /** Every file esbuild read, absolute paths, sorted. */
  inputs: string[];
  warnings: BundleWarning[];
}

/** esbuild's target for a Lambda runtime: `nodejs22.x` → `node22`. */
export function esbuildTarget(runtime: Runtime): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) {
    throw new FleetpipeError('BundleFailed', `runtime ${runtime} cannot run a bundled TypeScript function`, {
      hint: 'Use a nodejs runtime for TypeScript functions.',
    });
  }
  return `node${match[1]}`;
}

export async function bundleFunction(options: BundleOptions): Promise<BundleResult> {
  const target = esbuildTarget(options.runtime);
  let result: Awaited<ReturnType<typeof runEsbuild>>;
  try {
    result = await runEsbuild(options, target);
  } catch (err) {
    const errors = (err as Partial<BuildFailure>).errors;
    if (Array.isArray(errors) && errors.length > 0) throw bundleError(options, errors, err);
    throw err;
  }
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild wrote no output for ${options.relDir}`);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((key) => !/^[a-z-]+:/i.test(key))
    .map((key) => resolve(options.dir, key))
    .sort();
  return {
    code: output.contents,
    inputs,
    warnings: result.warnings.map((w) => ({ message: w.text, ...messageLocation(options, w) })),
  };
}

function runEsbuild(options: BundleOptions, target: string) {
  return build({
    absWorkingDir: options.dir,
    entryPoints: [options.entry],
    outfile: BUNDLE_FILE,
    write: false,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target,
    external: ['@aws-sdk/*'],
    mainFields: ['module', 'main'],
    banner: { js: REQUIRE_SHIM },
    legalComments: 'none',
    sourcemap: false,
    charset: 'utf8',
    metafile: true,
    logLevel: 'silent',
  });
}

function bundleError(options: BundleOptions, errors: Message[], cause: unknown): FleetpipeError {
  const first = errors[0]!;
  const more =
    errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  const unresolved = /Could not resolve/.test(first.text);
  return new FleetpipeError(
    'BundleFailed',
    `bundling ${options.relDir}/${options.entry} failed: ${first.text}${more}`,
    {
      ...messageLocation(options, first),
      hint: unresolved
        ? `Install the package (npm install in ${options.relDir} or in the project root), or fix the import path. ` +
          '@aws-sdk/* is provided by the Lambda runtime and need not be installed.'
        : 'Fix the error at the location shown; esbuild bundles the entry file and everything it imports.',
      cause,
    },
  );
}

function messageLocation(
  options: BundleOptions,
  message: Message,
): { file?: string; line?: number; column?: number } {
  const loc = message.location;
  if (!loc) return {};
  const file = posix.normalize(`${options.relDir}/${loc.file.replaceAll('\\', '/')}`);
  // esbuild's columns are 0-based; fleetpipe's (like editors') are 1-based.
  return { file, line: loc.line, column: loc.column + 1 };
}
