/**
 * The rules of the house that a grep can check: the local cloud is an AWS, not
 * part of fleetpipe's logic; only the CLI (and tests) start it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : name.endsWith('.ts') ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) =>
    path.resolve(path.dirname(file), m[1]!),
  );
}

describe('module boundaries', () => {
  const localCloud = path.join(src, 'local-cloud');

  it('the local cloud imports nothing from the rest of fleetpipe', () => {
    const files = sources(localCloud);
    expect(files.length).toBeGreaterThan(50);
    const escapes = files.flatMap((f) =>
      relativeImports(f)
        .filter((target) => !target.startsWith(localCloud + path.sep))
        .map((target) => `${path.relative(src, f)} → ${path.relative(src, target)}`),
    );
    expect(escapes).toEqual([]);
  });

  it('nothing but the CLI imports the local cloud', () => {
    const outside = sources(src).filter((f) => !f.startsWith(localCloud + path.sep));
    const offenders = outside
      .filter((f) => !f.startsWith(path.join(src, 'cli') + path.sep))
      .filter((f) => relativeImports(f).some((t) => t.startsWith(localCloud + path.sep) || t === localCloud));
    expect(offenders.map((f) => path.relative(src, f))).toEqual([]);
  });

  it('the build core does no network I/O', () => {
    const build = sources(path.join(src, 'build'));
    const network = build.filter((f) =>
      /from 'node:(http|https|net|dgram|tls)'/.test(readFileSync(f, 'utf8')),
    );
    expect(network.map((f) => path.relative(src, f))).toEqual([]);
  });
});
