/**
 * Lists the files of a directory tree that go into a zip, from `stat` alone
 * (no file is read here, so size limits can be checked before any reading).
 *
 * Symlinks are followed when they point inside the function directory. A
 * symlink that leads outside it fails with `SymlinkOutsideFunction`; one that
 * leads back into a directory being walked (or a chain of links that never
 * ends) fails with `SymlinkLoop`. Sockets, FIFOs and devices are skipped.
 */
import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { FleetpipeError } from '../../errors.js';
import { normalizeMode } from '../zip.js';
import { isExcluded } from './exclude.js';

export interface SourceFile {
  /** Path inside the zip, `/` separators. */
  zipPath: string;
  /** Absolute path to read the content from. */
  absPath: string;
  size: number;
  /** Normalized Unix mode: 0o644 or 0o755. */
  mode: number;
}

export interface WalkOptions {
  /** Real (symlink-free) absolute path of the function directory: links must stay inside it. */
  functionRoot: string;
  /** The function directory relative to the project root, for messages. */
  relDir: string;
  /** Absolute directory to walk. */
  dir: string;
  /** Zip path of `dir` ('' for the function directory itself). */
  prefix: string;
  /** True when `dir` is the function directory (top-level-only exclusions apply). */
  isFunctionTop: boolean;
  /** Directory names to leave out directly under `dir` (e.g. `node_modules`). */
  skipDirs?: ReadonlySet<string>;
}

export interface WalkResult {
  /** The files, in no particular order. */
  files: SourceFile[];
  /** Which of `skipDirs` exist directly under `dir`. */
  skipped: string[];
}

// Function directories are small: synchronous calls cost less than thread-pool round trips.
const readdir = async (dir: string, options: { withFileTypes: true }) => readdirSync(dir, options);
const realpath = async (path: string) => realpathSync.native(path);
const stat = async (path: string) => statSync(path);

export async function walkFiles(options: WalkOptions): Promise<WalkResult> {
  const startReal =
    options.dir === options.functionRoot
      ? options.functionRoot
      : (await resolveLink(options, options.dir, options.prefix)).real;
  const result: WalkResult = { files: [], skipped: [] };
  const chain = ancestorsWithin(options.functionRoot, startReal);
  await walkDir(options, { dir: options.dir, prefix: options.prefix, depth: 0, chain, result });
  result.skipped.sort();
  return result;
}

/** `root`, then each directory down to `dir` (a link back to any of them is a loop). */
function ancestorsWithin(root: string, dir: string): string[] {
  const chain = [root];
  if (dir === root) return chain;
  let current = root;
  for (const segment of dir.slice(root.length + 1).split(sep)) {
    current = join(current, segment);
    chain.push(current);
  }
  return chain;
}

interface DirState {
  dir: string;
  prefix: string;
  depth: number;
  /** Real paths of the directories from the walk's start down to `dir`. */
  chain: string[];
  result: WalkResult;
}

async function walkDir(options: WalkOptions, state: DirState): Promise<void> {
  const entries = await readdir(state.dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // Visit in parallel, but report the first failure in name order, so errors are deterministic.
  const settled = await Promise.allSettled(entries.map((entry) => visit(options, state, entry)));
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

async function visit(options: WalkOptions, state: DirState, entry: Dirent): Promise<void> {
  const abs = join(state.dir, entry.name);
  const zipPath = state.prefix ? `${state.prefix}/${entry.name}` : entry.name;
  const atTop = options.isFunctionTop && state.depth === 0;

  let real = join(state.chain[state.chain.length - 1]!, entry.name);
  let isDirectory = entry.isDirectory();
  let isFile = entry.isFile();
  if (entry.isSymbolicLink()) {
    // Exclusion by name first: a `.venv` link pointing anywhere does not matter.
    if (entry.name.startsWith('.')) return;
    const target = await resolveLink(options, abs, zipPath);
    real = target.real;
    isDirectory = target.isDirectory;
    isFile = target.isFile;
  }

  if (isExcluded({ name: entry.name, isDirectory, atTop })) return;
  if (isDirectory) {
    if (state.depth === 0 && options.skipDirs?.has(entry.name)) {
      state.result.skipped.push(entry.name);
      return;
    }
    if (state.chain.includes(real)) {
      throw new FleetpipeError('SymlinkLoop', `symlink ${where(options, zipPath)} points back into itself`, {
        file: where(options, zipPath),
        hint: 'Remove the link or point it at a directory that does not contain it.',
      });
    }
    await walkDir(options, {
      dir: abs,
      prefix: zipPath,
      depth: state.depth + 1,
      chain: [...state.chain, real],
      result: state.result,
    });
    return;
  }
  if (!isFile) return;
  const st = await stat(abs);
  state.result.files.push({ zipPath, absPath: abs, size: st.size, mode: normalizeMode(st.mode) });
}

interface LinkTarget {
  real: string;
  isDirectory: boolean;
  isFile: boolean;
}

/** Resolves `abs` to its real path and checks that it stays inside the function directory. */
async function resolveLink(options: WalkOptions, abs: string, zipPath: string): Promise<LinkTarget> {
  let real: string;
  try {
    real = await realpath(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') {
      throw new FleetpipeError(
        'SymlinkLoop',
        `symlink ${where(options, zipPath)} is part of a symlink loop`,
        {
          file: where(options, zipPath),
          hint: 'Follow the chain of links (ls -l) and break the cycle.',
          cause: err,
        },
      );
    }
    if (code === 'ENOENT') {
      throw new FleetpipeError('SymlinkBroken', `symlink ${where(options, zipPath)} points to nothing`, {
        file: where(options, zipPath),
        hint: 'Remove the link, or create what it points to.',
        cause: err,
      });
    }
    throw err;
  }
  const root = options.functionRoot;
  if (real !== root && !real.startsWith(root + sep)) {
    throw new FleetpipeError(
      'SymlinkOutsideFunction',
      `symlink ${where(options, zipPath)} points outside the function directory (to ${real})`,
      {
        file: where(options, zipPath),
        hint:
          'A function zip holds only its own directory. Copy the file into the function directory ' +
          '(or vendor the package there) instead of linking to it.',
      },
    );
  }
  const st = await stat(real);
  return { real, isDirectory: st.isDirectory(), isFile: st.isFile() };
}

function where(options: WalkOptions, zipPath: string): string {
  return zipPath ? `${options.relDir}/${zipPath}` : options.relDir;
}
