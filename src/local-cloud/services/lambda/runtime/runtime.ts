/**
 * The Lambda execution engine: runs Node.js and Python handlers in child processes as Lambda's managed
 * runtimes do, for the Lambda API (Invoke) and the services that invoke functions (Config, EventBridge…).
 *
 *   const lambda = createLambdaRuntime();
 *   const result = await lambda.invoke(fn, { key: 'value' });        // RequestResponse
 *   // result.statusCode 200, result.payload '…', result.functionError 'Unhandled' on errors
 *   await lambda.invoke(fn, event, { invocationType: 'Event', onComplete }); // 202 at once
 *   await lambda.shutdown();                                         // kills every process
 */
import { randomUUID } from 'node:crypto';
import { runInvocation } from './invocation.js';
import { eventPayload, shuttingDownError } from './payloads.js';
import { SandboxPool } from './pool.js';
import { prepareRuntimeFiles, type RuntimeFiles } from './runtime-files.js';
import { runtimeFamilyOf, unsupportedRuntimeError } from './runtimes.js';
import type {
  FunctionConfig,
  InvokeOptions,
  InvokeResult,
  LambdaRuntime,
  LambdaRuntimeOptions,
} from './types.js';

export function createLambdaRuntime(options: LambdaRuntimeOptions = {}): LambdaRuntime {
  const pool = new SandboxPool({
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    maxIdle: options.maxIdleProcesses ?? 16,
  });
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  let files: Promise<RuntimeFiles> | undefined;
  const deps = {
    files: () => {
      files ??= prepareRuntimeFiles({ workDir: options.workDir, sdkNodeModules: options.sdkNodeModules });
      return files;
    },
    pool,
    now: options.now ?? (() => new Date()),
    closed: () => closed,
    nodeExecutable: options.nodeExecutable ?? process.execPath,
    pythonExecutable: options.pythonExecutable ?? 'python3',
    initTimeoutMs: options.initTimeoutMs ?? 10_000,
    memoryPollMs: options.memoryPollMs ?? 100,
  };

  function track<T>(task: Promise<T>): Promise<T> {
    inFlight.add(task);
    const forget = () => inFlight.delete(task);
    task.then(forget, forget);
    return task;
  }

  async function drain(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  async function invoke(
    fn: FunctionConfig,
    event: unknown,
    invokeOptions: InvokeOptions = {},
  ): Promise<InvokeResult> {
    if (closed) throw shuttingDownError();
    const type = invokeOptions.invocationType ?? 'RequestResponse';
    const family = runtimeFamilyOf(fn.runtime);
    if (family === undefined) throw unsupportedRuntimeError(fn.runtime);
    const requestId = invokeOptions.requestId ?? randomUUID();
    if (type === 'DryRun') return { statusCode: 204, requestId, payload: '' };
    const payload = eventPayload(event, type);
    const request = { fn, family, payload, requestId, options: invokeOptions };
    if (type === 'RequestResponse') return track(runInvocation(deps, request));
    const eventRequest = { ...request, options: { ...invokeOptions, logType: 'None' as const } };
    void track(
      runInvocation(deps, eventRequest).then(
        (result) => invokeOptions.onComplete?.(result),
        (error: unknown) => invokeOptions.onError?.(error),
      ),
    ).catch(() => {});
    return { statusCode: 202, requestId, payload: '' };
  }

  async function shutdown(): Promise<void> {
    closed = true;
    await pool.killAll();
    await drain();
    await pool.killAll();
    const prepared = files;
    files = undefined;
    if (prepared) await (await prepared.catch(() => undefined))?.remove();
  }

  return { invoke, drain, shutdown };
}
