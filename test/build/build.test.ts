/**
 * `fleetpipe build` end to end on the example project: the artifact's layout,
 * byte-for-byte reproducibility, atomic replacement, incremental builds, and
 * cfn-lint over every template it writes.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import type { Manifest } from '../../src/build/manifest.js';
import { main } from '../../src/cli/main.js';
import { FleetpipeError } from '../../src/errors.js';
import { lintAll } from '../helpers/cfn-lint.js';
import { captureOutput } from '../helpers/output.js';

const example = path.resolve(import.meta.dirname, '../../examples/config-rules');
const scratch = mkdtempSync(path.join(tmpdir(), 'fleetpipe-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let n = 0;
/** A copy of the example project in a fresh directory (so builds never touch the repo). */
function copyExample(): string {
  const dir = path.join(scratch, `project-${n++}`);
  cpSync(example, dir, {
    recursive: true,
    filter: (src) => !/[/\\](dist|\.fleetpipe|__pycache__)$/.test(src),
  });
  return dir;
}

/** Every file of a directory with its sha256, by relative path. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('fleetpipe build', () => {
  it('writes manifest, templates and content-addressed zips for every function', async () => {
    const project = copyExample();
    const out = path.join(project, 'dist');
    const result = await build({ projectDir: project, outDir: out });
    expect(result.written).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.project).toBe('acme-guardrails');
    expect(manifest.functions.length).toBeGreaterThanOrEqual(4);
    expect(manifest.layout).toBe('flat');
    const files = snapshot(out);
    for (const fn of manifest.functions) {
      expect(fn.code.key).toBe(`functions/${fn.name}/${fn.code.sha256}.zip`);
      expect(files[fn.code.key]).toBe(fn.code.sha256);
      expect(files[fn.template.key]).toBe(fn.template.sha256);
      expect(fn.template.key).toBe(`templates/functions/${fn.name}.${fn.template.sha256}.json`);
    }
    expect(files[manifest.root.key]).toBe(manifest.root.sha256);
    // nothing but what the manifest lists
    const listed = new Set([
      'manifest.json',
      manifest.root.key,
      ...manifest.functions.flatMap((f) => [f.code.key, f.template.key]),
    ]);
    expect(Object.keys(files).sort()).toEqual([...listed].sort());
    // no absolute paths of this machine leak into the artifact
    for (const rel of Object.keys(files).filter((f) => f.endsWith('.json'))) {
      expect(readFileSync(path.join(out, rel), 'utf8')).not.toContain(project);
    }
  });

  it('is byte-identical across rebuilds, cache states and project locations', async () => {
    const a = copyExample();
    const b = copyExample();
    await build({ projectDir: a, outDir: path.join(a, 'dist') });
    const first = snapshot(path.join(a, 'dist'));
    // again, with a cold cache and no previous output
    rmSync(path.join(a, 'dist'), { recursive: true });
    rmSync(path.join(a, '.fleetpipe'), { recursive: true });
    await build({ projectDir: a, outDir: path.join(a, 'dist') });
    expect(snapshot(path.join(a, 'dist'))).toEqual(first);
    // another directory, another cache
    await build({
      projectDir: b,
      outDir: path.join(scratch, 'elsewhere'),
      cacheDir: path.join(scratch, 'cache-b'),
    });
    expect(snapshot(path.join(scratch, 'elsewhere'))).toEqual(first);
  });

  it('leaves an up-to-date artifact alone and takes unchanged functions from the cache', async () => {
    const project = copyExample();
    const out = path.join(project, 'dist');
    const first = await build({ projectDir: project, outDir: out });
    expect(first.functions.every((f) => !f.cached)).toBe(true);
    expect(first).toMatchObject({ mode: 'full', written: true, fromCache: 0 });
    // nothing changed: the fast path reads nothing and writes nothing
    const second = await build({ projectDir: project, outDir: out });
    expect(second).toMatchObject({ mode: 'unchanged', written: false, packaged: 0 });
    expect(second.manifest).toEqual(first.manifest);
    // a touched file: a full build, every function from the cache, the artifact left alone
    const touched = path.join(project, 'functions', 'required-tags', 'index.js');
    utimesSync(touched, new Date(2030, 0, 1), new Date(2030, 0, 1));
    const third = await build({ projectDir: project, outDir: out });
    expect(third).toMatchObject({ mode: 'full', written: false, packaged: 0 });
    expect(third.fromCache).toBe(first.functions.length);
    expect((await build({ projectDir: project, outDir: out })).mode).toBe('unchanged');

    // change one function: only it is re-packaged, and only its keys change
    const fnDir = path.join(project, 'functions', 'compliance-digest');
    writeFileSync(
      path.join(fnDir, 'index.mjs'),
      `${readFileSync(path.join(fnDir, 'index.mjs'), 'utf8')}\n// v2\n`,
    );
    const fourth = await build({ projectDir: project, outDir: out });
    expect(fourth.written).toBe(true);
    const repackaged = fourth.functions.filter((f) => !f.cached).map((f) => f.spec.dirName);
    expect(repackaged).toEqual(['compliance-digest']);
    const before = new Map(first.manifest.functions.map((f) => [f.name, f]));
    for (const fn of fourth.manifest.functions) {
      const old = before.get(fn.name)!;
      if (fn.dir.endsWith('compliance-digest')) expect(fn.code.sha256).not.toBe(old.code.sha256);
      else expect(fn).toEqual(old);
    }
    expect(fourth.manifest.root.sha256).not.toBe(first.manifest.root.sha256);
  });

  it('notices a change the fast path could miss: same mtime, a new root file, a damaged artifact', async () => {
    const project = copyExample();
    const out = path.join(project, 'dist');
    await build({ projectDir: project, outDir: out });
    // content rewritten with its old mtime: ctime still moves
    const file = path.join(project, 'functions', 'compliance-digest', 'index.mjs');
    const { mtime } = statSync(file);
    writeFileSync(file, `${readFileSync(file, 'utf8')}// same mtime\n`);
    utimesSync(file, mtime, mtime);
    const a = await build({ projectDir: project, outDir: out });
    expect(a).toMatchObject({ mode: 'full', written: true, packaged: 1 });
    // a tsconfig.json appears at the project root (bundles read it)
    writeFileSync(path.join(project, 'tsconfig.json'), '{}\n');
    expect((await build({ projectDir: project, outDir: out })).mode).toBe('full');
    // the artifact was damaged or removed: rebuilt from the cache
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    writeFileSync(path.join(out, manifest.functions[0]!.code.key), 'oops');
    const b = await build({ projectDir: project, outDir: out });
    // the artifact's zips are hardlinks into the cache: the damaged one is caught there too and rebuilt
    expect(b).toMatchObject({ mode: 'full', written: true, packaged: 1 });
    expect(readFileSync(path.join(out, manifest.functions[0]!.code.key)).length).toBe(
      manifest.functions[0]!.code.bytes,
    );
    rmSync(out, { recursive: true });
    const c = await build({ projectDir: project, outDir: out });
    expect(c).toMatchObject({ mode: 'full', written: true, packaged: 0 });
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);
  });

  it('adding a directory adds a function and changes no other function', async () => {
    const project = copyExample();
    const out = path.join(project, 'dist');
    const first = await build({ projectDir: project, outDir: out });
    cpSync(
      path.join(project, 'functions', 'compliance-digest'),
      path.join(project, 'functions', 'weekly-digest'),
      {
        recursive: true,
      },
    );
    const second = await build({ projectDir: project, outDir: out });
    expect(second.manifest.functions.length).toBe(first.manifest.functions.length + 1);
    const added = second.manifest.functions.find((f) => f.name === 'acme-guardrails-weekly-digest');
    expect(added).toBeDefined();
    for (const old of first.manifest.functions) {
      expect(second.manifest.functions.find((f) => f.name === old.name)).toEqual(old);
    }
  });

  it('leaves --out untouched when the build fails, and leaves no temporary directories', async () => {
    const project = copyExample();
    const out = path.join(project, 'dist');
    await build({ projectDir: project, outDir: out });
    const before = snapshot(out);
    writeFileSync(
      path.join(project, 'functions', 's3-bucket-encryption', 'index.ts'),
      'export const handler = (;\n',
    );
    const err = await build({ projectDir: project, outDir: out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FleetpipeError);
    expect((err as FleetpipeError).code).toBe('BundleFailed');
    expect((err as FleetpipeError).file).toBe(
      path.join(project, 'functions', 's3-bucket-encryption', 'index.ts'),
    );
    expect((err as FleetpipeError).line).toBe(1);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(project).filter((f) => f.includes('.tmp-') || f.includes('.old-'))).toEqual([]);
  });

  it('replaces a previous artifact completely (no stale files survive)', async () => {
    const project = copyExample();
    const out = path.join(project, 'dist');
    await build({ projectDir: project, outDir: out });
    writeFileSync(path.join(out, 'stale.txt'), 'left over');
    rmSync(path.join(project, 'functions', 'required-tags'), { recursive: true });
    await build({ projectDir: project, outDir: out });
    expect(existsSync(path.join(out, 'stale.txt'))).toBe(false);
    expect(Object.keys(snapshot(out)).some((f) => f.includes('required-tags'))).toBe(false);
  });

  it('prints a machine-readable summary with --json', async () => {
    const project = copyExample();
    const output = captureOutput();
    const code = await main(['node', 'fleetpipe', 'build', project, '--json'], output);
    expect(code).toBe(0);
    const summary = JSON.parse(output.stdout()) as {
      ok: boolean;
      written: boolean;
      layout: string;
      functions: { name: string; code: { sha256: string } }[];
    };
    expect(summary.ok).toBe(true);
    expect(summary.written).toBe(true);
    expect(summary.functions.map((f) => f.name)).toContain('acme-guardrails-s3-bucket-encryption');
    expect(summary.functions.every((f) => /^[0-9a-f]{64}$/.test(f.code.sha256))).toBe(true);
  });

  it('writes templates that cfn-lint passes with no errors or warnings', async () => {
    const project = copyExample();
    const out = path.join(project, 'dist');
    const { manifest } = await build({ projectDir: project, outDir: out });
    const templates = [manifest.root.key, ...manifest.functions.map((f) => f.template.key)].map((k) =>
      path.join(out, k),
    );
    const findings = await lintAll(templates);
    expect(findings.map((f) => `${f.Level} ${f.Rule.Id} ${path.basename(f.Filename)}: ${f.Message}`)).toEqual(
      [],
    );
  });
});
