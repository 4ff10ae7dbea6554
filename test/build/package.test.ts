import { execFileSync } from 'node:child_process';
import { readFile, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { codeKeyFor, packageFunction, packageFunctions } from '../../src/build/package.js';
import { sha256 } from '../../src/build/package/hash.js';
import { FleetpipeError } from '../../src/errors.js';
import { CollectingReporter } from '../../src/reporter.js';
import { makeSpec } from './helpers/spec.js';
import { type TempProject, tempProject, writeTree } from './helpers/tree.js';
import { assertValidZip, inspectZip, zipNames } from './helpers/zip-inspect.js';

// Records every path the packager opens for reading, to prove that size
// limits are checked from `stat` before any content is read.
const opened = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    readFile: ((path: unknown, ...rest: unknown[]) => {
      opened.push(String(path));
      return (actual.readFile as (...args: unknown[]) => unknown)(path, ...rest);
    }) as typeof actual.readFile,
  };
});
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    createReadStream: ((path: unknown, ...rest: unknown[]) => {
      opened.push(String(path));
      return (actual.createReadStream as (...args: unknown[]) => unknown)(path, ...rest);
    }) as typeof actual.createReadStream,
    readFileSync: ((path: unknown, ...rest: unknown[]) => {
      opened.push(String(path));
      return (actual.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
    }) as typeof actual.readFileSync,
  };
});

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const MB = 1024 * 1024;

let project: TempProject;
beforeEach(async () => {
  project = await tempProject();
  opened.length = 0;
});
afterEach(async () => {
  await project.cleanup();
});

async function build(
  name: string,
  overrides: Parameters<typeof makeSpec>[0] | undefined = undefined,
  opts = {},
) {
  const spec = makeSpec(overrides ?? { dir: project.fn(name) });
  return packageFunction(spec, { projectRoot: project.root, ...opts });
}

async function caught(promise: Promise<unknown>): Promise<FleetpipeError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(FleetpipeError);
    return err as FleetpipeError;
  }
  throw new Error('expected a FleetpipeError');
}

