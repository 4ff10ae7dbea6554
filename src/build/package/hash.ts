/**
 * sha256 of files and bytes, lowercase hex.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';

/**
 * Small files are read synchronously: a warm build reads thousands of them,
 * and one blocking read of a few KB costs far less than the thread-pool round
 * trips of an async one.
 */
const READ_SYNC_UP_TO_BYTES = 64 * 1024;
/** Files above this size are hashed as a stream instead of read whole. */
const STREAM_ABOVE_BYTES = 8 * 1024 * 1024;

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Like sha256File, and keeps the bytes of small files (so packaging need not read them again). */
export async function hashAndKeepSmall(
  path: string,
  size: number,
): Promise<{ sha256: string; content?: Buffer }> {
  if (size <= READ_SYNC_UP_TO_BYTES) {
    const content = readFileSync(path);
    return { sha256: sha256(content), content };
  }
  return { sha256: await sha256File(path, size) };
}

export async function sha256File(path: string, size?: number): Promise<string> {
  const bytes = size ?? (await stat(path)).size;
  if (bytes <= READ_SYNC_UP_TO_BYTES) return sha256(readFileSync(path));
  if (bytes <= STREAM_ABOVE_BYTES) return sha256(await readFile(path));
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
