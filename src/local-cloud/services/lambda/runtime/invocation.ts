/**
 * One invocation, start to end: take a warm process or start one (init), write START, run, write END and
 * REPORT, hand the process back to the pool (or kill it), and build the result.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { devNull } from 'node:os';
import { join } from 'node:path';
import { AwsError } from '../../../http/index.js';
import { logStreamNameOf } from './environment.js';
import { InvocationLog } from './invocation-log.js';
import { billedDuration, endLine, initReportLine, reportLine, startLine } from './log-lines.js';
import { type Settled, settleInit, settleRun } from './outcomes.js';
import { shuttingDownError } from './payloads.js';
import type { SandboxPool } from './pool.js';
import type { RuntimeFiles } from './runtime-files.js';
import { Sandbox } from './sandbox.js';
import { configKey, functionKeyOf, sandboxSpec } from './sandbox-spec.js';
import type { RuntimeFamily } from './runtimes.js';
import type {
  FunctionConfig,
  InvocationReport,
  InvokeOptions,
  InvokeResult,
  RoleCredentials,
} from './types.js';

export interface InvocationDeps {
  files: () => Promise<RuntimeFiles>;
  pool: SandboxPool;
  now: () => Date;
  closed: () => boolean;
  nodeExecutable: string;
  pythonExecutable: string;
  initTimeoutMs: number;
  memoryPollMs: number;
}

export interface InvocationRequest {
  fn: FunctionConfig;
  family: RuntimeFamily;
  /** The event's JSON text. */
  payload: string;
  requestId: string;
  options: InvokeOptions;
}

async function startSandbox(
  deps: InvocationDeps,
  request: InvocationRequest,
  context: { version: string; credentials: RoleCredentials | undefined; key: string },
): Promise<Sandbox> {
  const files = await deps.files();
  const tmpDir = await mkdtemp(join(files.sandboxesDir, 'env-'));
  if (deps.closed()) throw shuttingDownError();
  const spec = sandboxSpec({
    fn: request.fn,
    family: request.family,
    version: context.version,
    credentials: context.credentials,
    key: context.key,
    logStreamName: logStreamNameOf({
      date: deps.now(),
      version: context.version,
      id: randomUUID().replaceAll('-', ''),
    }),
    tmpDir,
    runtimeDir: files.runtimeDir,
    nodeBootstrap: files.nodeBootstrap,
    pythonBootstrap: files.pythonBootstrap,
    sdkNodeModules: files.sdkNodeModules,
    nodeExecutable: deps.nodeExecutable,
    pythonExecutable: deps.pythonExecutable,
    memoryPollMs: deps.memoryPollMs,
    hostPath: process.env.PATH,
    devNull,
  });
  const sandbox = new Sandbox(spec);
  deps.pool.add(sandbox);
  return sandbox;
}

function spawnFailure(request: InvocationRequest, command: string, error: Error): AwsError {
  return new AwsError(
    'ServiceException',
    `The local cloud cannot run ${request.fn.runtime} functions: ${command} could not be started ` +
      `(${error.message}). Install it, or give the Lambda runtime its path.`,
    { status: 500 },
  );
}

const toMb = (kb: number | undefined): number => Math.max(1, Math.round((kb ?? 0) / 1024));

interface Phase {
  settled: Settled;
  durationMs: number;
  reusable: boolean;
}

async function runOnce(
  sandbox: Sandbox,
  request: InvocationRequest,
  context: { log: InvocationLog; now: () => Date; version: string },
): Promise<Phase> {
  const { fn, requestId, options } = request;
  context.log.write(startLine(requestId, context.version));
  const started = performance.now();
  const outcome = await sandbox.run({
    requestId,
    event: request.payload,
    invokedFunctionArn: options.invokedFunctionArn ?? fn.functionArn,
    clientContext: options.clientContext,
    timeoutMs: fn.timeout * 1000,
  });
  const durationMs = performance.now() - started;
  const settled = settleRun(outcome, { requestId, timeoutSeconds: fn.timeout, date: context.now() });
  return {
    settled,
    durationMs,
    reusable: outcome.kind === 'result' || (outcome.kind === 'error' && !outcome.fatal),
  };
}

export async function runInvocation(deps: InvocationDeps, request: InvocationRequest): Promise<InvokeResult> {
  const { fn, requestId, options } = request;
  const version = fn.version ?? '$LATEST';
  const credentials = fn.credentials ? await fn.credentials() : undefined;
  if (deps.closed()) throw shuttingDownError();
  const key = configKey(fn, version, credentials);
  deps.pool.use(functionKeyOf(fn, version), key);
  const log = new InvocationLog({ fn, now: deps.now, keep: options.logType === 'Tail' });

  const warm = deps.pool.acquire(key);
  const sandbox = warm ?? (await startSandbox(deps, request, { version, credentials, key }));
  log.useStream(sandbox.logStreamName);
  sandbox.setLogTarget(log.write);
  const init = warm ? undefined : await sandbox.init(deps.initTimeoutMs);
  if (init?.kind === 'spawnError') {
    throw spawnFailure(
      request,
      request.family === 'nodejs' ? deps.nodeExecutable : deps.pythonExecutable,
      init.error,
    );
  }
  let phase: Phase;
  if (init === undefined || init.kind === 'ready') {
    phase = await runOnce(sandbox, request, { log, now: deps.now, version });
  } else {
    const settled = settleInit(init, { requestId, timeoutSeconds: fn.timeout, date: deps.now() });
    const status = init.kind === 'timeout' ? 'timeout' : 'error';
    log.write(initReportLine({ initDurationMs: init.durationMs, status, errorType: settled.errorType }));
    log.write(startLine(requestId, version));
    phase = { settled, durationMs: init.durationMs, reusable: false };
  }

  const { settled, durationMs } = phase;
  for (const line of settled.logLines) log.write(line);
  const report: InvocationReport = {
    durationMs,
    billedDurationMs: billedDuration(durationMs),
    memorySizeMb: fn.memorySize,
    maxMemoryUsedMb: toMb(Math.max(settled.maxRssKb ?? 0, sandbox.peakKb)),
    initDurationMs: init?.kind === 'ready' ? init.durationMs : undefined,
    status: settled.status,
    errorType: settled.errorType,
  };
  log.write(endLine(requestId));
  log.write(reportLine(requestId, report));
  deps.pool.release(sandbox, { reusable: phase.reusable });
  return {
    statusCode: 200,
    requestId,
    payload: settled.payload,
    functionError: settled.functionError,
    executedVersion: version,
    logResult: options.logType === 'Tail' ? log.tail() : undefined,
    report,
  };
}