describe('packageFunction: what goes in', () => {
  it('leaves out tests, function.yaml, dotfiles, __pycache__ and *.pyc', async () => {
    await writeTree(project.fn('hello'), {
      'index.mjs': 'export const handler = async () => 1;\n',
      'README.md': 'readme',
      'function.yaml': 'memorySize: 256\n',
      'sub/function.yaml': 'kept: only the top-level one is config\n',
      'index.test.mjs': 'test',
      'lib/util.mjs': 'export const u = 1;\n',
      'lib/util.test.ts': 'test',
      '__tests__/a.mjs': 'test',
      'tests/b.mjs': 'test',
      'lib/test/c.mjs': 'test',
      '.eslintrc': '{}',
      '.git/config': 'x',
      'lib/.hidden/x.mjs': 'x',
      '__pycache__/x.pyc': 'x',
      'tool.pyc': 'x',
    });
    const { packaged, zipPath } = await build('hello');
    assertValidZip(zipPath);
    expect(zipNames(zipPath)).toEqual(['README.md', 'index.mjs', 'lib/util.mjs', 'sub/function.yaml']);
    expect(packaged.fileCount).toBe(4);
    expect(packaged.unzippedBytes).toBe(6 + 38 + 20 + 39);
  });

  it('orders entries by path with "/" separators, by code unit', async () => {
    await writeTree(project.fn('order'), {
      'b.mjs': 'b',
      'a/b.mjs': 'ab',
      'a-b.mjs': 'a-b',
      'B.mjs': 'B',
      'a/A/z.mjs': 'z',
      'index.mjs': 'i',
    });
    const { zipPath } = await build('order');
    expect(zipNames(zipPath)).toEqual(['B.mjs', 'a-b.mjs', 'a/A/z.mjs', 'a/b.mjs', 'b.mjs', 'index.mjs']);
  });

  it('keeps only production node_modules: reachable from "dependencies", Node lookup order', async () => {
    await writeTree(project.fn('deps'), {
      'index.mjs': 'export const handler = async () => 1;\n',
      'package.json': JSON.stringify({
        dependencies: { a: '1', '@scope/pkg': '1', '@aws-sdk/client-s3': '3' },
        optionalDependencies: { 'not-installed-optional': '1' },
        devDependencies: { devonly: '1' },
      }),
      'node_modules/.package-lock.json': '{}',
      'node_modules/a/package.json': JSON.stringify({ dependencies: { b: '2' } }),
      'node_modules/a/index.js': 'a',
      'node_modules/a/README.md': 'a',
      'node_modules/a/test/a.test.js': 'test',
      'node_modules/a/node_modules/b/package.json': JSON.stringify({ dependencies: { c: '1' } }),
      'node_modules/a/node_modules/b/index.js': 'b2',
      'node_modules/b/package.json': '{}',
      'node_modules/b/index.js': 'b1: only a devDependency would need this one',
      'node_modules/c/package.json': '{}',
      'node_modules/c/index.js': 'c',
      'node_modules/@scope/pkg/package.json': '{}',
      'node_modules/@scope/pkg/index.js': 'scoped',
      'node_modules/devonly/package.json': JSON.stringify({ dependencies: { b: '1' } }),
      'node_modules/devonly/index.js': 'dev',
    });
    const { zipPath } = await build('deps');
    assertValidZip(zipPath);
    expect(zipNames(zipPath)).toEqual([
      'index.mjs',
      'node_modules/@scope/pkg/index.js',
      'node_modules/@scope/pkg/package.json',
      'node_modules/a/README.md',
      'node_modules/a/index.js',
      'node_modules/a/node_modules/b/index.js',
      'node_modules/a/node_modules/b/package.json',
      'node_modules/a/package.json',
      'node_modules/c/index.js',
      'node_modules/c/package.json',
      'package.json',
    ]);
  });

  it('includes node_modules as it is when there is no package.json', async () => {
    await writeTree(project.fn('nopkg'), {
      'index.mjs': 'x',
      'node_modules/.bin/tool': 'x',
      'node_modules/x/index.js': 'x',
      'node_modules/y/lib/y.js': 'y',
    });
    const { zipPath } = await build('nopkg');
    expect(zipNames(zipPath)).toEqual(['index.mjs', 'node_modules/x/index.js', 'node_modules/y/lib/y.js']);
  });

  it('fails with DependencyNotInstalled for a required dependency that is missing', async () => {
    await writeTree(project.fn('missing'), {
      'index.mjs': 'x',
      'package.json': JSON.stringify({ dependencies: { 'left-pad': '1' } }),
    });
    const err = await caught(build('missing'));
    expect(err.code).toBe('DependencyNotInstalled');
    expect(err.message).toContain('"left-pad"');
    expect(err.file).toBe(join(project.root, 'functions/missing/package.json'));
    expect(err.hint).toContain('npm ci --omit=dev');
  });

  it('fails with InvalidPackageJson naming the file', async () => {
    await writeTree(project.fn('badjson'), { 'index.mjs': 'x', 'package.json': '{ nope' });
    const err = await caught(build('badjson'));
    expect(err.code).toBe('InvalidPackageJson');
    expect(err.file).toBe(join(project.root, 'functions/badjson/package.json'));
  });

  it('packages a Python function with its vendored packages', async () => {
    await writeTree(project.fn('py'), {
      'handler.py': 'import requests\ndef handler(event, context):\n    return 1\n',
      'requirements.txt': 'requests\n',
      'requests/__init__.py': '',
      'requests/api.py': 'def get(): pass\n',
      'requests/__pycache__/api.cpython-313.pyc': 'x',
      'requests/__pycache__/CACHEDIR.TAG': 'x',
      'requests/tests/test_api.py': 'x',
      'test_handler.py': 'x',
      'handler_test.py': 'x',
      'vendor/six.py': 'six',
      'vendor/six.pyc': 'x',
      'function.yaml': 'x',
      '.venv/lib/x.py': 'x',
    });
    const spec = makeSpec({
      dir: project.fn('py'),
      runtime: 'python3.13',
      family: 'python',
      handler: 'handler.handler',
      entry: 'handler.py',
      packaging: 'python',
    });
    const { zipPath } = await packageFunction(spec, { projectRoot: project.root });
    assertValidZip(zipPath);
    expect(zipNames(zipPath)).toEqual([
      'handler.py',
      'requests/__init__.py',
      'requests/api.py',
      'requirements.txt',
      'vendor/six.py',
    ]);
  });

  it('gives files the owner may execute mode 0755, all others 0644', async () => {
    await writeTree(project.fn('modes'), {
      'index.mjs': { content: 'x', mode: 0o600 },
      'bin/tool': { content: '#!/bin/sh\n', mode: 0o700 },
      'data.json': { content: '{}', mode: 0o666 },
    });
    const { zipPath } = await build('modes');
    const modes = Object.fromEntries(inspectZip(zipPath).map((e) => [e.name, e.mode]));
    expect(modes).toEqual({ 'bin/tool': 0o100755, 'data.json': 0o100644, 'index.mjs': 0o100644 });
  });
});

