/**
 * Node.js handlers in child processes: module kinds, context, environment, callbacks, errors in AWS's
 * shapes, timeouts, process deaths, memory, logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLambdaRuntime,
  type LambdaRuntime,
} from '../../../../src/local-cloud/services/lambda/runtime/index.js';
import { ACCOUNT, childPids, json, scratch, testFunction, writeCode } from './fixtures.js';

const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

describe('Node.js handlers', () => {
  let runtime: LambdaRuntime;
  let area: Awaited<ReturnType<typeof scratch>>;

  beforeAll(async () => {
    area = await scratch();
    runtime = createLambdaRuntime();
  });
  afterAll(async () => {
    await runtime.shutdown();
    expect(childPids()).toEqual([]);
    await area.cleanup();
  });

  it('runs an ESM async handler with the event, the context and the environment', async () => {
    const codeDir = await writeCode(area.root, {
      'index.mjs': `export const handler = async (event, context) => ({
        event,
        context: {
          functionName: context.functionName,
          functionVersion: context.functionVersion,
          invokedFunctionArn: context.invokedFunctionArn,
          memoryLimitInMB: context.memoryLimitInMB,
          awsRequestId: context.awsRequestId,
          logGroupName: context.logGroupName,
          logStreamName: context.logStreamName,
          remaining: context.getRemainingTimeInMillis(),
          callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
          clientContext: context.clientContext,
        },
        env: Object.fromEntries(Object.entries(process.env).filter(([k]) =>
          /^(AWS_|LAMBDA_|_HANDLER|MY_|TZ|NODE_PATH|HOME)/.test(k))),
        cwd: process.cwd(),
      });`,
    });
    const fn = testFunction({
      functionName: 'esm-fn',
      codeDir,
      handler: 'index.handler',
      memorySize: 256,
      timeout: 7,
      environment: { MY_SETTING: 'on', AWS_REGION: 'eu-west-1' },
      credentials: () => ({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' }),
      endpoint: 'http://127.0.0.1:4566',
    });
    const result = await runtime.invoke(
      fn,
      { answer: 42 },
      {
        requestId: 'req-1',
        invokedFunctionArn: `${fn.functionArn}:live`,
        clientContext: { custom: { who: 'test' } },
      },
    );
    expect(result).toMatchObject({ statusCode: 200, requestId: 'req-1', executedVersion: '$LATEST' });
    expect(result.functionError).toBeUndefined();
    const body = json(result.payload) as {
      event: unknown;
      context: Record<string, unknown>;
      env: Record<string, string>;
      cwd: string;
    };
    expect(body.event).toEqual({ answer: 42 });
    expect(body.cwd).toBe(codeDir);
    expect(body.context).toMatchObject({
      functionName: 'esm-fn',
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:esm-fn:live`,
      memoryLimitInMB: '256',
      awsRequestId: 'req-1',
      logGroupName: '/aws/lambda/esm-fn',
      callbackWaitsForEmptyEventLoop: true,
      clientContext: { custom: { who: 'test' } },
    });
    expect(body.context.logStreamName).toMatch(/^\d{4}\/\d\d\/\d\d\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(body.context.remaining).toBeGreaterThan(5000);
    expect(body.context.remaining).toBeLessThanOrEqual(7000);
    expect(body.env).toMatchObject({
      MY_SETTING: 'on',
      AWS_REGION: 'us-east-1', // reserved: the function's own value does not win
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      AWS_LAMBDA_FUNCTION_NAME: 'esm-fn',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/esm-fn',
      AWS_LAMBDA_LOG_STREAM_NAME: body.context.logStreamName,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: codeDir,
      _HANDLER: 'index.handler',
      TZ: ':UTC',
    });
    expect(body.env.HOME).toBeUndefined();
    expect(body.env.AWS_PROFILE).toBeUndefined();
  });

  it('runs CommonJS handlers, callback style included, and finds handlers in subdirectories', async () => {
    const cjs = await writeCode(area.root, {
      'index.js': `exports.handler = (event, context, callback) => { callback(null, { kind: 'cjs', got: event.n * 2 }); };`,
      'lib/deep.cjs': `module.exports = { nested: { run: async () => 'deep' } };`,
    });
    const result = await runtime.invoke(testFunction({ codeDir: cjs, handler: 'index.handler' }), { n: 21 });
    expect(json(result.payload)).toEqual({ kind: 'cjs', got: 42 });
    const deep = await runtime.invoke(testFunction({ codeDir: cjs, handler: 'lib/deep.nested.run' }), {});
    expect(deep.payload).toBe('"deep"');

    const typeModule = await writeCode(area.root, {
      'package.json': '{ "type": "module" }',
      'src/app.js': `export async function run(event) { return { esm: typeof require === 'undefined', event }; }`,
    });
    const esm = await runtime.invoke(testFunction({ codeDir: typeModule, handler: 'src/app.run' }), [1, 2]);
    expect(json(esm.payload)).toEqual({ esm: true, event: [1, 2] });
  });

  it('answers a callback once the event loop is empty, unless callbackWaitsForEmptyEventLoop is false', async () => {
    const codeDir = await writeCode(area.root, {
      'index.js': `exports.handler = (event, context, callback) => {
        context.callbackWaitsForEmptyEventLoop = event.wait;
        setTimeout(() => console.log('timer fired'), event.delayMs);
        callback(null, 'done');
      };`,
    });
    const fn = testFunction({ codeDir, handler: 'index.handler', timeout: 10 });
    const waited = await runtime.invoke(fn, { wait: true, delayMs: 150 }, { requestId: 'wait-1' });
    expect(waited.payload).toBe('"done"');
    const messages = fn.messages();
    expect(messages.findIndex((m) => m.endsWith('\tINFO\ttimer fired'))).toBeLessThan(
      messages.indexOf('END RequestId: wait-1'),
    );

    const started = performance.now();
    const quick = await runtime.invoke(fn, { wait: false, delayMs: 8000 }, { requestId: 'wait-2' });
    expect(quick.payload).toBe('"done"');
    expect(performance.now() - started).toBeLessThan(2000);

    const sync = await writeCode(area.root, {
      'index.js': `exports.handler = () => { /* no callback, no promise */ };`,
    });
    expect(
      (await runtime.invoke(testFunction({ codeDir: sync, handler: 'index.handler' }), {})).payload,
    ).toBe('null');
  });

  it('returns thrown errors, callback errors and rejections as Lambda does', async () => {
    const codeDir = await writeCode(area.root, {
      'index.mjs': `
        export const thrower = async () => { throw new TypeError('bad input'); };
        export const text = async () => { throw 'just text'; };
        export const custom = async () => { const e = new Error('quota'); e.name = 'QuotaExceeded'; throw e; };
        export const viaCallback = (event, context, callback) => callback(new RangeError('out of range'));
        export const later = async (event) => {
          if (event.reject) { Promise.reject(new Error('nobody listens')); await new Promise(() => {}); }
          if (event.crash) { setTimeout(() => { throw new Error('async boom'); }, 1); await new Promise(() => {}); }
          return process.pid;
        };
      `,
    });
    const call = (handler: string) => runtime.invoke(testFunction({ codeDir, handler }), {});

    const thrown = await call('index.thrower');
    expect(thrown.functionError).toBe('Unhandled');
    const payload = json(thrown.payload) as { errorType: string; errorMessage: string; trace: string[] };
    expect(payload.errorType).toBe('TypeError');
    expect(payload.errorMessage).toBe('bad input');
    expect(payload.trace[0]).toBe('TypeError: bad input');
    expect(payload.trace[1]).toMatch(/^ {4}at .*index\.mjs:2:/);
    expect(thrown.report).toMatchObject({ status: 'error', errorType: 'TypeError' });

    expect(json((await call('index.text')).payload)).toEqual({
      errorType: 'string',
      errorMessage: 'just text',
      trace: [],
    });
    expect(json((await call('index.custom')).payload)).toMatchObject({
      errorType: 'QuotaExceeded',
      errorMessage: 'quota',
    });
    expect(json((await call('index.viaCallback')).payload)).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'out of range',
    });
    // An uncaught exception or unhandled rejection is the invocation's error, and ends the process.
    const later = testFunction({ codeDir, handler: 'index.later' });
    const first = Number((await runtime.invoke(later, {})).payload);
    const uncaught = await runtime.invoke(later, { crash: true });
    expect(uncaught.functionError).toBe('Unhandled');
    expect(json(uncaught.payload)).toMatchObject({ errorType: 'Error', errorMessage: 'async boom' });
    expect(
      later.messages().some((m) => m.includes('\tERROR\tUncaught Exception \t{"errorType":"Error"')),
    ).toBe(true);
    const rejected = await runtime.invoke(later, { reject: true });
    expect(json(rejected.payload)).toMatchObject({
      errorType: 'Runtime.UnhandledPromiseRejection',
      errorMessage: 'Error: nobody listens',
    });
    const after = await runtime.invoke(later, {});
    expect(after.functionError).toBeUndefined();
    expect(Number(after.payload)).not.toBe(first);
  });

  it('reports modules that cannot be loaded and handlers that are not there', async () => {
    const codeDir = await writeCode(area.root, {
      'index.mjs': `export const handler = async () => 'ok'; export const notAFunction = 42;`,
      'broken.mjs': `export const handler = async () => { return 1 +; };`,
      'needs.mjs': `import leftPad from 'left-pad'; export const handler = async () => leftPad('x', 3);`,
    });
    const fn = testFunction({ codeDir, handler: 'missing.handler', functionName: 'broken-fn' });
    const missing = await runtime.invoke(fn, {}, { requestId: 'import-1' });
    expect(missing.functionError).toBe('Unhandled');
    const payload = json(missing.payload) as { errorType: string; errorMessage: string; trace: string[] };
    expect(payload.errorType).toBe('Runtime.ImportModuleError');
    expect(payload.errorMessage).toBe(
      "Error: Cannot find module 'missing'\nRequire stack:\n- /var/runtime/index.mjs",
    );
    expect(payload.trace[0]).toBe("Runtime.ImportModuleError: Error: Cannot find module 'missing'");
    const messages = fn.messages();
    expect(messages[0]).toMatch(
      new RegExp(
        `^${ISO}\\tundefined\\tERROR\\tUncaught Exception \\t\\{"errorType":"Runtime.ImportModuleError"`,
      ),
    );
    expect(messages[1]).toMatch(
      /^INIT_REPORT Init Duration: [\d.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError$/,
    );
    expect(messages.slice(2, 4)).toEqual([
      'START RequestId: import-1 Version: $LATEST',
      'END RequestId: import-1',
    ]);
    expect(messages[4]).toMatch(/\tStatus: error\tError Type: Runtime.ImportModuleError$/);

    const errorOf = async (handler: string) =>
      json((await runtime.invoke(testFunction({ codeDir, handler }), {})).payload) as Record<string, string>;
    expect(await errorOf('index.nothere')).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.nothere is undefined or not exported',
    });
    expect(await errorOf('index.notAFunction')).toMatchObject({
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: 'index.notAFunction is not a function',
    });
    expect(await errorOf('index')).toMatchObject({
      errorType: 'Runtime.MalformedHandlerName',
      errorMessage: 'Bad handler',
    });
    expect((await errorOf('broken.handler')).errorType).toBe('Runtime.UserCodeSyntaxError');
    const dependency = await errorOf('needs.handler');
    expect(dependency.errorType).toBe('Runtime.ImportModuleError');
    expect(dependency.errorMessage).toContain("Cannot find package 'left-pad'");
  });

  it('rejects callback handlers from nodejs24.x on', async () => {
    const codeDir = await writeCode(area.root, {
      'index.js': `exports.handler = (event, context, callback) => callback(null, 1);
                   exports.modern = async (event, context) => ({ waits: 'callbackWaitsForEmptyEventLoop' in context });`,
    });
    const old = await runtime.invoke(
      testFunction({ codeDir, handler: 'index.handler', runtime: 'nodejs24.x' }),
      {},
    );
    expect(json(old.payload)).toMatchObject({ errorType: 'Runtime.CallbackHandlerDeprecated' });
    const modern = await runtime.invoke(
      testFunction({ codeDir, handler: 'index.modern', runtime: 'nodejs24.x' }),
      {},
    );
    expect(json(modern.payload)).toEqual({ waits: false });
  });

  it('kills a function at its timeout and answers as Lambda does', async () => {
    const codeDir = await writeCode(area.root, {
      'index.mjs': `let calls = 0;
        export const handler = async (event) => {
          calls += 1;
          console.log('sleeping');
          if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
          return calls;
        };`,
    });
    const fn = testFunction({ codeDir, handler: 'index.handler', timeout: 1 });
    const started = performance.now();
    const result = await runtime.invoke(fn, { sleepMs: 5000 }, { requestId: 'slow-1' });
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(3000);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    expect(result.functionError).toBe('Unhandled');
    expect(json(result.payload)).toEqual({
      errorMessage: expect.stringMatching(new RegExp(`^${ISO} slow-1 Task timed out after 1\\.00 seconds$`)),
    });
    const messages = fn.messages();
    expect(messages.some((m) => m.endsWith('\tslow-1\tINFO\tsleeping'))).toBe(true);
    expect(messages.at(-3)).toMatch(/ slow-1 Task timed out after 1\.00 seconds$/);
    expect(messages.at(-2)).toBe('END RequestId: slow-1');
    expect(messages.at(-1)).toMatch(/^REPORT RequestId: slow-1\tDuration: [\d.]+ ms\t.*\tStatus: timeout$/);

    // The timed-out process is gone: the next invocation starts afresh.
    const next = await runtime.invoke(fn, {});
    expect(next.payload).toBe('1');
    expect(next.report?.initDurationMs).toBeGreaterThan(0);
  });

  it('reports a process that exits, and kills one that goes over its memory', async () => {
    const codeDir = await writeCode(area.root, {
      'index.js': `exports.exit = async () => { process.exit(3); };
        exports.quiet = async () => { process.exit(0); };
        exports.hog = async () => {
          globalThis.hog = Buffer.alloc(200 * 1024 * 1024, 1);
          await new Promise((resolve) => setTimeout(resolve, 10000));
        };`,
    });
    const exit = await runtime.invoke(
      testFunction({ codeDir, handler: 'index.exit' }),
      {},
      { requestId: 'exit-1' },
    );
    expect(json(exit.payload)).toEqual({
      errorType: 'Runtime.ExitError',
      errorMessage: 'RequestId: exit-1 Error: Runtime exited with error: exit status 3',
    });
    const quiet = await runtime.invoke(
      testFunction({ codeDir, handler: 'index.quiet' }),
      {},
      { requestId: 'exit-2' },
    );
    expect(json(quiet.payload)).toMatchObject({
      errorMessage: 'RequestId: exit-2 Error: Runtime exited without providing a reason',
    });

    const fn = testFunction({ codeDir, handler: 'index.hog', memorySize: 128, timeout: 15 });
    const started = performance.now();
    const hog = await runtime.invoke(fn, {}, { requestId: 'hog-1' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(hog.functionError).toBe('Unhandled');
    expect(json(hog.payload)).toEqual({
      errorType: 'Runtime.OutOfMemory',
      errorMessage: 'RequestId: hog-1 Error: Runtime exited with error: signal: killed',
    });
    expect(hog.report?.maxMemoryUsedMb).toBeGreaterThan(128);
    expect(fn.messages().at(-1)).toMatch(
      /\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\t.*Error Type: Runtime.OutOfMemory$/,
    );
  });

  it('writes START, console output, process output, END and REPORT, and returns the tail', async () => {
    const codeDir = await writeCode(area.root, {
      'index.mjs': `
        console.log('loading');
        export const handler = async () => {
          console.log('hello %s', 'world', { n: 1 });
          console.error('two\\nlines');
          console.warn('careful');
          process.stdout.write('raw stdout\\npartial');
          process.stderr.write('raw stderr\\n');
          return 'ok';
        };`,
    });
    const fn = testFunction({ codeDir, handler: 'index.handler', functionName: 'logger', memorySize: 192 });
    const result = await runtime.invoke(fn, {}, { requestId: 'log-1', logType: 'Tail' });
    const messages = fn.messages();
    expect(messages[0]).toMatch(new RegExp(`^${ISO}\\tundefined\\tINFO\\tloading$`));
    expect(messages[1]).toBe('START RequestId: log-1 Version: $LATEST');
    const body = messages.slice(2, -2);
    expect(body).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${ISO}\\tlog-1\\tINFO\\thello world \\{ n: 1 \\}$`)),
        expect.stringMatching(new RegExp(`^${ISO}\\tlog-1\\tERROR\\ttwo\\nlines$`)),
        expect.stringMatching(new RegExp(`^${ISO}\\tlog-1\\tWARN\\tcareful$`)),
        'raw stdout',
        'partial',
        'raw stderr',
      ]),
    );
    expect(body).toHaveLength(6);
    expect(messages.at(-2)).toBe('END RequestId: log-1');
    expect(messages.at(-1)).toMatch(
      /^REPORT RequestId: log-1\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 192 MB\tMax Memory Used: \d+ MB\tInit Duration: \d+\.\d\d ms$/,
    );
    expect(new Set(fn.logs.map((e) => e.logGroupName))).toEqual(new Set(['/aws/lambda/logger']));
    expect(new Set(fn.logs.map((e) => e.logStreamName)).size).toBe(1);
    const tail = Buffer.from(result.logResult!, 'base64').toString('utf8');
    expect(tail.startsWith(`${messages[0]}\nSTART RequestId: log-1`)).toBe(true);
    expect(tail.endsWith(`${messages.at(-1)}\n`)).toBe(true);
  });
});
