/**
 * The key of the incremental cache: a hash of everything that decides a
 * function's zip bytes (pure). File times are not part of it, so touching a
 * file does not rebuild; one changed byte does.
 */
import type { PackagingKind } from '../types.js';
import { sha256 } from './hash.js';

/**
 * Bump when the packager's output for the same inputs changes (zip layout,
 * exclusion rules, node_modules rule, esbuild options): every cache entry is
 * then rebuilt.
 */
export const PACKAGER_VERSION = '1';

export interface HashedFile {
  /** Path inside the zip (or, for context files, relative to the function directory). */
  path: string;
  /** Normalized mode, 0o644 or 0o755. */
  mode: number;
  sha256: string;
}

export interface InputHashParts {
  packaging: PackagingKind;
  runtime: string;
  handler: string;
  entry: string;
  /** `esbuild@<version>` for bundled functions. */
  bundler?: string;
  /** The files that go into the zip (or into the bundle), sorted by path. */
  files: readonly HashedFile[];
  /** Files outside the zip that change its bytes (e.g. tsconfig.json above a bundled function). */
  context?: readonly HashedFile[];
}

export function computeInputHash(parts: InputHashParts): string {
  const canonical = JSON.stringify([
    'fleetpipe-package',
    PACKAGER_VERSION,
    parts.packaging,
    parts.runtime,
    parts.handler,
    parts.entry,
    parts.bundler ?? null,
    parts.files.map((f) => [f.path, f.mode, f.sha256]),
    (parts.context ?? []).map((f) => [f.path, f.mode, f.sha256]),
  ]);
  return sha256(canonical);
}
