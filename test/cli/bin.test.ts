/** The installed command, as a user runs it: a separate process, real exit codes. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FleetpipeVersion } from '../../src/version.js';
import { cleanupProjects, handlerJs, makeProject } from '../helpers/project.js';

cleanupProjects();

const bin = path.resolve(import.meta.dirname, '../../bin/fleetpipe.js');

function fleetpipe(args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('bin/fleetpipe.js', () => {
  it('prints its version', async () => {
    const { code, stdout } = await fleetpipe(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(FleetpipeVersion);
  });

  it('builds a project and exits 0', async () => {
    const root = makeProject({ 'fleetpipe.yaml': 'project: demo\n', 'functions/hello/index.mjs': handlerJs });
    const { code, stdout } = await fleetpipe(['build'], root);
    expect(code).toBe(0);
    expect(stdout).toMatch(/demo: 1 functions → dist/);
    expect(stdout).toMatch(/demo-hello\s+nodejs22\.x/);
  });

  it('exits 1 on bad input with the file relative to the working directory, a hint, and no stack', async () => {
    const root = makeProject({
      'fleetpipe.yaml': 'project: demo\n',
      'functions/hello/index.mjs': handlerJs,
      'functions/hello/function.yaml': 'runtime: nodejs18.x\n',
    });
    const { code, stderr } = await fleetpipe(['build'], root);
    expect(code).toBe(1);
    expect(stderr).toContain(
      'error: functions/hello/function.yaml:1:10: runtime: runtime "nodejs18.x" is deprecated',
    );
    expect(stderr).toMatch(/hint: use one of: nodejs22\.x/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