describe('packageFunction: symlinks', () => {
  it('follows a symlinked file inside the function directory', async () => {
    await writeTree(project.fn('links'), {
      'index.mjs': 'export const handler = 1;\n',
      'shared/config.json': '{"a":1}',
      'config.json': { symlink: 'shared/config.json' },
      alias: { symlink: 'shared' },
    });
    const { zipPath } = await build('links');
    const entries = inspectZip(zipPath);
    expect(entries.map((e) => e.name)).toEqual([
      'alias/config.json',
      'config.json',
      'index.mjs',
      'shared/config.json',
    ]);
    expect(entries.find((e) => e.name === 'config.json')!.content.toString()).toBe('{"a":1}');
  });

  it('fails with SymlinkLoop for a directory link back into itself', async () => {
    await writeTree(project.fn('loop'), { 'index.mjs': 'x', 'a/b/up': { symlink: '..' } });
    const err = await caught(build('loop'));
    expect(err.code).toBe('SymlinkLoop');
    expect(err.message).toContain('functions/loop/a/b/up');
    expect(err.file).toBe(join(project.root, 'functions/loop/a/b/up'));
  });

  it('fails with SymlinkLoop for a chain of links that never ends', async () => {
    await writeTree(project.fn('chain'), {
      'index.mjs': 'x',
      one: { symlink: 'two' },
      two: { symlink: 'one' },
    });
    const err = await caught(build('chain'));
    expect(err.code).toBe('SymlinkLoop');
    expect(err.message).toContain('functions/chain/one');
  });

  it('fails with SymlinkOutsideFunction for a link leaving the function directory', async () => {
    await writeTree(project.root, { 'secrets.txt': 'do not ship' });
    await writeTree(project.fn('outside'), {
      'index.mjs': 'x',
      'lib/secrets.txt': { symlink: '../../../secrets.txt' },
    });
    const err = await caught(build('outside'));
    expect(err.code).toBe('SymlinkOutsideFunction');
    expect(err.message).toContain('functions/outside/lib/secrets.txt');
    expect(err.hint).toMatch(/Copy the file into the function directory/);
  });

  it('fails with SymlinkLoop for a link inside a package back to the function directory', async () => {
    await writeTree(project.fn('pkgloop'), {
      'index.mjs': 'x',
      'package.json': JSON.stringify({ dependencies: { a: '1' } }),
      'node_modules/a/package.json': '{}',
      'node_modules/a/self': { symlink: '../..' },
    });
    const err = await caught(build('pkgloop'));
    expect(err.code).toBe('SymlinkLoop');
    expect(err.file).toBe(join(project.root, 'functions/pkgloop/node_modules/a/self'));
  });

  it('fails with SymlinkOutsideFunction for a linked package (npm link)', async () => {
    await writeTree(project.root, { 'packages/lib/package.json': '{}', 'packages/lib/index.js': 'x' });
    await writeTree(project.fn('linked'), {
      'index.mjs': 'x',
      'package.json': JSON.stringify({ dependencies: { lib: '1' } }),
      'node_modules/lib': { symlink: '../../../packages/lib' },
    });
    const err = await caught(build('linked'));
    expect(err.code).toBe('SymlinkOutsideFunction');
    expect(err.file).toBe(join(project.root, 'functions/linked/node_modules/lib'));
  });

  it('fails with SymlinkBroken for a link to nothing', async () => {
    await writeTree(project.fn('broken'), { 'index.mjs': 'x', gone: { symlink: 'nowhere' } });
    expect((await caught(build('broken'))).code).toBe('SymlinkBroken');
  });

  it('ignores a dot-named link wherever it points', async () => {
    await writeTree(project.fn('dotlink'), { 'index.mjs': 'x' });
    await symlink('/', join(project.fn('dotlink'), '.venv'));
    const { zipPath } = await build('dotlink');
    expect(zipNames(zipPath)).toEqual(['index.mjs']);
  });
});

