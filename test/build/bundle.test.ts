import { execFileSync } from 'node:child_process';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleFunction, esbuildTarget } from '../../src/build/bundle.js';
import { packageFunction } from '../../src/build/package.js';
import type { FunctionSpec } from '../../src/build/types.js';
import { FleetpipeError } from '../../src/errors.js';
import { CollectingReporter } from '../../src/reporter.js';
import { makeSpec } from './helpers/spec.js';
import { type TempProject, tempProject, writeTree } from './helpers/tree.js';
import { assertValidZip, inspectZip } from './helpers/zip-inspect.js';

let project: TempProject;
beforeEach(async () => {
  project = await tempProject('fleetpipe-bundle-');
});
afterEach(async () => {
  await project.cleanup();
});

const handlerSource = {
  'index.ts': [
    "import dep from 'cjsdep';",
    "import { greet } from './lib/greet';",
    "import config from './config.json';",
    '',
    'export const handler = async (event: { name: string }): Promise<Record<string, string>> => ({',
    '  message: greet(event.name),',
    "  base: dep('/some/where/file.txt'),",
    '  region: config.region,',
    '});',
    '',
  ].join('\n'),
  'lib/greet.ts': "export function greet(name: string): string {\n  return 'hello ' + name;\n}\n",
  'config.json': '{ "region": "eu-west-1" }',
  'index.test.ts': "import { handler } from './index';\n",
  'README.md': 'not shipped in a bundle',
  'package.json': JSON.stringify({ dependencies: { cjsdep: '1.0.0' } }),
  'node_modules/cjsdep/package.json': JSON.stringify({ name: 'cjsdep', version: '1.0.0', main: 'index.js' }),
  // CommonJS that requires a Node built-in: needs `require` inside an ES module bundle.
  'node_modules/cjsdep/index.js':
    "const path = require('path');\nmodule.exports = (p) => path.basename(p);\n",
};

function bundleSpec(name: string, overrides: Partial<FunctionSpec> = {}): FunctionSpec {
  return makeSpec({ dir: project.fn(name), packaging: 'node-bundle', entry: 'index.ts', ...overrides });
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

/** Runs the bundle in a fresh Node process, as Lambda would: import index.mjs, call the handler. */
async function runBundle(zipPath: string, event: unknown): Promise<unknown> {
  const [entry] = inspectZip(zipPath);
  const runDir = join(project.root, 'run');
  await mkdir(runDir, { recursive: true });
  await writeFile(join(runDir, entry!.name), entry!.content);
  const url = pathToFileURL(join(runDir, 'index.mjs')).href;
  const script = `const m = await import(${JSON.stringify(url)}); process.stdout.write(JSON.stringify(await m.handler(${JSON.stringify(event)})));`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }),
  );
}

