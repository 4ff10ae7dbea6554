/**
 * Bad input: every error names the file (line and column for YAML), says what
 * is wrong and how to fix it.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateProject } from '../../src/build/validate.js';
import { FleetpipeError } from '../../src/errors.js';
import { cleanupProjects, type FileTree, handlerJs, handlerPy, makeProject } from '../helpers/project.js';

cleanupProjects();

const project = (yaml = 'project: demo\n') => ({ 'fleetpipe.yaml': yaml });

interface Case {
  name: string;
  files: FileTree;
  setup?: (root: string) => void;
  code: string;
  /** File the error must name, relative to the project root. */
  file?: string;
  line?: number;
  column?: number;
  message: RegExp;
  hint: RegExp;
}

const cases: Case[] = [
  {
    name: 'malformed YAML in fleetpipe.yaml',
    files: { 'fleetpipe.yaml': 'project: demo\ndefaults:\n  memorySize: [128\n' },
    code: 'YamlSyntaxError',
    file: 'fleetpipe.yaml',
    message: /invalid YAML/,
    hint: /indentation|quoting/,
  },
  {
    name: 'duplicate key',
    files: { 'fleetpipe.yaml': 'project: demo\nproject: other\n', 'functions/a/index.mjs': handlerJs },
    code: 'YamlSyntaxError',
    file: 'fleetpipe.yaml',
    line: 2,
    column: 1,
    message: /unique/i,
    hint: /duplicated keys/,
  },
  {
    name: 'fleetpipe.yaml missing',
    files: { 'functions/a/index.mjs': handlerJs },
    code: 'ProjectNotFound',
    file: 'fleetpipe.yaml',
    message: /no fleetpipe\.yaml/,
    hint: /create fleetpipe\.yaml/,
  },
  {
    name: 'fleetpipe.yml instead of fleetpipe.yaml',
    files: { 'fleetpipe.yml': 'project: demo\n' },
    code: 'ProjectNotFound',
    message: /no fleetpipe\.yaml/,
    hint: /rename fleetpipe\.yml/,
  },
  {
    name: 'top level is a list',
    files: { 'fleetpipe.yaml': '- project: demo\n' },
    code: 'InvalidConfig',
    file: 'fleetpipe.yaml',
    line: 1,
    message: /must be a mapping/,
    hint: /key: value/,
  },
  {
    name: 'project name missing',
    files: { 'fleetpipe.yaml': 'functionsDir: functions\n' },
    code: 'InvalidConfig',
    file: 'fleetpipe.yaml',
    message: /project is required/,
    hint: /add "project:"/,
  },
  {
    name: 'project name with capitals',
    files: { 'fleetpipe.yaml': 'project: My_Project\n' },
    code: 'InvalidConfig',
    file: 'fleetpipe.yaml',
    line: 1,
    column: 10,
    message: /lowercase letters/,
    hint: /My_Project/,
  },
  {
    name: 'unknown key in fleetpipe.yaml with suggestion',
    files: { 'fleetpipe.yaml': 'project: demo\nfunctionDir: src\n' },
    code: 'UnknownKey',
    file: 'fleetpipe.yaml',
    line: 2,
    column: 1,
    message: /unknown key "functionDir"/,
    hint: /did you mean "functionsDir"/,
  },
  {
    name: 'unknown nested key in defaults',
    files: { 'fleetpipe.yaml': 'project: demo\ndefaults:\n  memory: 256\n' },
    code: 'UnknownKey',
    file: 'fleetpipe.yaml',
    line: 3,
    column: 3,
    message: /unknown key "memory" in defaults/,
    hint: /did you mean "memorySize"/,
  },
  {
    name: 'wrong type: memorySize as string',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'memorySize: lots\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 1,
    column: 13,
    message: /memorySize must be a number, got the string "lots"/,
    hint: /./,
  },
  {
    name: 'memorySize out of range',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'memorySize: 64\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 1,
    message: /memorySize.*128/,
    hint: /got number 64/,
  },
  {
    name: 'timeout above Lambda maximum',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'timeout: 901\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    message: /timeout.*900/,
    hint: /901/,
  },
  {
    name: 'unknown key in function.yaml with suggestion',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'timeout: 10\nenviroment:\n  A: b\n',
    },
    code: 'UnknownKey',
    file: 'functions/a/function.yaml',
    line: 2,
    column: 1,
    message: /unknown key "enviroment"/,
    hint: /did you mean "environment"/,
  },
  {
    name: 'enum value with suggestion',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'architecture: arm\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 1,
    column: 15,
    message: /architecture/,
    hint: /did you mean "arm64"/,
  },
  {
    name: 'unsupported runtime',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'runtime: nodejs22\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 1,
    column: 10,
    message: /runtime "nodejs22" is not one fleetpipe can package/,
    hint: /did you mean "nodejs22\.x"\? allowed: nodejs22\.x, nodejs24\.x/,
  },
  {
    name: 'deprecated runtime',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'runtime: nodejs16.x\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 1,
    message: /deprecated/,
    hint: /use one of: nodejs22\.x/,
  },
  {
    name: 'runtime for the wrong language',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'runtime: python3.12\n',
    },
    code: 'RuntimeMismatch',
    file: 'functions/a/function.yaml',
    line: 1,
    message: /sets runtime python3\.12 but its code is index\.mjs/,
    hint: /nodejs runtime/,
  },
  {
    name: 'invalid log retention',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'logRetentionDays: 10\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 1,
    message: /retention values.*14/,
    hint: /./,
  },
  {
    name: 'bad schedule expression',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'schedule: every 5 minutes\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 1,
    message: /schedule/,
    hint: /rate\(5 minutes\)/,
  },
  {
    name: 'rate with wrong plural',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'schedule: rate(1 hours)\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    message: /schedule/,
    hint: /rate\(1 hour\)/,
  },
  {
    name: 'config rule without trigger',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'configRule:\n  description: checks things\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 2,
    message: /needs "resourceTypes".*"frequency"/,
    hint: /./,
  },
  {
    name: 'config rule with a bad frequency',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'configRule:\n  frequency: TwentyFourHours\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 2,
    column: 14,
    message: /configRule\.frequency/,
    hint: /did you mean "TwentyFour_Hours"/,
  },
  {
    name: 'config rule resource type malformed',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'configRule:\n  resourceTypes:\n    - S3::Bucket\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 3,
    column: 7,
    message: /resourceTypes\[0\].*AWS::S3::Bucket/,
    hint: /S3::Bucket/,
  },
  {
    name: 'reserved environment variable',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'environment:\n  AWS_REGION: eu-west-1\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 2,
    message: /reserved by the Lambda runtime/,
    hint: /./,
  },
  {
    name: 'environment over 4 KB',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': `environment:\n  BIG: "${'x'.repeat(5000)}"\n`,
    },
    code: 'EnvironmentTooLarge',
    file: 'functions/a/function.yaml',
    line: 2,
    message: /environment of functions\/a is \d+ bytes; Lambda allows 4096/,
    hint: /Parameter Store/,
  },
  {
    name: 'IAM action malformed',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml':
        'iam:\n  statements:\n    - actions: [ListBuckets]\n      resources: ["*"]\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 3,
    message: /service:Action/,
    hint: /./,
  },
  {
    name: 'functions directory missing',
    files: { 'fleetpipe.yaml': 'project: demo\nfunctionsDir: lambdas\n' },
    code: 'FunctionsDirMissing',
    file: 'fleetpipe.yaml',
    line: 2,
    column: 15,
    message: /functions directory lambdas does not exist/,
    hint: /functionsDir/,
  },
  {
    name: 'empty functions directory',
    files: { ...project(), 'functions/.keep': '' },
    code: 'NoFunctions',
    file: 'functions',
    message: /no functions in functions/,
    hint: /one folder per function/,
  },
  {
    name: 'no handler file',
    files: { ...project(), 'functions/a/README.md': '# a\n' },
    code: 'HandlerNotFound',
    file: 'functions/a',
    message: /no handler file in functions\/a/,
    hint: /index\.mjs, index\.js, index\.cjs, index\.ts, handler\.ts, lambda_function\.py, app\.py, handler\.py/,
  },
  {
    name: 'handler file named in function.yaml missing',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'handler: src/main.handler\n',
    },
    code: 'HandlerFileMissing',
    file: 'functions/a/function.yaml',
    line: 1,
    column: 10,
    message: /handler "src\/main\.handler" of functions\/a: no file src\/main\.mjs/,
    hint: /create the file/,
  },
  {
    name: 'handler export missing (JavaScript)',
    files: { ...project(), 'functions/a/index.mjs': 'export const main = async () => 1;\n' },
    code: 'HandlerExportMissing',
    file: 'functions/a/index.mjs',
    message: /index\.mjs does not export "handler"/,
    hint: /export const handler/,
  },
  {
    name: 'handler function missing (Python)',
    files: { ...project(), 'functions/a/app.py': 'def main(event, context):\n    pass\n' },
    code: 'HandlerExportMissing',
    file: 'functions/a/app.py',
    message: /app\.py defines no function "lambda_handler"/,
    hint: /def lambda_handler\(event, context\)/,
  },
  {
    name: 'two handler files',
    files: { ...project(), 'functions/a/index.mjs': handlerJs, 'functions/a/app.py': handlerPy },
    code: 'AmbiguousHandler',
    file: 'functions/a',
    message: /several handler files: index\.mjs, app\.py/,
    hint: /set "handler"/,
  },
  {
    name: 'name collision after mapping',
    files: {
      ...project(),
      'functions/my-rule/index.mjs': handlerJs,
      'functions/my.rule/index.mjs': handlerJs,
    },
    code: 'FunctionNameCollision',
    file: 'functions/my.rule',
    message: /functions\/my-rule and functions\/my\.rule both map to the function name "demo-my-rule"/,
    hint: /rename one of the two directories/,
  },
  {
    name: 'logical ID collision',
    files: {
      ...project(),
      'functions/my-rule/index.mjs': handlerJs,
      'functions/my_rule/index.mjs': handlerJs,
    },
    code: 'FunctionNameCollision',
    message: /both map to the CloudFormation logical ID "MyRule"/,
    hint: /rename/,
  },
  {
    name: 'function name over 64 characters',
    files: {
      ...project('project: a-rather-long-project-name\n'),
      [`functions/${'x'.repeat(40)}/index.mjs`]: handlerJs,
    },
    code: 'FunctionNameTooLong',
    file: `functions/${'x'.repeat(40)}`,
    message: /has 67 characters; Lambda allows 64/,
    hint: /at most 37 characters/,
  },
  {
    name: 'function.yml instead of function.yaml',
    files: { ...project(), 'functions/a/index.mjs': handlerJs, 'functions/a/function.yml': 'timeout: 5\n' },
    code: 'MisnamedConfig',
    file: 'functions/a/function.yml',
    message: /function\.yml is not read/,
    hint: /rename it to function\.yaml/,
  },
  {
    name: 'symlink loop as a function directory',
    files: { ...project(), 'functions/a/index.mjs': handlerJs },
    setup: (root) => symlinkSync(path.join(root, 'functions', 'loop'), path.join(root, 'functions', 'loop')),
    code: 'SymlinkLoop',
    file: 'functions/loop',
    message: /loops back on itself/,
    hint: /remove it/,
  },
  {
    name: 'dangling symlink as a function directory',
    files: { ...project(), 'functions/a/index.mjs': handlerJs },
    setup: (root) => symlinkSync(path.join(root, 'nowhere'), path.join(root, 'functions', 'gone')),
    code: 'BrokenSymlink',
    file: 'functions/gone',
    message: /symbolic link to nothing/,
    hint: /point the link/,
  },
  {
    name: 'tag key reserved by AWS',
    files: {
      'fleetpipe.yaml': 'project: demo\ntags:\n  "aws:owner": me\n',
      'functions/a/index.mjs': handlerJs,
    },
    code: 'InvalidConfig',
    file: 'fleetpipe.yaml',
    line: 3,
    message: /reserved by AWS/,
    hint: /./,
  },
  {
    name: 'default runtime deprecated in fleetpipe.yaml',
    files: {
      'fleetpipe.yaml': 'project: demo\ndefaults:\n  runtime: python3.8\n',
      'functions/a/index.mjs': handlerJs,
    },
    code: 'InvalidConfig',
    file: 'fleetpipe.yaml',
    line: 3,
    column: 12,
    message: /runtime "python3\.8" is deprecated/,
    hint: /python3\.13/,
  },
  {
    name: 'target region malformed',
    files: {
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'targets:\n  regions: [EU-West-1]\n',
    },
    code: 'InvalidConfig',
    file: 'functions/a/function.yaml',
    line: 2,
    message: /targets\.regions\[0\].*eu-west-1/,
    hint: /EU-West-1/,
  },
];

