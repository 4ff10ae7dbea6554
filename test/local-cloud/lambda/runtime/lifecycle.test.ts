/**
 * Execution environments over time: warm reuse, new processes when configuration or credentials change,
 * Event and DryRun invocations, Invoke's payload limits, and a shutdown that leaves nothing running.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLambdaRuntime,
  type InvokeResult,
  type LambdaRuntime,
  type RoleCredentials,
} from '../../../../src/local-cloud/services/lambda/runtime/index.js';
import { childPids, isRunning, json, scratch, testFunction, writeCode } from './fixtures.js';

const COUNTER = `let calls = 0;
export const handler = async (event, context) => {
  calls += 1;
  return { calls, pid: process.pid, stream: context.logStreamName, key: process.env.AWS_ACCESS_KEY_ID,
           setting: process.env.SETTING ?? null };
};`;

describe('execution environments', () => {
  let runtime: LambdaRuntime;
  let area: Awaited<ReturnType<typeof scratch>>;

  beforeAll(async () => {
    area = await scratch();
    runtime = createLambdaRuntime({ workDir: join(area.root, 'work') });
  });
  afterAll(async () => {
    await runtime.shutdown();
    expect(childPids()).toEqual([]);
    await area.cleanup();
  });

  const body = (result: InvokeResult) =>
    json(result.payload) as {
      calls: number;
      pid: number;
      stream: string;
      key: string;
      setting: string | null;
    };

  it('reuses a warm process, and starts a new one when the configuration or credentials change', async () => {
    const codeDir = await writeCode(area.root, { 'index.mjs': COUNTER });
    let credentials: RoleCredentials = {
      accessKeyId: 'ASIAFIRST',
      secretAccessKey: 's1',
      sessionToken: 't1',
    };
    const fn = testFunction({ codeDir, handler: 'index.handler', credentials: () => credentials });

    const first = await runtime.invoke(fn, {});
    const second = await runtime.invoke(fn, {});
    expect(body(first)).toMatchObject({ calls: 1, key: 'ASIAFIRST' });
    expect(body(second)).toMatchObject({ calls: 2, pid: body(first).pid, stream: body(first).stream });
    expect(first.report?.initDurationMs).toBeGreaterThan(0);
    expect(second.report?.initDurationMs).toBeUndefined();
    expect(childPids()).toContain(body(first).pid); // (the census the afterAll check relies on sees it)

    const changed = await runtime.invoke({ ...fn, environment: { SETTING: 'new' } }, {});
    expect(body(changed)).toMatchObject({ calls: 1, setting: 'new' });
    expect(body(changed).pid).not.toBe(body(first).pid);

    credentials = { accessKeyId: 'ASIASECOND', secretAccessKey: 's2', sessionToken: 't2' };
    const refreshed = await runtime.invoke({ ...fn, environment: { SETTING: 'new' } }, {});
    expect(body(refreshed)).toMatchObject({ calls: 1, key: 'ASIASECOND' });
    // Outdated processes are retired, not kept.
    expect(isRunning(body(first).pid)).toBe(false);
    expect(isRunning(body(changed).pid)).toBe(false);
  });

  it('runs concurrent invocations of one function in separate processes', async () => {
    const codeDir = await writeCode(area.root, {
      'index.mjs': `export const handler = async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return process.pid;
      };`,
    });
    const fn = testFunction({ codeDir, handler: 'index.handler' });
    const pids = await Promise.all(
      [1, 2, 3].map(() => runtime.invoke(fn, {}).then((r) => Number(r.payload))),
    );
    expect(new Set(pids).size).toBe(3);
  });

  it('runs Event invocations in the background (202) and DryRun not at all (204)', async () => {
    const codeDir = await writeCode(area.root, {
      'index.mjs': `export const handler = async (event) => {
        console.log('event received', event.id);
        if (event.fail) throw new Error('async failure');
        return 'done';
      };`,
    });
    const fn = testFunction({ codeDir, handler: 'index.handler' });
    let complete!: (result: InvokeResult) => void;
    const completed = new Promise<InvokeResult>((resolve) => {
      complete = resolve;
    });
    const accepted = await runtime.invoke(
      fn,
      { id: 'e-1' },
      { invocationType: 'Event', requestId: 'ev-1', onComplete: complete },
    );
    expect(accepted).toEqual({ statusCode: 202, requestId: 'ev-1', payload: '' });
    const done = await completed;
    expect(done).toMatchObject({ statusCode: 200, payload: '"done"' });
    expect(fn.messages()).toContain('END RequestId: ev-1');
    expect(fn.messages().some((m) => m.endsWith('\tev-1\tINFO\tevent received e-1'))).toBe(true);

    const failing = testFunction({ codeDir, handler: 'index.handler' });
    await runtime.invoke(failing, { fail: true }, { invocationType: 'Event', requestId: 'ev-2' });
    await runtime.drain();
    expect(
      failing
        .messages()
        .some((m) =>
          /\tev-2\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"async failure"/.test(m),
        ),
    ).toBe(true);

    const dry = testFunction({ codeDir, handler: 'index.handler' });
    expect(await runtime.invoke(dry, {}, { invocationType: 'DryRun', requestId: 'dry-1' })).toEqual({
      statusCode: 204,
      requestId: 'dry-1',
      payload: '',
    });
    expect(dry.logs).toEqual([]);
  });

  it('gives up on an init that takes longer than the init limit', async () => {
    const slowInit = createLambdaRuntime({ workDir: join(area.root, 'slow-init'), initTimeoutMs: 300 });
    const codeDir = await writeCode(area.root, {
      'index.mjs': `await new Promise((resolve) => setTimeout(resolve, 5000));
        export const handler = async () => 'never';`,
    });
    const fn = testFunction({ codeDir, handler: 'index.handler', timeout: 2 });
    const result = await slowInit.invoke(fn, {}, { requestId: 'init-slow' });
    await slowInit.shutdown();
    expect(result.functionError).toBe('Unhandled');
    expect(json(result.payload).errorMessage).toMatch(/ init-slow Task timed out after 2\.00 seconds$/);
    expect(fn.messages()[0]).toMatch(/^INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: timeout$/);
  });

  it("enforces Invoke's payload limits and refuses runtimes it cannot run", async () => {
    const codeDir = await writeCode(area.root, {
      'index.mjs': `export const handler = async (event) => 'x'.repeat(event.size);`,
    });
    const fn = testFunction({ codeDir, handler: 'index.handler' });
    const big = { data: 'x'.repeat(6_291_456) };
    await expect(runtime.invoke(fn, big)).rejects.toMatchObject({
      code: 'RequestTooLargeException',
      status: 413,
      message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
    });
    await expect(
      runtime.invoke(fn, { data: 'x'.repeat(1_048_576) }, { invocationType: 'Event' }),
    ).rejects.toMatchObject({
      code: 'RequestTooLargeException',
    });
    await expect(runtime.invoke(fn, new TextEncoder().encode('{not json'))).rejects.toMatchObject({
      code: 'InvalidRequestContentException',
    });
    const raw = await runtime.invoke(fn, new TextEncoder().encode('{"size": 3}'));
    expect(raw.payload).toBe('"xxx"');

    const tooLarge = await runtime.invoke(fn, { size: 6_300_000 });
    expect(tooLarge.functionError).toBe('Unhandled');
    expect(json(tooLarge.payload)).toEqual({
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });

    await expect(runtime.invoke({ ...fn, runtime: 'java21' }, {})).rejects.toMatchObject({
      code: 'InvalidRuntimeException',
      status: 502,
    });
  });

  it('explains a missing interpreter as a service error', async () => {
    const broken = createLambdaRuntime({
      workDir: join(area.root, 'no-python'),
      pythonExecutable: 'python3-not-installed',
    });
    const codeDir = await writeCode(area.root, {
      'lambda_function.py': 'def lambda_handler(e, c):\n    return 1\n',
    });
    const fn = testFunction({ codeDir, handler: 'lambda_function.lambda_handler', runtime: 'python3.13' });
    await expect(broken.invoke(fn, {})).rejects.toMatchObject({
      code: 'ServiceException',
      message: expect.stringContaining('python3-not-installed could not be started'),
    });
    await broken.shutdown();
  });

  it('shuts down: kills busy and idle processes and what they started, and removes its files', async () => {
    const own = createLambdaRuntime({ workDir: join(area.root, 'own') });
    const codeDir = await writeCode(area.root, {
      'index.mjs': `import { spawn } from 'node:child_process';
        export const handler = async (event) => {
          if (event.spawn) {
            const child = spawn('sleep', ['30'], { stdio: 'ignore' });
            return child.pid;
          }
          if (event.hang) {
            console.log('hanging');
            await new Promise((resolve) => setTimeout(resolve, 30000));
          }
          return process.pid;
        };`,
    });
    const fn = testFunction({ codeDir, handler: 'index.handler', timeout: 60 });
    const idlePid = Number((await own.invoke(fn, {})).payload);
    const grandchild = Number(
      (await own.invoke(testFunction({ codeDir, handler: 'index.handler' }), { spawn: true })).payload,
    );
    expect(isRunning(grandchild)).toBe(true);
    let running!: () => void;
    const hanging = new Promise<void>((resolve) => {
      running = resolve;
    });
    const busy = own.invoke(
      {
        ...testFunction({ codeDir, handler: 'index.handler', timeout: 60 }),
        logSink: (e) => e.message.endsWith('\tINFO\thanging') && running(),
      },
      { hang: true },
    );
    await hanging;
    await own.invoke(fn, {}); // (the idle process serves this; the busy one is still hanging)
    await own.shutdown();
    const hung = await busy;
    expect(json(hung.payload)).toMatchObject({ errorType: 'Runtime.ExitError' });
    expect(isRunning(idlePid)).toBe(false);
    expect(isRunning(grandchild)).toBe(false);
    expect(existsSync(join(area.root, 'own', 'runtime'))).toBe(false);
    await expect(own.invoke(fn, {})).rejects.toMatchObject({ code: 'ServiceException' });
  });

  it('shuts down completely in a host process that has nothing else to do', async () => {
    const codeDir = await writeCode(area.root, {
      'index.mjs': 'export const handler = async () => process.pid;',
    });
    const workDir = join(area.root, 'host-work');
    const module = pathToFileURL(
      resolve(import.meta.dirname, '../../../../src/local-cloud/services/lambda/runtime/index.ts'),
    );
    const script = `
      const { createLambdaRuntime } = await import(${JSON.stringify(module.href)});
      const runtime = createLambdaRuntime({ workDir: ${JSON.stringify(workDir)} });
      const fn = { functionName: 'h', functionArn: 'arn:aws:lambda:us-east-1:111111111111:function:h',
        runtime: 'nodejs22.x', handler: 'index.handler', codeDir: ${JSON.stringify(codeDir)},
        memorySize: 128, timeout: 5, region: 'us-east-1' };
      const pid = (await runtime.invoke(fn, {})).payload;
      await runtime.shutdown();
      console.log('shut down ' + pid);`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: resolve(import.meta.dirname, '../../../..'),
      },
    );
    const pid = Number(/shut down (\d+)/.exec(stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(isRunning(pid)).toBe(false);
    expect(existsSync(join(workDir, 'runtime'))).toBe(false);
  });
});