describe('packageFunction: reproducible bytes', () => {
  const files = {
    'index.mjs': 'export const handler = async () => ({ ok: true });\n'.repeat(20),
    'lib/a.mjs': 'export const a = 1;\n',
    'run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o755 },
  };

  it('is identical across builds, cache directories and file times', async () => {
    await writeTree(project.fn('repro'), files);
    const first = await build('repro', undefined, { cacheDir: join(project.root, 'cache-1') });
    const firstBytes = await readFile(first.zipPath);

    await utimes(
      join(project.fn('repro'), 'index.mjs'),
      new Date('2001-02-03T04:05:06Z'),
      new Date('2001-02-03T04:05:06Z'),
    );
    await utimes(join(project.fn('repro'), 'lib/a.mjs'), 1, 1);
    const second = await build('repro', undefined, { cacheDir: join(project.root, 'cache-2') });

    expect(second.packaged.cached).toBe(false);
    expect((await readFile(second.zipPath)).equals(firstBytes)).toBe(true);
    expect(second.packaged.codeSha256).toBe(first.packaged.codeSha256);
    expect(first.packaged.codeSha256).toBe(sha256(firstBytes));
    expect(first.packaged.codeKey).toBe(`functions/demo-repro/${first.packaged.codeSha256}.zip`);
    expect(first.packaged.zipBytes).toBe(firstBytes.length);
  });

  it('is identical in different timezones (separate processes)', async () => {
    await writeTree(project.fn('tz'), files);
    const script = join(project.root, 'package-in-child.mts');
    await writeFile(
      script,
      [
        `import { packageFunction } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'src/build/package.ts')).href)};`,
        `import { makeSpec } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'test/build/helpers/spec.ts')).href)};`,
        `const [dir, projectRoot, cacheDir] = process.argv.slice(2);`,
        `const out = await packageFunction(makeSpec({ dir }), { projectRoot, cacheDir });`,
        `process.stdout.write(JSON.stringify({ sha: out.packaged.codeSha256, cached: out.packaged.cached, tz: new Date(0).getTimezoneOffset() }));`,
      ].join('\n'),
    );
    const runIn = (tz: string) =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [
            '--import',
            'tsx',
            script,
            project.fn('tz'),
            project.root,
            join(project.root, `cache-${tz.replace('/', '-')}`),
          ],
          { cwd: repoRoot, env: { ...process.env, TZ: tz }, encoding: 'utf8' },
        ),
      ) as { sha: string; cached: boolean; tz: number };
    const tokyo = runIn('Asia/Tokyo');
    const utc = runIn('UTC');
    expect(tokyo.tz).toBe(-540);
    expect(utc.tz).toBe(0);
    expect(tokyo.cached).toBe(false);
    expect(utc.cached).toBe(false);
    expect(tokyo.sha).toBe(utc.sha);
    const here = await build('tz');
    expect(here.packaged.codeSha256).toBe(utc.sha);
  });
});