function capture(fn: () => unknown): FleetpipeError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FleetpipeError) return err;
    throw err;
  }
  throw new Error('expected a FleetpipeError, but validation passed');
}

describe('bad input', () => {
  it('has at least 25 distinct cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  for (const c of cases) {
    it(c.name, () => {
      const root = makeProject(c.files);
      mkdirSync(path.join(root, 'functions'), { recursive: true });
      c.setup?.(root);
      const err = capture(() => validateProject({ projectDir: root }));
      const problem = err.all().find((e) => e.code === c.code);
      expect(problem, `got: ${err.all().map((e) => `${e.code}: ${e.message}`)}`).toBeDefined();
      expect(problem!.message).toMatch(c.message);
      expect(problem!.hint ?? '').toMatch(c.hint);
      if (c.file) expect(problem!.file).toBe(path.join(root, c.file));
      if (c.line !== undefined) expect(problem!.line).toBe(c.line);
      if (c.column !== undefined) expect(problem!.column).toBe(c.column);
    });
  }

  it('reports every problem of a project at once, in file order', () => {
    const root = makeProject({
      ...project(),
      'functions/a/index.mjs': handlerJs,
      'functions/a/function.yaml': 'memorySize: 1\ntimeout: 0\n',
      'functions/b/README.md': 'no code',
    });
    const err = capture(() => validateProject({ projectDir: root }));
    const codes = err.all().map((e) => `${path.relative(root, e.file ?? '')}:${e.line ?? ''}:${e.code}`);
    expect(codes).toEqual([
      'functions/a/function.yaml:1:InvalidConfig',
      'functions/a/function.yaml:2:InvalidConfig',
      'functions/b::HandlerNotFound',
    ]);
  });
});
