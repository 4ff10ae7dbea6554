/**
 * The environment a function process gets, as Lambda's managed runtimes set it: the reserved variables
 * (function name, memory, log names, region, role credentials…), the function's own variables, and the
 * local cloud's endpoint. Nothing of the host's environment leaks in but PATH, so a developer's own AWS
 * credentials, profile or config file are never seen by a function. Pure.
 */
import { delimiter } from 'node:path';
import type { RuntimeFamily } from './runtimes.js';
import type { FunctionConfig, RoleCredentials } from './types.js';

/** Variables Lambda sets and does not let a function configuration change. */
export const RESERVED_ENVIRONMENT_KEYS: readonly string[] = [
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
];

/** The reserved keys a function configuration uses (CreateFunction rejects them). */
export function reservedKeysIn(environment: Record<string, string> | undefined): string[] {
  return Object.keys(environment ?? {}).filter((key) => RESERVED_ENVIRONMENT_KEYS.includes(key));
}

export function logGroupNameOf(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** `2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef` */
export function logStreamNameOf(options: { date: Date; version: string; id: string }): string {
  const day = options.date.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[${options.version}]${options.id}`;
}

export interface EnvironmentInput {
  fn: FunctionConfig;
  family: RuntimeFamily;
  version: string;
  credentials: RoleCredentials | undefined;
  logStreamName: string;
  /** Where the bootstrap lives (`LAMBDA_RUNTIME_DIR`). */
  runtimeDir: string;
  /** The process's own temp dir (`TMPDIR`). */
  tmpDir: string;
  /** The curated `node_modules` with the AWS SDK (Node.js only). */
  sdkNodeModules: string | undefined;
  /** The host's PATH (to find executables). */
  hostPath: string | undefined;
  /** `os.devNull`: the AWS config and credentials files a function reads. */
  devNull: string;
}

export function functionEnvironment(input: EnvironmentInput): Record<string, string> {
  const { fn, credentials } = input;
  const defaults: Record<string, string> = {
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    TMPDIR: input.tmpDir,
    // Keeps the developer's ~/.aws files out of the function (not set by AWS).
    AWS_CONFIG_FILE: input.devNull,
    AWS_SHARED_CREDENTIALS_FILE: input.devNull,
  };
  if (input.hostPath !== undefined) defaults.PATH = input.hostPath;
  if (input.family === 'nodejs') {
    defaults.NODE_PATH = [input.sdkNodeModules, fn.codeDir].filter((p) => p !== undefined).join(delimiter);
  }
  const own = Object.fromEntries(
    Object.entries(fn.environment ?? {}).filter(([key]) => !RESERVED_ENVIRONMENT_KEYS.includes(key)),
  );
  const reserved: Record<string, string> = {
    _HANDLER: fn.handler,
    AWS_REGION: fn.region,
    AWS_DEFAULT_REGION: fn.region,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_FUNCTION_VERSION: input.version,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: logGroupNameOf(fn.functionName),
    AWS_LAMBDA_LOG_STREAM_NAME: input.logStreamName,
    LAMBDA_TASK_ROOT: fn.codeDir,
    LAMBDA_RUNTIME_DIR: input.runtimeDir,
  };
  if (credentials) {
    reserved.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    reserved.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    if (credentials.sessionToken !== undefined) reserved.AWS_SESSION_TOKEN = credentials.sessionToken;
  }
  // The local cloud's endpoint wins over the function's own value: a local function never reaches AWS.
  if (fn.endpoint !== undefined) reserved.AWS_ENDPOINT_URL = fn.endpoint;
  return { ...defaults, ...own, ...reserved };
}
