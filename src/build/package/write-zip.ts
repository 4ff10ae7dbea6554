/**
 * Writes a function's zip into the cache: streamed to a temporary file while
 * its sha256 is computed, then moved into place with its metadata.
 */
import { createHash } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import type { CacheEntry, ExtraInput, PackageCache } from '../cache.js';
import { ZipWriter } from '../zip.js';

export interface ZipSource {
  /** Path inside the zip; sources must come sorted by `comparePaths`. */
  path: string;
  mode: number;
  size: number;
  /** Reads the content when its turn comes, so one file at a time is in memory. */
  read: () => Promise<Uint8Array>;
}

export interface ZipJob {
  inputHash: string;
  extraInputs: ExtraInput[];
  sources: readonly ZipSource[];
}

export async function writeZipToCache(
  cache: PackageCache,
  job: ZipJob,
): Promise<{ entry: CacheEntry; zipPath: string }> {
  const temp = await cache.tempPath(`${job.inputHash}.zip`);
  const hash = createHash('sha256');
  const writer = new ZipWriter();
  let zipBytes = 0;
  const handle = await open(temp, 'w');
  try {
    const write = async (chunk: Uint8Array) => {
      hash.update(chunk);
      zipBytes += chunk.length;
      await handle.write(chunk);
    };
    for (const source of job.sources) {
      const data = await source.read();
      for (const chunk of writer.add({ path: source.path, mode: source.mode, data })) await write(chunk);
    }
    await write(writer.finish());
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  const entry: CacheEntry = {
    inputHash: job.inputHash,
    codeSha256: hash.digest('hex'),
    zipBytes,
    unzippedBytes: job.sources.reduce((n, s) => n + s.size, 0),
    fileCount: job.sources.length,
    extraInputs: job.extraInputs,
  };
  return { entry, zipPath: await cache.put(entry, temp) };
}
