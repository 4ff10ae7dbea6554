import { chmod, link, readFile, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PackageCache } from '../../src/build/cache.js';
import {
  type PackageOptions,
  defaultCacheDir,
  packageFunction,
  projectRootOf,
} from '../../src/build/package.js';
import { sha256 } from '../../src/build/package/hash.js';
import { createZip } from '../../src/build/zip.js';
import type { FunctionSpec } from '../../src/build/types.js';
import { CollectingReporter } from '../../src/reporter.js';
import { makeSpec } from './helpers/spec.js';
import { type TempProject, tempProject, writeTree } from './helpers/tree.js';
import { assertValidZip, inspectZip } from './helpers/zip-inspect.js';

let project: TempProject;
beforeEach(async () => {
  project = await tempProject('fleetpipe-cache-');
});
afterEach(async () => {
  await project.cleanup();
});

const build = (spec: FunctionSpec, opts: Partial<PackageOptions> = {}) =>
  packageFunction(spec, { projectRoot: project.root, ...opts });

describe('incremental packaging', () => {
  let spec: FunctionSpec;
  beforeEach(async () => {
    await writeTree(project.fn('inc'), {
      'index.mjs': 'export const handler = async () => 1;\n',
      'lib/util.mjs': 'export const u = 1;\n',
    });
    spec = makeSpec({ dir: project.fn('inc') });
  });

  it('uses <projectRoot>/.fleetpipe/cache by default and hits it on an unchanged rebuild', async () => {
    const cold = await build(spec);
    expect(cold.packaged.cached).toBe(false);
    expect(cold.zipPath.startsWith(join(defaultCacheDir(project.root), 'packages'))).toBe(true);
    const warm = await build(spec);
    expect(warm.packaged.cached).toBe(true);
    expect(warm.zipPath).toBe(cold.zipPath);
    expect({ ...warm.packaged, cached: false }).toEqual(cold.packaged);
  });

  it('misses when one byte changes, and hits when only the file time changes', async () => {
    const cold = await build(spec);
    await writeFile(join(spec.dir, 'lib/util.mjs'), 'export const u = 2;\n');
    const changed = await build(spec);
    expect(changed.packaged.cached).toBe(false);
    expect(changed.packaged.codeSha256).not.toBe(cold.packaged.codeSha256);
    expect(
      inspectZip(changed.zipPath)
        .find((e) => e.name === 'lib/util.mjs')!
        .content.toString(),
    ).toBe('export const u = 2;\n');

    await utimes(join(spec.dir, 'lib/util.mjs'), 1_000_000, 1_000_000);
    await utimes(
      join(spec.dir, 'index.mjs'),
      new Date('2030-01-01T00:00:00Z'),
      new Date('2030-01-01T00:00:00Z'),
    );
    const touched = await build(spec);
    expect(touched.packaged.cached).toBe(true);
    expect(touched.packaged.codeSha256).toBe(changed.packaged.codeSha256);
  });

  it('misses when a file is added, renamed or made executable', async () => {
    const base = await build(spec);
    await writeFile(join(spec.dir, 'extra.mjs'), 'x');
    const added = await build(spec);
    expect(added.packaged.cached).toBe(false);

    await chmod(join(spec.dir, 'extra.mjs'), 0o755);
    const executable = await build(spec);
    expect(executable.packaged.cached).toBe(false);
    expect(executable.packaged.codeSha256).not.toBe(added.packaged.codeSha256);
    expect(base.packaged.codeSha256).not.toBe(added.packaged.codeSha256);
  });

  it('misses when the runtime or handler changes', async () => {
    await build(spec);
    expect((await build({ ...spec, handler: 'index.other' })).packaged.cached).toBe(false);
    expect((await build({ ...spec, runtime: 'nodejs24.x' })).packaged.cached).toBe(false);
    expect((await build(spec)).packaged.cached).toBe(true);
  });

  it('ignores and rebuilds a corrupt zip, reporting it', async () => {
    const cold = await build(spec);
    const good = await readFile(cold.zipPath);
    const damaged = Buffer.from(good);
    damaged[40] = damaged[40]! ^ 0xff;
    await writeFile(cold.zipPath, damaged);

    const reporter = new CollectingReporter();
    const rebuilt = await build(spec, { reporter });
    expect(rebuilt.packaged.cached).toBe(false);
    expect(reporter.byCode('PackageCacheCorrupt')[0]?.message).toMatch(/zip does not match its sha256/);
    expect((await readFile(rebuilt.zipPath)).equals(good)).toBe(true);
    assertValidZip(rebuilt.zipPath);
    expect((await build(spec)).packaged.cached).toBe(true);
  });

  it('ignores and rebuilds unreadable metadata or a missing zip', async () => {
    const cold = await build(spec);
    const meta = cold.zipPath.replace(/\.zip$/, '.json');
    await writeFile(meta, '{ "truncated": ');
    expect((await build(spec)).packaged.cached).toBe(false);

    await writeFile(cold.zipPath, '');
    const reporter = new CollectingReporter();
    expect((await build(spec, { reporter })).packaged.cached).toBe(false);
    expect(reporter.byCode('PackageCacheCorrupt')).toHaveLength(1);
  });

  it('leaves no temporary files behind', async () => {
    await build(spec);
    await writeFile(join(spec.dir, 'index.mjs'), 'changed');
    await build(spec);
    const names = await readdir(join(defaultCacheDir(project.root), 'packages'));
    expect(names.filter((n) => n.startsWith('.tmp'))).toEqual([]);
    expect(names.filter((n) => n.endsWith('.zip'))).toHaveLength(2);
    expect(names.filter((n) => n.endsWith('.json'))).toHaveLength(0);
  });

  it('finds the project root from the spec when none is given', async () => {
    const out = await packageFunction(spec);
    expect(out.zipPath.startsWith(join(project.root, '.fleetpipe', 'cache', 'packages'))).toBe(true);
    expect(projectRootOf({ dir: '/p/functions/x', relDir: 'functions/x' })).toBe('/p');
    expect(projectRootOf({ dir: '/p/x', relDir: 'x' })).toBe('/p');
  });

  it('honours a configured cache directory', async () => {
    const cacheDir = join(project.root, 'elsewhere');
    const out = await build(spec, { cacheDir });
    expect(out.zipPath.startsWith(join(cacheDir, 'packages'))).toBe(true);
    expect((await build(spec, { cacheDir })).packaged.cached).toBe(true);
    expect((await build(spec)).packaged.cached).toBe(false);
  });
});

