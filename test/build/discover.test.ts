import { describe, expect, it } from 'vitest';
import { functionName, logicalIdFor } from '../../src/build/names.js';
import { validateProject } from '../../src/build/validate.js';
import { CollectingReporter } from '../../src/reporter.js';
import { cleanupProjects, handlerJs, handlerPy, makeProject } from '../helpers/project.js';

cleanupProjects();

const discover = (files: Record<string, string>) => {
  const reporter = new CollectingReporter();
  const root = makeProject(files);
  const { functions } = validateProject({ projectDir: root, reporter });
  return { root, functions, reporter, byDir: (d: string) => functions.find((f) => f.dirName === d)! };
};

describe('discovery', () => {
  it('infers runtime, handler and packaging from the files present', () => {
    const { byDir, functions } = discover({
      'fleetpipe.yaml': 'project: demo\n',
      'functions/esm/index.mjs': handlerJs,
      'functions/cjs/index.cjs': 'exports.handler = async () => 1;\n',
      'functions/plain/index.js': 'module.exports = { handler: async () => 1 };\n',
      'functions/typed/index.ts': 'export const handler = async (e: unknown) => e;\n',
      'functions/typed2/handler.ts': 'export async function handler() {}\n',
      'functions/py/lambda_function.py': handlerPy,
      'functions/app/app.py': 'def handler(event, context):\n    return 1\n',
      'functions/hpy/handler.py': handlerPy,
    });
    expect(functions.map((f) => f.dirName)).toEqual([
      'app',
      'cjs',
      'esm',
      'hpy',
      'plain',
      'py',
      'typed',
      'typed2',
    ]);
    expect(byDir('esm')).toMatchObject({
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      packaging: 'node',
      entry: 'index.mjs',
    });
    expect(byDir('cjs')).toMatchObject({ handler: 'index.handler', packaging: 'node', entry: 'index.cjs' });
    expect(byDir('plain')).toMatchObject({ handler: 'index.handler', entry: 'index.js' });
    expect(byDir('typed')).toMatchObject({
      handler: 'index.handler',
      packaging: 'node-bundle',
      entry: 'index.ts',
    });
    expect(byDir('typed2')).toMatchObject({
      handler: 'index.handler',
      packaging: 'node-bundle',
      entry: 'handler.ts',
    });
    expect(byDir('py')).toMatchObject({
      runtime: 'python3.13',
      handler: 'lambda_function.lambda_handler',
      packaging: 'python',
    });
    expect(byDir('app')).toMatchObject({ handler: 'app.handler', family: 'python' });
    expect(byDir('hpy')).toMatchObject({ handler: 'handler.lambda_handler' });
  });

  it('skips hidden and _-prefixed directories, and warns about directories without code', () => {
    const { functions, reporter } = discover({
      'fleetpipe.yaml': 'project: demo\n',
      'functions/a/index.mjs': handlerJs,
      'functions/.hidden/index.mjs': handlerJs,
      'functions/_shared/index.mjs': handlerJs,
      'functions/empty/function.yaml': 'timeout: 3\n',
      'functions/README.md': 'not a function',
    });
    expect(functions.map((f) => f.dirName)).toEqual(['a']);
    expect(reporter.byCode('EmptyFunctionDir')).toHaveLength(1);
    expect(reporter.byCode('EmptyFunctionDir')[0]!.message).toMatch(/functions\/empty has no code/);
  });

  it('applies defaults, merges tags and environment, and lets the function win', () => {
    const { byDir } = discover({
      'fleetpipe.yaml': [
        'project: demo',
        'tags: { team: platform, tier: gold }',
        'defaults:',
        '  runtime: nodejs24.x',
        '  memorySize: 256',
        '  architecture: arm64',
        '  environment: { LOG_LEVEL: info, STAGE: all }',
        '  tags: { tier: silver }',
        '',
      ].join('\n'),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'timeout: 60\nenvironment: { STAGE: a }\ntags: { owner: alice }\n',
      'functions/p/lambda_function.py': handlerPy,
    });
    expect(byDir('a')).toMatchObject({
      runtime: 'nodejs24.x',
      memorySize: 256,
      timeout: 60,
      architecture: 'arm64',
      environment: { LOG_LEVEL: 'info', STAGE: 'a' },
      tags: { owner: 'alice', team: 'platform', tier: 'silver' },
      logRetentionDays: 30,
    });
    // a default runtime applies to functions of its own language only
    expect(byDir('p').runtime).toBe('python3.13');
    expect(byDir('p').timeout).toBe(30);
  });

  it('honours an explicit handler in a subdirectory, and bundles TypeScript under index.<export>', () => {
    const { byDir } = discover({
      'fleetpipe.yaml': 'project: demo\n',
      'functions/a/src/main.mjs': 'export const run = async () => 1;\n',
      'functions/a/function.yaml': 'handler: src/main.run\n',
      'functions/t/src/entry.ts': 'export const go = async () => 1;\n',
      'functions/t/function.yaml': 'handler: src/entry.go\n',
      'functions/p/pkg/mod.py': 'def go(event, context):\n    return 1\n',
      'functions/p/function.yaml': 'handler: pkg.mod.go\nruntime: python3.12\n',
    });
    expect(byDir('a')).toMatchObject({ handler: 'src/main.run', entry: 'src/main.mjs', packaging: 'node' });
    expect(byDir('t')).toMatchObject({
      handler: 'index.go',
      entry: 'src/entry.ts',
      packaging: 'node-bundle',
    });
    expect(byDir('p')).toMatchObject({ handler: 'pkg.mod.go', entry: 'pkg/mod.py', runtime: 'python3.12' });
  });

  it('resolves schedules and Config rules', () => {
    const { byDir } = discover({
      'fleetpipe.yaml': 'project: demo\n',
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml':
        'schedule: rate(5 minutes)\nconfigRule:\n  resourceTypes: [AWS::S3::Bucket]\n',
      'functions/b/index.mjs': handlerJs,
      'functions/b/function.yaml':
        'schedule:\n  expression: cron(0 8 ? * MON-FRI *)\n  input: { digest: true }\nconfigRule:\n  name: custom-name\n  frequency: One_Hour\n',
    });
    expect(byDir('a').schedule).toEqual({ expression: 'rate(5 minutes)', enabled: true });
    expect(byDir('a').configRule).toMatchObject({ name: 'demo-a', resourceTypes: ['AWS::S3::Bucket'] });
    expect(byDir('b').schedule).toEqual({
      expression: 'cron(0 8 ? * MON-FRI *)',
      enabled: true,
      input: { digest: true },
    });
    expect(byDir('b').configRule).toMatchObject({ name: 'custom-name', frequency: 'One_Hour' });
  });
});

describe('names', () => {
  it('maps directory names to Lambda names and logical IDs', () => {
    expect(functionName('demo', 's3-bucket-encryption')).toBe('demo-s3-bucket-encryption');
    expect(functionName('demo', 'My Rule.v2')).toBe('demo-My-Rule-v2');
    expect(logicalIdFor('s3-bucket-encryption')).toBe('S3BucketEncryption');
    expect(logicalIdFor('1st_check')).toBe('Fn1stCheck');
    expect(logicalIdFor('iam.access.keys')).toBe('IamAccessKeys');
  });
});
