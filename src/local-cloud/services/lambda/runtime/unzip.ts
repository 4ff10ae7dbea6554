/**
 * Unpacks a function's deployment package into an empty directory, safely: entries that would land
 * outside it (absolute paths, `..`, drive letters) reject the whole archive, symbolic links are never
 * created (they are skipped and listed), existing files are never overwritten, and the total unzipped
 * size is checked against Lambda's limit before anything is written. Unix permission bits are kept
 * (directories stay at least owner-rwx, so the tree can be removed again).
 */
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { AwsError } from '../../../http/index.js';
import { readEntryData, readZipEntries, ZipFormatError } from './zip-reader.js';

/** Lambda's limit on a function's unzipped code, bytes. */
export const UNZIPPED_SIZE_LIMIT = 262_144_000;

export interface UnpackResult {
  files: number;
  directories: number;
  bytes: number;
  /** Symbolic-link entries, not created. */
  skippedSymlinks: string[];
}

/** The entry's path split into safe segments, or a `ZipFormatError`. Pure. */
export function safeEntrySegments(name: string): string[] {
  const normalized = name.replaceAll('\\', '/');
  if (normalized.includes('\0')) throw new ZipFormatError(`entry name ${JSON.stringify(name)} contains NUL`);
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) {
    throw new ZipFormatError(`entry ${name} has an absolute path`);
  }
  const segments = normalized.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw new ZipFormatError(`entry ${name} points outside the target directory`);
  return segments;
}

async function ensureEmpty(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  if ((await readdir(dir)).length > 0)
    throw new Error(`unpackZip: ${dir} is not empty; unpack into a new directory.`);
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

export async function unpackZip(
  zip: Buffer,
  targetDir: string,
  options: { maxUnzippedBytes?: number } = {},
): Promise<UnpackResult> {
  const limit = options.maxUnzippedBytes ?? UNZIPPED_SIZE_LIMIT;
  const entries = readZipEntries(zip).map((entry) => ({ entry, segments: safeEntrySegments(entry.name) }));
  const declared = entries.reduce((sum, { entry }) => sum + entry.uncompressedSize, 0);
  if (declared > limit) {
    throw new AwsError('InvalidParameterValueException', `Unzipped size must be smaller than ${limit} bytes`);
  }
  await ensureEmpty(targetDir);
  const result: UnpackResult = { files: 0, directories: 0, bytes: 0, skippedSymlinks: [] };
  const directoryModes: { path: string; mode: number }[] = [];
  for (const { entry, segments } of entries) {
    if (segments.length === 0) continue;
    const target = join(targetDir, ...segments);
    if (!inside(targetDir, target))
      throw new ZipFormatError(`entry ${entry.name} points outside the target directory`);
    if (entry.isSymlink) {
      result.skippedSymlinks.push(entry.name);
      continue;
    }
    const permissions = entry.unixMode === undefined ? undefined : entry.unixMode & 0o777;
    try {
      if (entry.isDirectory) {
        await mkdir(target, { recursive: true });
        result.directories += 1;
        directoryModes.push({ path: target, mode: (permissions ?? 0o755) | 0o700 });
        continue;
      }
      const data = readEntryData(zip, entry);
      await mkdir(join(targetDir, ...segments.slice(0, -1)), { recursive: true });
      await writeFile(target, data, { flag: 'wx' });
      await chmod(target, permissions ?? 0o644);
      result.files += 1;
      result.bytes += data.length;
    } catch (err) {
      if (err instanceof ZipFormatError) throw err;
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') {
        throw new ZipFormatError(`entry ${entry.name} clashes with another entry`);
      }
      throw err;
    }
  }
  // Deepest first, after every file is written (a read-only directory would block its children).
  directoryModes.sort((a, b) => b.path.length - a.path.length);
  for (const { path, mode } of directoryModes) await chmod(path, mode);
  return result;
}
