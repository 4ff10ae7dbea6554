/**
 * The example project that `npm start` builds: its Python functions' own unit
 * tests pass, and fleetpipe discovers, bundles and packages it as intended.
 * (Its JavaScript and TypeScript functions' tests run with vitest directly.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundleFunction } from '../../src/build/bundle.js';
import { discoverFunctions } from '../../src/build/discover.js';
import { selectNodeModules } from '../../src/build/package/node-modules.js';
import { loadProject } from '../../src/config/load.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/config-rules', import.meta.url));
const FUNCTIONS = path.join(EXAMPLE, 'functions');

const pythonTestDirs = readdirSync(FUNCTIONS)
  .filter((name) => readdirSync(path.join(FUNCTIONS, name)).some((f) => /^test_.*\.py$/.test(f)))
  .sort();

describe('examples/config-rules Python functions', () => {
  it('has Python unit tests to run', () => {
    expect(pythonTestDirs).toEqual(['iam-access-key-rotation', 'unused-security-groups']);
  });

  it.each(pythonTestDirs)('%s: unittest passes', (name) => {
    const dir = path.join(FUNCTIONS, name);
    const run = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', dir, '-p', 'test_*.py'], {
      cwd: dir,
      encoding: 'utf8',
      // Keep __pycache__ out of the example's source tree.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.error, 'python3 must be installed').toBeUndefined();
    expect(run.status, output).toBe(0);
    const ran = /^Ran (\d+) tests? in /m.exec(output);
    expect(ran, output).not.toBeNull();
    expect(Number(ran![1])).toBeGreaterThan(0);
    expect(output).toMatch(/^OK$/m);
    expect(existsSync(path.join(dir, '__pycache__'))).toBe(false);
  });
});

describe('examples/config-rules as fleetpipe sees it', () => {
  const project = loadProject(EXAMPLE);
  const specs = discoverFunctions(project);
  const byDir = new Map(specs.map((s) => [s.dirName, s]));

  it('discovers each function with the runtime and handler its files imply', () => {
    expect(
      specs.map((s) => ({
        dir: s.dirName,
        entry: s.entry,
        runtime: s.runtime,
        handler: s.handler,
        packaging: s.packaging,
      })),
    ).toEqual([
      {
        dir: 'compliance-digest',
        entry: 'index.mjs',
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        packaging: 'node',
      },
      {
        dir: 'iam-access-key-rotation',
        entry: 'lambda_function.py',
        runtime: 'python3.13',
        handler: 'lambda_function.lambda_handler',
        packaging: 'python',
      },
      {
        dir: 'required-tags',
        entry: 'index.js',
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        packaging: 'node',
      },
      {
        dir: 's3-bucket-encryption',
        entry: 'index.ts',
        runtime: 'nodejs22.x',
        handler: 'index.handler',
        packaging: 'node-bundle',
      },
      {
        dir: 'unused-security-groups',
        entry: 'app.py',
        runtime: 'python3.13',
        handler: 'app.lambda_handler',
        packaging: 'python',
      },
    ]);
  });

  it('deploys four Config rules and one scheduled digest', () => {
    const rules = specs.filter((s) => s.configRule).map((s) => s.configRule!.name);
    expect(rules).toEqual([
      'acme-guardrails-iam-access-key-rotation',
      'acme-guardrails-required-tags',
      'acme-guardrails-s3-bucket-encryption',
      'acme-guardrails-unused-security-groups',
    ]);
    expect(byDir.get('compliance-digest')!.schedule?.expression).toBe('cron(0 8 ? * MON-FRI *)');
    expect(byDir.get('iam-access-key-rotation')!.configRule).toMatchObject({
      frequency: 'TwentyFour_Hours',
      inputParameters: { maxAccessKeyAge: 90 },
    });
  });

  it('applies the project defaults and tags', () => {
    for (const spec of specs) {
      expect(spec.architecture).toBe('arm64');
      expect(spec.logRetentionDays).toBe(90);
      expect(spec.tags).toMatchObject({ owner: 'platform-security', 'cost-center': 'cc-4120' });
    }
  });

  it('packages the vendored production dependency of required-tags', async () => {
    const spec = byDir.get('required-tags')!;
    expect(await selectNodeModules({ dir: spec.dir, relDir: spec.relDir })).toEqual({
      kind: 'packages',
      packageDirs: ['node_modules/escape-string-regexp'],
    });
  });

  it('bundles the TypeScript rule without the AWS SDK', async () => {
    const spec = byDir.get('s3-bucket-encryption')!;
    const bundle = await bundleFunction({
      dir: spec.dir,
      relDir: spec.relDir,
      entry: spec.entry,
      runtime: spec.runtime,
    });
    expect(bundle.warnings).toEqual([]);
    // Only the function's own sources: the SDK comes from the Lambda runtime.
    expect(bundle.inputs.map((f) => path.relative(spec.dir, f))).toEqual([
      'config-api.ts',
      'evaluate.ts',
      'index.ts',
    ]);
    expect(Buffer.from(bundle.code).toString('utf8')).toContain('function evaluateBucket(');
  });
});