describe('node-bundle packaging', () => {
  it('ships one index.mjs that runs, with local modules, JSON and CommonJS dependencies bundled', async () => {
    await writeTree(project.fn('ts'), handlerSource);
    const { packaged, zipPath } = await packageFunction(bundleSpec('ts'), { projectRoot: project.root });
    assertValidZip(zipPath);
    const entries = inspectZip(zipPath);
    expect(entries.map((e) => [e.name, e.mode])).toEqual([['index.mjs', 0o100644]]);
    expect(packaged.fileCount).toBe(1);
    expect(packaged.unzippedBytes).toBe(entries[0]!.content.length);
    expect(await runBundle(zipPath, { name: 'fleet' })).toEqual({
      message: 'hello fleet',
      base: 'file.txt',
      region: 'eu-west-1',
    });
  });

  it('bundles handler.ts as an entry too', async () => {
    await writeTree(project.fn('h'), {
      'handler.ts': 'export const handler = async (): Promise<number> => 7;\n',
    });
    const { zipPath } = await packageFunction(bundleSpec('h', { entry: 'handler.ts' }), {
      projectRoot: project.root,
    });
    expect(inspectZip(zipPath).map((e) => e.name)).toEqual(['index.mjs']);
    expect(await runBundle(zipPath, {})).toBe(7);
  });

  it('gives the same bytes twice and from another absolute path, with no machine paths inside', async () => {
    await writeTree(project.fn('ts'), handlerSource);
    const first = await packageFunction(bundleSpec('ts'), {
      projectRoot: project.root,
      cacheDir: join(project.root, 'cache-a'),
    });
    const second = await packageFunction(bundleSpec('ts'), {
      projectRoot: project.root,
      cacheDir: join(project.root, 'cache-b'),
    });
    expect(second.packaged.cached).toBe(false);
    expect(second.packaged.codeSha256).toBe(first.packaged.codeSha256);

    const elsewhere = await tempProject('fleetpipe-bundle-elsewhere-');
    try {
      await cp(project.fn('ts'), elsewhere.fn('ts'), { recursive: true });
      const moved = await packageFunction(makeSpec({ ...bundleSpec('ts'), dir: elsewhere.fn('ts') }), {
        projectRoot: elsewhere.root,
      });
      expect(moved.packaged.codeSha256).toBe(first.packaged.codeSha256);
    } finally {
      await elsewhere.cleanup();
    }

    const code = inspectZip(first.zipPath)[0]!.content.toString();
    expect(code).not.toContain(project.root);
    expect(code).not.toContain('sourceMappingURL');
  });

  it('leaves @aws-sdk/* external: the Lambda runtime provides SDK v3', async () => {
    await writeTree(project.fn('sdk'), {
      'index.ts': [
        "import { S3Client } from '@aws-sdk/client-s3';",
        'export const handler = async () => typeof S3Client;',
        '',
      ].join('\n'),
    });
    const { zipPath } = await packageFunction(bundleSpec('sdk'), { projectRoot: project.root });
    const code = inspectZip(zipPath)[0]!.content.toString();
    expect(code).toMatch(/import \{ S3Client \} from "@aws-sdk\/client-s3"/);
  });

  it('reports a syntax error as BundleFailed with file:line:column', async () => {
    await writeTree(project.fn('bad'), { 'index.ts': 'export const a = 1;\nexport const handler = (;\n' });
    const err = await caught(packageFunction(bundleSpec('bad'), { projectRoot: project.root }));
    expect(err.code).toBe('BundleFailed');
    expect(err.location).toBe(`${join(project.root, 'functions/bad/index.ts')}:2:25`);
    expect(err.message).toMatch(/^bundling functions\/bad\/index\.ts failed: Unexpected ";"/);
  });

  it('reports a missing import as BundleFailed at the import, with a hint', async () => {
    await writeTree(project.fn('missing'), {
      'index.ts':
        "import { x } from './lib/helper';\nimport { nope } from './lib/nope';\nexport const handler = () => x + nope;\n",
      'lib/helper.ts': 'export const x = 1;\n',
    });
    const err = await caught(packageFunction(bundleSpec('missing'), { projectRoot: project.root }));
    expect(err.code).toBe('BundleFailed');
    expect(err.message).toContain('Could not resolve "./lib/nope"');
    expect(err.location).toBe(`${join(project.root, 'functions/missing/index.ts')}:2:22`);
    expect(err.hint).toMatch(/npm install/);
  });

  it('locates an error inside an imported file, outside the function directory too', async () => {
    await writeTree(project.root, {
      'functions/shared/broken.ts': 'export const y = 1;\n\nexport const z = ];\n',
    });
    await writeTree(project.fn('uses-shared'), {
      'index.ts': "import { y } from '../shared/broken';\nexport const handler = () => y;\n",
    });
    const err = await caught(packageFunction(bundleSpec('uses-shared'), { projectRoot: project.root }));
    expect(err.location).toBe(`${join(project.root, 'functions/shared/broken.ts')}:3:18`);
  });

  it('passes esbuild warnings to the reporter', async () => {
    await writeTree(project.fn('warns'), {
      'index.ts': 'export const handler = async (x: number) => x === -0;\n',
    });
    const reporter = new CollectingReporter();
    await packageFunction(bundleSpec('warns'), { projectRoot: project.root, reporter });
    const [warning] = reporter.byCode('BundleWarning');
    expect(warning?.level).toBe('warn');
    expect(warning?.file).toBe('functions/warns/index.ts');
  });
});

describe('bundleFunction', () => {
  it('lists every input esbuild read', async () => {
    await writeTree(project.fn('ts'), handlerSource);
    const result = await bundleFunction({
      dir: project.fn('ts'),
      relDir: 'functions/ts',
      entry: 'index.ts',
      runtime: 'nodejs22.x',
    });
    expect(result.inputs.map((p) => p.slice(project.fn('ts').length + 1))).toEqual([
      'config.json',
      'index.ts',
      'lib/greet.ts',
      'node_modules/cjsdep/index.js',
    ]);
  });
});

describe('esbuildTarget', () => {
  it('maps Node.js runtimes to esbuild targets', () => {
    expect(esbuildTarget('nodejs22.x')).toBe('node22');
    expect(esbuildTarget('nodejs24.x')).toBe('node24');
    expect(() => esbuildTarget('python3.13')).toThrowError(expect.objectContaining({ code: 'BundleFailed' }));
  });
});