describe('incremental bundling', () => {
  let spec: FunctionSpec;
  beforeEach(async () => {
    await writeTree(project.root, {
      'functions/shared/util.ts': 'export const shared = 1;\n',
      'functions/ts/index.ts':
        "import { shared } from '../shared/util';\nexport const handler = async () => shared;\n",
      'functions/ts/node_modules/dep/package.json': '{"name":"dep","main":"index.js"}',
      'functions/ts/node_modules/dep/index.js': 'module.exports = 1;\n',
    });
    spec = makeSpec({ dir: project.fn('ts'), packaging: 'node-bundle', entry: 'index.ts' });
  });

  it('hits when nothing changed, misses when an imported file outside the directory changes', async () => {
    const cold = await build(spec);
    expect((await build(spec)).packaged.cached).toBe(true);

    await writeFile(join(project.root, 'functions/shared/util.ts'), 'export const shared = 2;\n');
    const changed = await build(spec);
    expect(changed.packaged.cached).toBe(false);
    expect(changed.packaged.codeSha256).not.toBe(cold.packaged.codeSha256);
    expect(inspectZip(changed.zipPath)[0]!.content.toString()).toContain('shared = 2');
    expect((await build(spec)).packaged.cached).toBe(true);
  });

  it('misses when a bundled dependency in node_modules changes', async () => {
    await writeFile(
      join(spec.dir, 'index.ts'),
      "import dep from 'dep';\nexport const handler = async () => dep;\n",
    );
    await build(spec);
    await writeFile(join(spec.dir, 'node_modules/dep/index.js'), 'module.exports = 2;\n');
    expect((await build(spec)).packaged.cached).toBe(false);
  });

  it('misses when a tsconfig.json above the function changes', async () => {
    await writeTree(project.root, { 'tsconfig.json': '{}' });
    await build(spec);
    expect((await build(spec)).packaged.cached).toBe(true);
    await writeFile(join(project.root, 'tsconfig.json'), '{ "compilerOptions": { "target": "es2022" } }');
    expect((await build(spec)).packaged.cached).toBe(false);
  });
});

