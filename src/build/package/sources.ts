/**
 * Lists and hashes what a function's zip is made from.
 *
 * - 'node' / 'python': the function directory's files (see exclude.ts), and
 *   for 'node' the production packages of node_modules (see node-modules.ts).
 * - 'node-bundle': the function directory's files except node_modules (what
 *   esbuild reads from node_modules or from outside the directory is tracked
 *   separately, from esbuild's metafile), plus the package.json /
 *   tsconfig.json / jsconfig.json files above it up to the project root,
 *   which change how esbuild resolves and compiles.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { FunctionSpec } from '../types.js';
import { comparePaths } from '../zip.js';
import { type SourceFile, walkFiles } from './files.js';
import { hashAndKeepSmall, sha256 } from './hash.js';
import type { HashedFile } from './input-hash.js';
import { selectNodeModules } from './node-modules.js';
import { mapPool } from '../../pool.js';

/** Files read at once within one function. */
const FILE_CONCURRENCY = 16;
const BUNDLE_CONTEXT_FILES = ['package.json', 'tsconfig.json', 'jsconfig.json'];
const NODE_MODULES = new Set(['node_modules']);

/** Everything a 'node' or 'python' function ships, sorted by zip path. */
export async function listPackageFiles(spec: FunctionSpec, functionRoot: string): Promise<SourceFile[]> {
  const walk = { functionRoot, relDir: spec.relDir };
  const isNode = spec.packaging === 'node';
  const top = await walkFiles({
    ...walk,
    dir: functionRoot,
    prefix: '',
    isFunctionTop: true,
    skipDirs: isNode ? NODE_MODULES : undefined,
  });
  const files = top.files;
  const hasManifest = files.some((f) => f.zipPath === 'package.json');
  if (isNode && (hasManifest || top.skipped.includes('node_modules'))) {
    const selection = await selectNodeModules({ dir: functionRoot, relDir: spec.relDir });
    const roots =
      selection.kind === 'all'
        ? [{ prefix: 'node_modules', skipDirs: undefined }]
        : selection.kind === 'packages'
          ? selection.packageDirs.map((prefix) => ({ prefix, skipDirs: NODE_MODULES }))
          : [];
    for (const root of roots) {
      const walked = await walkFiles({
        ...walk,
        dir: join(functionRoot, ...root.prefix.split('/')),
        prefix: root.prefix,
        isFunctionTop: false,
        skipDirs: root.skipDirs,
      });
      files.push(...walked.files);
    }
  }
  return files.sort((a, b) => comparePaths(a.zipPath, b.zipPath));
}

/** The sources of a 'node-bundle' function inside its directory, sorted. */
export async function listBundleSources(spec: FunctionSpec, functionRoot: string): Promise<SourceFile[]> {
  const walked = await walkFiles({
    functionRoot,
    relDir: spec.relDir,
    dir: functionRoot,
    prefix: '',
    isFunctionTop: true,
    skipDirs: NODE_MODULES,
  });
  return walked.files.sort((a, b) => comparePaths(a.zipPath, b.zipPath));
}

export async function hashFiles(
  files: readonly SourceFile[],
): Promise<(HashedFile & { content?: Buffer })[]> {
  return mapPool(files, FILE_CONCURRENCY, async (file) => ({
    path: file.zipPath,
    mode: file.mode,
    ...(await hashAndKeepSmall(file.absPath, file.size)),
  }));
}

/** package.json / tsconfig.json / jsconfig.json above `dir`, up to and including `projectRoot`. */
export async function hashContextFiles(dir: string, projectRoot: string): Promise<HashedFile[]> {
  const out: HashedFile[] = [];
  if (!dir.startsWith(projectRoot + sep)) return out;
  let current = dirname(dir);
  let up = '..';
  while (current === projectRoot || current.startsWith(projectRoot + sep)) {
    for (const name of BUNDLE_CONTEXT_FILES) {
      try {
        out.push({ path: `${up}/${name}`, mode: 0o644, sha256: sha256(await readFile(join(current, name))) });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    current = dirname(current);
    up += '/..';
  }
  return out;
}
