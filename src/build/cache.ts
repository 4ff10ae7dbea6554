/**
 * The incremental packaging cache: one zip and one small JSON file per input
 * hash, in `<cacheDir>/packages/`.
 *
 *   <inputHash>.zip    the zip bytes
 *   <inputHash>.json   CacheEntry (written after the zip: its presence completes the entry)
 *
 * Every write goes to a temporary file first and is renamed into place, so a
 * crash never leaves a half-written entry under its final name. A lookup
 * checks the zip against the sha256 in the metadata; an entry that does not
 * match (or does not parse) is reported as corrupt and the caller rebuilds it.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from './package/hash.js';

const CACHE_FORMAT = 1;

/** A file outside the zip's input hash that the cached zip depends on (bundled imports). */
export interface ExtraInput {
  /** Path relative to the function directory, `/` separators (may start with `../`). */
  path: string;
  sha256: string;
}

export interface CacheEntry {
  inputHash: string;
  codeSha256: string;
  zipBytes: number;
  unzippedBytes: number;
  fileCount: number;
  extraInputs: ExtraInput[];
}

export type CacheLookup =
  | { status: 'hit'; entry: CacheEntry; zipPath: string }
  | { status: 'miss' }
  | { status: 'corrupt'; reason: string };

let tempCounter = 0;

export class PackageCache {
  readonly packagesDir: string;

  constructor(readonly dir: string) {
    this.packagesDir = join(dir, 'packages');
  }

  zipPath(inputHash: string): string {
    return join(this.packagesDir, `${inputHash}.zip`);
  }

  private metaPath(inputHash: string): string {
    return join(this.packagesDir, `${inputHash}.json`);
  }

  async get(inputHash: string): Promise<CacheLookup> {
    let text: string;
    try {
      text = await readFile(this.metaPath(inputHash), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'miss' };
      throw err;
    }
    const entry = parseEntry(text, inputHash);
    if (!entry) return { status: 'corrupt', reason: 'metadata does not parse' };
    const zipPath = this.zipPath(inputHash);
    let actual: string;
    try {
      actual = await sha256File(zipPath, entry.zipBytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return { status: 'corrupt', reason: 'zip is missing' };
      throw err;
    }
    if (actual !== entry.codeSha256) return { status: 'corrupt', reason: 'zip does not match its sha256' };
    return { status: 'hit', entry, zipPath };
  }

  /** A fresh temporary path inside the cache, on the same file system as the entries. */
  async tempPath(label: string): Promise<string> {
    await mkdir(this.packagesDir, { recursive: true });
    tempCounter += 1;
    return join(this.packagesDir, `.tmp-${process.pid}-${tempCounter}-${label}`);
  }

  /** Moves a finished zip (written at a `tempPath`) into place and records its metadata. */
  async put(entry: CacheEntry, zipTempPath: string): Promise<string> {
    const zipPath = this.zipPath(entry.inputHash);
    await rename(zipTempPath, zipPath);
    const metaTemp = await this.tempPath(`${entry.inputHash}.json`);
    try {
      await writeFile(metaTemp, `${JSON.stringify({ format: CACHE_FORMAT, ...entry }, null, 2)}\n`);
      await rename(metaTemp, this.metaPath(entry.inputHash));
    } catch (err) {
      await rm(metaTemp, { force: true });
      throw err;
    }
    return zipPath;
  }
}

function parseEntry(text: string, inputHash: string): CacheEntry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const isHex = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
  const isCount = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  const extra = r['extraInputs'];
  const extraOk =
    Array.isArray(extra) &&
    extra.every((e) => e !== null && typeof e === 'object' && typeof e.path === 'string' && isHex(e.sha256));
  if (
    r['format'] !== CACHE_FORMAT ||
    r['inputHash'] !== inputHash ||
    !isHex(r['codeSha256']) ||
    !isCount(r['zipBytes']) ||
    !isCount(r['unzippedBytes']) ||
    !isCount(r['fileCount']) ||
    !extraOk
  ) {
    return undefined;
  }
  return {
    inputHash,
    codeSha256: r['codeSha256'] as string,
    zipBytes: r['zipBytes'] as number,
    unzippedBytes: r['unzippedBytes'] as number,
    fileCount: r['fileCount'] as number,
    extraInputs: (extra as ExtraInput[]).map((e) => ({ path: e.path, sha256: e.sha256 })),
  };
}