describe('packageFunction: size limits', () => {
  it('fails with PackageTooLarge naming the directory, size, limit and largest parts', async () => {
    await writeTree(project.fn('big'), {
      'index.mjs': 'x'.repeat(100),
      'data/a.bin': 'a'.repeat(3000),
      'data/b.bin': 'b'.repeat(3000),
      'model.bin': 'm'.repeat(2000),
    });
    const err = await caught(build('big', undefined, { limits: { maxUnzippedBytes: 5000 } }));
    expect(err.code).toBe('PackageTooLarge');
    expect(err.message).toBe("functions/big is 7.9 KB unzipped, over Lambda's limit of 4.9 KB");
    expect(err.file).toBe(join(project.root, 'functions/big'));
    expect(err.hint).toContain('data/ (5.9 KB), model.bin (2.0 KB), index.mjs (100 bytes)');
  });

  it('fails with PackageTooLarge for a single file over the limit', async () => {
    await writeTree(project.fn('onefile'), { 'index.mjs': 'x', 'huge.json': 'h'.repeat(6000) });
    const err = await caught(build('onefile', undefined, { limits: { maxUnzippedBytes: 5000 } }));
    expect(err.code).toBe('PackageTooLarge');
    expect(err.message).toMatch(
      /^functions\/onefile\/huge\.json is 5\.9 KB, alone over Lambda's 4\.9 KB limit/,
    );
    expect(err.file).toBe(join(project.root, 'functions/onefile/huge.json'));
  });

  it("crosses Lambda's real 250 MB limit with a sparse file, failing before reading it", async () => {
    await writeTree(project.fn('sparse'), { 'index.mjs': 'x', 'big.bin': '' });
    await truncate(join(project.fn('sparse'), 'big.bin'), 251 * MB);
    const err = await caught(build('sparse'));
    expect(err.code).toBe('PackageTooLarge');
    expect(err.message).toContain("big.bin is 251.0 MB, alone over Lambda's 250.0 MB limit");
    expect(opened.filter((p) => p.endsWith('big.bin'))).toEqual([]);

    // Two files, each under the limit, together over it.
    await writeTree(project.fn('sparse2'), { 'index.mjs': 'x', 'a.bin': '', 'b.bin': '' });
    await truncate(join(project.fn('sparse2'), 'a.bin'), 130 * MB);
    await truncate(join(project.fn('sparse2'), 'b.bin'), 130 * MB);
    const total = await caught(build('sparse2'));
    expect(total.message).toBe("functions/sparse2 is 260.0 MB unzipped, over Lambda's limit of 250.0 MB");
    expect(total.hint).toContain('a.bin (130.0 MB), b.bin (130.0 MB)');
    expect(opened.filter((p) => p.endsWith('.bin'))).toEqual([]);

    // The recorder does see the packager's reads (so the assertions above can fail).
    await writeTree(project.fn('small'), { 'index.mjs': 'x', 'small.bin': 'x' });
    await build('small');
    expect(opened.some((p) => p.endsWith('small.bin'))).toBe(true);
  });

  it('warns through the reporter above the zipped direct-upload size', async () => {
    await writeTree(project.fn('warn'), { 'index.mjs': 'export const handler = 1;\n' });
    const reporter = new CollectingReporter();
    await build('warn', undefined, { reporter, limits: { warnZippedBytes: 10 } });
    const [warning] = reporter.byCode('PackageZipLarge');
    expect(warning?.level).toBe('warn');
    expect(warning?.message).toMatch(
      /^functions\/warn zips to \d+ bytes, over Lambda's 10 bytes direct-upload limit/,
    );
    const quiet = new CollectingReporter();
    await build('warn', undefined, { reporter: quiet });
    expect(quiet.byCode('PackageZipLarge')).toEqual([]);
  });
});

describe('packageFunctions', () => {
  it('keeps the order of the specs and packages each one', async () => {
    const names = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'];
    for (const name of names)
      await writeTree(project.fn(name), { 'index.mjs': `export const name = '${name}';\n` });
    const outputs = await packageFunctions(
      names.map((name) => makeSpec({ dir: project.fn(name) })),
      { projectRoot: project.root, concurrency: 2 },
    );
    expect(outputs.map((o) => o.packaged.spec.dirName)).toEqual(names);
    for (const [i, output] of outputs.entries()) {
      expect(inspectZip(output.zipPath)[0]!.content.toString()).toBe(`export const name = '${names[i]}';\n`);
      expect(output.packaged.codeKey).toBe(codeKeyFor(`demo-${names[i]}`, output.packaged.codeSha256));
    }
  });

  it('reports every failing function at once', async () => {
    await writeTree(project.fn('ok'), { 'index.mjs': 'x' });
    await writeTree(project.fn('bad1'), { 'index.mjs': 'x', l: { symlink: '/' } });
    await writeTree(project.fn('bad2'), { 'index.mjs': 'x', 'package.json': '[' });
    const err = await caught(
      packageFunctions(
        ['bad1', 'ok', 'bad2'].map((name) => makeSpec({ dir: project.fn(name) })),
        { projectRoot: project.root },
      ),
    );
    expect(err.all().map((e) => e.code)).toEqual(['SymlinkOutsideFunction', 'InvalidPackageJson']);
  });

  it('fails with FunctionDirMissing for a directory that is gone', async () => {
    const err = await caught(build('gone'));
    expect(err.code).toBe('FunctionDirMissing');
    expect(err.message).toContain('functions/gone');
  });
});
