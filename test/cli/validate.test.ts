import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { captureOutput } from '../helpers/output.js';
import { cleanupProjects, handlerJs, makeProject } from '../helpers/project.js';

cleanupProjects();

const run = async (...args: string[]) => {
  const output = captureOutput();
  const code = await main(['node', 'fleetpipe', ...args], output);
  return { code, stdout: output.stdout(), stderr: output.stderr() };
};

describe('fleetpipe validate', () => {
  it('lists the functions of a valid project and exits 0', async () => {
    const root = makeProject({ 'fleetpipe.yaml': 'project: demo\n', 'functions/alpha/index.mjs': handlerJs });
    const { code, stdout } = await run('validate', root);
    expect(code).toBe(0);
    expect(stdout).toMatch(/demo: 1 functions, configuration and code are valid/);
    expect(stdout).toMatch(/demo-alpha\s+nodejs22\.x\s+index\.handler/);
  });

  it('prints file:line:column, message and hint, exits 1, and shows no stack trace', async () => {
    const root = makeProject({
      'fleetpipe.yaml': 'project: demo\n',
      'functions/alpha/index.mjs': handlerJs,
      'functions/alpha/function.yaml': 'timeout: 5\nmemroySize: 256\n',
    });
    const { code, stderr, stdout } = await run('validate', root);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const file = path.join(root, 'functions/alpha/function.yaml');
    expect(stderr).toContain(`error: ${file}:2:1: unknown key "memroySize"`);
    expect(stderr).toContain('hint: did you mean "memorySize"?');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('shows the stack trace with --verbose', async () => {
    const root = makeProject({ 'fleetpipe.yaml': 'project: demo\n' });
    const { code, stderr } = await run('--verbose', 'validate', root);
    expect(code).toBe(1);
    expect(stderr).toMatch(/FunctionsDirMissing|functions directory functions does not exist/);
    expect(stderr).toMatch(/\n\s+at /);
  });

  it('reports errors as JSON with --json', async () => {
    const root = makeProject({
      'fleetpipe.yaml': 'project: demo\nbogus: 1\n',
      'functions/a/index.mjs': handlerJs,
    });
    const { code, stdout } = await run('--json', 'validate', root);
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout) as {
      ok: boolean;
      errors: { code: string; line: number; hint: string }[];
    };
    expect(parsed.ok).toBe(false);
    expect(parsed.errors[0]).toMatchObject({ code: 'UnknownKey', line: 2, column: 1 });
  });

  it('rejects an unknown command with exit code 1', async () => {
    const { code, stderr } = await run('bulid');
    expect(code).toBe(1);
    expect(stderr).toMatch(/unknown command 'bulid'/);
    expect(stderr).toMatch(/build/);
  });
});