describe('PackageCache', () => {
  const zip = createZip([{ path: 'index.mjs', mode: 0o644, data: Buffer.from('export const handler = 1;') }]);

  it('stores an entry under its input hash and sha256, and finds it again, verifying the bytes', async () => {
    const cache = new PackageCache(join(project.root, 'c'));
    const inputHash = sha256('inputs');
    expect(await cache.get(inputHash)).toEqual({ status: 'miss' });
    const extraInputs = [{ path: '../shared/a.ts', sha256: sha256('a') }];
    const stored = await cache.put({ inputHash, zip, extraInputs });
    expect(stored.zipPath).toBe(join(cache.packagesDir, `${inputHash}-${sha256(zip)}.zip`));
    const entry = {
      inputHash,
      codeSha256: sha256(zip),
      zipBytes: zip.length,
      unzippedBytes: 'export const handler = 1;'.length,
      fileCount: 1,
      extraInputs,
    };
    expect(await cache.get(inputHash)).toEqual({ status: 'hit', entry, zipPath: stored.zipPath });
    // a fresh instance finds it from the directory listing alone
    expect(await new PackageCache(join(project.root, 'c')).get(inputHash)).toEqual({
      status: 'hit',
      entry,
      zipPath: stored.zipPath,
    });

    const damaged = Buffer.from(zip);
    damaged[10] = damaged[10]! ^ 0xff;
    await writeFile(stored.zipPath, damaged);
    expect(await cache.get(inputHash)).toEqual({
      status: 'corrupt',
      reason: 'zip does not match its sha256',
    });
  });

  it('replaces an entry by unlinking it, never writing into a file the artifact may link to', async () => {
    const cache = new PackageCache(join(project.root, 'c'));
    const inputHash = sha256('inputs');
    const first = await cache.put({ inputHash, zip, extraInputs: [] });
    const linked = join(project.root, 'artifact.zip');
    await link(first.zipPath, linked);
    await writeFile(linked, 'garbage'); // same inode: the cache entry is now corrupt too
    expect((await cache.get(inputHash)).status).toBe('corrupt');
    const second = await cache.put({ inputHash, zip, extraInputs: [] });
    expect(second.zipPath).toBe(first.zipPath);
    expect((await readFile(second.zipPath)).equals(zip)).toBe(true);
    expect(await readFile(linked, 'utf8')).toBe('garbage');
    expect((await stat(second.zipPath)).ino).not.toBe((await stat(linked)).ino);
  });

  it('treats unreadable bundle metadata as corrupt', async () => {
    const cache = new PackageCache(join(project.root, 'c'));
    const inputHash = sha256('one');
    const stored = await cache.put({ inputHash, zip, extraInputs: [{ path: 'x', sha256: sha256('x') }] });
    await writeFile(stored.zipPath.replace(/\.zip$/, '.json'), '[{"path":');
    expect(await cache.get(inputHash)).toEqual({ status: 'corrupt', reason: 'metadata does not parse' });
  });
});
