/**
 * Writes the "build once" artifact directory. Everything goes into a fresh
 * temporary directory beside the target, which then replaces the target in one
 * rename: a failed build leaves the previous artifact untouched.
 */
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { FleetpipeError } from '../errors.js';
import { ManifestFileName } from './manifest.js';

export interface ArtifactFile {
  /** Key inside the artifact, with `/` separators. */
  key: string;
  /** Either the bytes, or a file to copy them from. */
  body?: string | Buffer;
  from?: string;
  /** Expected size, for the up-to-date check. */
  bytes?: number;
}

/** True when `outDir` already holds exactly this manifest and every file it lists. */
export function isUpToDate(outDir: string, manifestText: string, files: ArtifactFile[]): boolean {
  try {
    if (readFileSync(path.join(outDir, ManifestFileName), 'utf8') !== manifestText) return false;
    for (const f of files) {
      const st = statSync(path.join(outDir, f.key));
      const expected = f.bytes ?? (f.body !== undefined ? Buffer.byteLength(f.body) : undefined);
      if (expected !== undefined && st.size !== expected) return false;
    }
    return true;
  } catch {
    return false;
  }
}

export function writeArtifact(outDir: string, manifestText: string, files: ArtifactFile[]): void {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (err) {
    throw new FleetpipeError('OutputNotWritable', `cannot create ${parent}: ${(err as Error).message}`, {
      file: parent,
      hint: 'choose another --out directory',
    });
  }
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new FleetpipeError('OutputNotWritable', `${target} exists and is not a directory`, {
      file: target,
      hint: 'remove the file or choose another --out directory',
    });
  }
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const staging = path.join(parent, `.${path.basename(target)}.tmp-${suffix}`);
  const retired = path.join(parent, `.${path.basename(target)}.old-${suffix}`);
  try {
    mkdirSync(staging);
    const made = new Set<string>();
    for (const f of files) {
      const dest = path.join(staging, ...f.key.split('/'));
      const dir = path.dirname(dest);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      if (f.from !== undefined) {
        try {
          linkSync(f.from, dest);
        } catch {
          copyFileSync(f.from, dest);
        }
      } else writeFileSync(dest, f.body ?? '');
    }
    writeFileSync(path.join(staging, ManifestFileName), manifestText);
    const hadTarget = existsSync(target);
    if (hadTarget) renameSync(target, retired);
    try {
      renameSync(staging, target);
    } catch (err) {
      if (hadTarget) renameSync(retired, target);
      throw err;
    }
    if (hadTarget) rmSync(retired, { recursive: true, force: true });
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    if (err instanceof FleetpipeError) throw err;
    throw new FleetpipeError(
      'OutputNotWritable',
      `cannot write the artifact to ${target}: ${(err as Error).message}`,
      {
        file: target,
        hint: 'check permissions and free disk space; the previous artifact was left as it was',
        cause: err,
      },
    );
  }
}
