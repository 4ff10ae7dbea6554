/**
 * The incremental packaging cache, in `<cacheDir>/packages/`: one file per
 * entry, named by what it holds, so a cold build writes one file per function
 * and a lookup needs no metadata file:
 *
 *   <inputHash>-<codeSha256>.zip     the zip; its name records the sha256 of its bytes
 *   <inputHash>-<codeSha256>.json    only for bundles: the files outside the function
 *                                    that the bundle read (ExtraInput[]), checked on a hit
 *
 * The directory is listed once per cache instance. A hit reads the zip and
 * checks it against the sha256 in its name; a zip that does not match (a
 * crash while writing, a disk error, a hand edit) is reported as corrupt and
 * the caller rebuilds it. File counts and sizes come from the zip's own
 * central directory.
 *
 * Entries are never changed in place: a rebuilt entry is unlinked first,
 * because the build hardlinks cache files into the artifact.
 */
import { readdirSync } from 'node:fs';
import { copyFile, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from './package/hash.js';
import { zipStats } from './zip.js';

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

const EntryName = /^([0-9a-f]{64})-([0-9a-f]{64})\.zip$/;

export class PackageCache {
  readonly packagesDir: string;
  /** inputHash → file base name (without extension), from one listing. */
  private listing: Map<string, string> | undefined;

  constructor(readonly dir: string) {
    this.packagesDir = join(dir, 'packages');
  }

  private entries(): Map<string, string> {
    if (!this.listing) {
      this.listing = new Map();
      let names: string[] = [];
      try {
        names = readdirSync(this.packagesDir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      for (const name of names) {
        const m = EntryName.exec(name);
        if (m) this.listing.set(m[1]!, name.slice(0, -'.zip'.length));
      }
    }
    return this.listing;
  }

  async get(inputHash: string): Promise<CacheLookup> {
    const base = this.entries().get(inputHash);
    if (!base) return { status: 'miss' };
    const codeSha256 = base.slice(65);
    const zipPath = join(this.packagesDir, `${base}.zip`);
    let zip: Buffer;
    try {
      zip = await readFile(zipPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        return { status: 'corrupt', reason: 'zip is missing' };
      throw err;
    }
    if (sha256(zip) !== codeSha256) return { status: 'corrupt', reason: 'zip does not match its sha256' };
    const stats = zipStats(zip);
    if (!stats) return { status: 'corrupt', reason: 'zip has no readable central directory' };
    let extraInputs: ExtraInput[] = [];
    try {
      const parsed = parseExtraInputs(await readFile(join(this.packagesDir, `${base}.json`), 'utf8'));
      if (!parsed) return { status: 'corrupt', reason: 'metadata does not parse' };
      extraInputs = parsed;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return {
      status: 'hit',
      entry: { inputHash, codeSha256, zipBytes: zip.length, ...stats, extraInputs },
      zipPath,
    };
  }

  /** The entry a zip would make, and where it would be stored; writes nothing. */
  describe(options: {
    inputHash: string;
    zip: Buffer;
    extraInputs: ExtraInput[];
  }): CacheEntry & { zipPath: string } {
    const codeSha256 = sha256(options.zip);
    return {
      inputHash: options.inputHash,
      codeSha256,
      zipBytes: options.zip.length,
      ...zipStats(options.zip)!,
      extraInputs: options.extraInputs,
      zipPath: join(this.packagesDir, `${options.inputHash}-${codeSha256}.zip`),
    };
  }

  /** Stores a finished zip (and, for bundles, what it read); returns the entry and the zip's path. */
  async put(options: {
    inputHash: string;
    zip: Buffer;
    extraInputs: ExtraInput[];
  }): Promise<CacheEntry & { zipPath: string }> {
    const entry = this.describe(options);
    await this.store(entry, (target) => writeFile(target, options.zip));
    return entry;
  }

  /**
   * Takes a zip that was already written elsewhere (into the artifact) into the
   * cache by hard link, saving a second copy; falls back to copying it.
   */
  async adopt(entry: CacheEntry, file: string): Promise<void> {
    await this.store(entry, (target) => link(file, target).catch(() => copyFile(file, target)));
  }

  private async store(entry: CacheEntry, writeZip: (target: string) => Promise<void>): Promise<void> {
    const base = `${entry.inputHash}-${entry.codeSha256}`;
    await mkdir(this.packagesDir, { recursive: true });
    const previous = this.entries().get(entry.inputHash);
    if (previous) await removeEntry(this.packagesDir, previous);
    // The metadata goes first: a zip whose metadata is missing is taken as a plain zip.
    if (entry.extraInputs.length > 0) {
      await writeFile(join(this.packagesDir, `${base}.json`), `${JSON.stringify(entry.extraInputs)}\n`);
    }
    await writeZip(join(this.packagesDir, `${base}.zip`));
    this.entries().set(entry.inputHash, base);
  }
}

async function removeEntry(dir: string, base: string): Promise<void> {
  for (const ext of ['.zip', '.json']) {
    await unlink(join(dir, `${base}${ext}`)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}

function parseExtraInputs(text: string): ExtraInput[] | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const isHex = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
  if (
    !Array.isArray(raw) ||
    !raw.every((e) => e !== null && typeof e === 'object' && typeof e.path === 'string' && isHex(e.sha256))
  ) {
    return undefined;
  }
  return raw.map((e: ExtraInput) => ({ path: e.path, sha256: e.sha256 }));
}
