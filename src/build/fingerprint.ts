/**
 * The no-op fast path of `fleetpipe build`: a fingerprint of everything a build
 * reads, taken from file metadata alone (path, type, size, mtime, ctime, inode,
 * mode), stored after each build beside the cache. When the next build finds
 * the same fingerprint and the artifact still as it was written, nothing needs
 * to be read, parsed, hashed or written.
 *
 * What a build reads: the files directly in the project root (fleetpipe.yaml,
 * package.json, tsconfig.json …) and in every directory between the root and
 * the functions directory, the whole functions directory tree (links
 * followed), and files outside it that bundles imported (recorded by the
 * packager). ctime cannot be set by tools such as `touch -d`, so a file
 * rewritten with its old mtime still changes the fingerprint.
 *
 * This module imports only Node's built-ins: the fast path must not load the
 * parser, schema, bundler or compressor.
 */
import { createHash } from 'node:crypto';
import {
  type BigIntStats,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export interface BuildState {
  version: 1;
  fleetpipeVersion: string;
  /** Absolute artifact directory this state describes. */
  outDir: string;
  /** Absolute functions directory of that build. */
  functionsDir: string;
  /** Files outside the functions directory that the build depended on. */
  extraFiles: string[];
  fingerprint: string;
  /** sha256 of the manifest.json written. */
  manifestSha256: string;
  /** Every key of the artifact with its size, to check it is still complete. */
  files: [key: string, bytes: number][];
}

export interface FingerprintInput {
  projectRoot: string;
  functionsDir: string;
  extraFiles: readonly string[];
  fleetpipeVersion: string;
}

function describe(st: BigIntStats): string {
  if (st.isDirectory()) return 'd';
  return `f ${st.size} ${st.mtimeNs} ${st.ctimeNs} ${st.ino} ${st.mode}`;
}

function safeStat(p: string): BigIntStats | undefined {
  try {
    return statSync(p, { bigint: true });
  } catch {
    return undefined;
  }
}

/** Hash of the metadata of everything a build of this project reads. */
export function computeFingerprint(input: FingerprintInput): string {
  const hash = createHash('sha256');
  const add = (line: string) => hash.update(`${line}\n`);
  add(`fleetpipe ${input.fleetpipeVersion}`);
  const root = path.resolve(input.projectRoot);
  const functionsDir = path.resolve(input.functionsDir);

  // The root and each directory down to the functions directory: their own files only.
  const shallow = [root];
  const relFunctions = path.relative(root, functionsDir);
  if (relFunctions && !relFunctions.startsWith('..') && !path.isAbsolute(relFunctions)) {
    let dir = root;
    for (const part of relFunctions.split(path.sep).slice(0, -1)) {
      dir = path.join(dir, part);
      shallow.push(dir);
    }
  }
  for (const dir of shallow) {
    let names: string[] = [];
    try {
      names = readdirSync(dir).sort();
    } catch {
      add(`missing ${dir}`);
    }
    // Files only: of the directories here, only the way down to the functions is read.
    for (const name of names) {
      const st = safeStat(path.join(dir, name));
      if (st?.isFile()) add(`${dir}/${name} ${describe(st)}`);
    }
  }

  // The functions directory, all of it, following links (each real directory once).
  const visited = new Set<string>();
  const walk = (dir: string, label: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      add(`${label} broken`);
      return;
    }
    if (visited.has(real)) {
      add(`${label} loop`);
      return;
    }
    visited.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      add(`${label} unreadable`);
      return;
    }
    for (const name of names) {
      const full = path.join(dir, name);
      const st = safeStat(full);
      const rel = `${label}/${name}`;
      if (!st) add(`${rel} broken`);
      else if (st.isDirectory()) {
        add(`${rel} d`);
        walk(full, rel);
      } else add(`${rel} ${describe(st)}`);
    }
    visited.delete(real);
  };
  walk(functionsDir, functionsDir);

  for (const file of [...input.extraFiles].sort()) {
    const st = safeStat(file);
    add(`extra ${file} ${st ? describe(st) : 'missing'}`);
  }
  return hash.digest('hex');
}

export function buildStateFile(cacheDir: string, outDir: string): string {
  const id = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16);
  return path.join(cacheDir, 'builds', `${id}.json`);
}

export function readBuildState(cacheDir: string, outDir: string): BuildState | undefined {
  try {
    const state = JSON.parse(readFileSync(buildStateFile(cacheDir, outDir), 'utf8')) as BuildState;
    if (state.version !== 1 || state.outDir !== path.resolve(outDir)) return undefined;
    return state;
  } catch {
    return undefined;
  }
}

export function writeBuildState(cacheDir: string, state: BuildState): void {
  const file = buildStateFile(cacheDir, state.outDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`);
  renameSync(tmp, file);
}

/**
 * The manifest text of `outDir` when the artifact is still exactly what the
 * state recorded (manifest hash and every file's size); otherwise undefined.
 */
export function intactArtifact(state: BuildState): string | undefined {
  let manifestText: Buffer;
  try {
    manifestText = readFileSync(path.join(state.outDir, 'manifest.json'));
  } catch {
    return undefined;
  }
  if (createHash('sha256').update(manifestText).digest('hex') !== state.manifestSha256) return undefined;
  for (const [key, bytes] of state.files) {
    try {
      if (statSync(path.join(state.outDir, key)).size !== bytes) return undefined;
    } catch {
      return undefined;
    }
  }
  return manifestText.toString('utf8');
}
