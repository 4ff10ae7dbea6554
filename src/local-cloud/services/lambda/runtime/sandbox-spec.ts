/**
 * How to start a function's process (command, arguments, environment) and the key that decides whether
 * a warm process can serve an invocation. Pure.
 */
import { createHash } from 'node:crypto';
import { functionEnvironment } from './environment.js';
import type { RuntimeFamily } from './runtimes.js';
import type { SandboxSpec } from './sandbox.js';
import type { FunctionConfig, RoleCredentials } from './types.js';

/** ARN + version: the unit Lambda keeps execution environments for. */
export const functionKeyOf = (fn: FunctionConfig, version: string): string => `${fn.functionArn}:${version}`;

/** Everything a process is started with; any change means a new process. */
export function configKey(
  fn: FunctionConfig,
  version: string,
  credentials: RoleCredentials | undefined,
): string {
  const environment = Object.entries(fn.environment ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts = [
    fn.functionArn,
    version,
    fn.runtime,
    fn.handler,
    fn.codeDir,
    fn.memorySize,
    fn.timeout,
    fn.region,
    fn.endpoint ?? null,
    environment,
    credentials
      ? [credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken ?? null]
      : null,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** V8's old-space limit for a function's memory size, MB (the rest is for code, stacks and buffers). */
export const nodeHeapLimitMb = (memorySizeMb: number): number => Math.max(16, Math.floor(memorySizeMb * 0.9));

export interface SpecInput {
  fn: FunctionConfig;
  family: RuntimeFamily;
  version: string;
  credentials: RoleCredentials | undefined;
  key: string;
  logStreamName: string;
  tmpDir: string;
  runtimeDir: string;
  nodeBootstrap: string;
  pythonBootstrap: string;
  sdkNodeModules: string | undefined;
  nodeExecutable: string;
  pythonExecutable: string;
  memoryPollMs: number;
  hostPath: string | undefined;
  devNull: string;
}

export function sandboxSpec(input: SpecInput): SandboxSpec {
  const { fn } = input;
  const node = input.family === 'nodejs';
  return {
    key: input.key,
    functionKey: functionKeyOf(fn, input.version),
    command: node ? input.nodeExecutable : input.pythonExecutable,
    args: node
      ? [`--max-old-space-size=${nodeHeapLimitMb(fn.memorySize)}`, input.nodeBootstrap]
      : [input.pythonBootstrap],
    cwd: fn.codeDir,
    env: functionEnvironment({
      fn,
      family: input.family,
      version: input.version,
      credentials: input.credentials,
      logStreamName: input.logStreamName,
      runtimeDir: input.runtimeDir,
      tmpDir: input.tmpDir,
      sdkNodeModules: input.sdkNodeModules,
      hostPath: input.hostPath,
      devNull: input.devNull,
    }),
    tmpDir: input.tmpDir,
    logStreamName: input.logStreamName,
    memorySizeMb: fn.memorySize,
    memoryPollMs: input.memoryPollMs,
  };
}
