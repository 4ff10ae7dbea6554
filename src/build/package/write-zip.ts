/**
 * Builds a function's zip in memory, one source file at a time, and stores it
 * in the cache under its input hash and its own sha256.
 */
import type { CacheEntry, ExtraInput, PackageCache } from '../cache.js';
import { ZipWriter } from '../zip.js';

export interface ZipSource {
  /** Path inside the zip; sources must come sorted by `comparePaths`. */
  path: string;
  mode: number;
  size: number;
  /** Reads the content when its turn comes. */
  read: () => Promise<Uint8Array>;
}

export interface ZipJob {
  inputHash: string;
  extraInputs: ExtraInput[];
  sources: readonly ZipSource[];
  /** Return the zip instead of writing it; the build writes it into the artifact and then adopts it. */
  defer?: boolean;
}

export async function writeZipToCache(
  cache: PackageCache,
  job: ZipJob,
): Promise<{ entry: CacheEntry; zipPath: string; zip?: Buffer }> {
  const writer = new ZipWriter();
  const chunks: Buffer[] = [];
  for (const source of job.sources) {
    const data = await source.read();
    chunks.push(...writer.add({ path: source.path, mode: source.mode, data }));
  }
  chunks.push(writer.finish());
  const zip = Buffer.concat(chunks);
  const request = { inputHash: job.inputHash, zip, extraInputs: job.extraInputs };
  if (job.defer) {
    const { zipPath, ...entry } = cache.describe(request);
    return { entry, zipPath, zip };
  }
  const { zipPath, ...entry } = await cache.put(request);
  return { entry, zipPath };
}
