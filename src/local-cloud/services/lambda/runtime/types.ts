/**
 * The Lambda execution engine's public shapes: what a function is (as the engine needs it), how it is
 * invoked, and what comes back. The Lambda API (CreateFunction, Invoke, …) builds on these.
 */

/** `nodejs22.x`, `nodejs24.x`, `python3.11` … `python3.14` (any `nodejsN.x` / `python3.N` runs). */
export type LambdaRuntimeName = string;

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

/** The function role's credentials, as Lambda puts them in the environment. */
export interface RoleCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** One CloudWatch Logs event of a function: platform lines (START/END/REPORT) and the function's output. */
export interface LogEvent {
  /** `/aws/lambda/<functionName>` */
  logGroupName: string;
  /** `YYYY/MM/DD/[$LATEST]<32 hex>`, one per execution environment (child process). */
  logStreamName: string;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** The message, without a trailing newline. */
  message: string;
}

export interface FunctionConfig {
  functionName: string;
  /** Unqualified ARN: `arn:aws:lambda:us-east-1:111111111111:function:my-fn`. */
  functionArn: string;
  /** `$LATEST` unless given. */
  version?: string;
  runtime: LambdaRuntimeName;
  /** `index.handler`, `lambda_function.lambda_handler`, `src/app.run`. */
  handler: string;
  /** The unpacked code (see `unpackZip`). */
  codeDir: string;
  /** MB; the process is killed above it. */
  memorySize: number;
  /** Seconds. */
  timeout: number;
  environment?: Record<string, string>;
  /** The execution role's credentials, asked for at each invocation (a change starts a new process). */
  credentials?: () => RoleCredentials | Promise<RoleCredentials>;
  /** The local cloud's endpoint, set as `AWS_ENDPOINT_URL` so the SDK / boto3 in the function call it. */
  endpoint?: string;
  region: string;
  /** Receives every log event (for CloudWatch Logs). Errors it throws are ignored. */
  logSink?: (event: LogEvent) => void;
}

export interface InvokeOptions {
  /** `RequestResponse` unless given. */
  invocationType?: InvocationType;
  /** `Tail` returns the last 4 KB of the invocation's log in `logResult` (synchronous invocations only). */
  logType?: 'None' | 'Tail';
  /** The request ID the function sees (`context.awsRequestId`); a random UUID unless given. */
  requestId?: string;
  /** `context.invokedFunctionArn` (with the qualifier the caller used); the function ARN unless given. */
  invokedFunctionArn?: string;
  /** The decoded `X-Amz-Client-Context` object (`{ client, custom, env }`). */
  clientContext?: unknown;
  /** Event invocations: called with the result once the function has run. */
  onComplete?: (result: InvokeResult) => void;
  /** Event invocations: called when the function could not be run at all (e.g. no python3). */
  onError?: (error: unknown) => void;
}

/** The figures of the REPORT line. */
export interface InvocationReport {
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Cold starts only. */
  initDurationMs?: number;
  status?: 'timeout' | 'error';
  errorType?: string;
}

export interface InvokeResult {
  /** 200 RequestResponse, 202 Event, 204 DryRun. */
  statusCode: 200 | 202 | 204;
  requestId: string;
  /** The response JSON text ('' for Event and DryRun). */
  payload: string;
  /** `X-Amz-Function-Error`. */
  functionError?: 'Unhandled';
  /** `X-Amz-Executed-Version` (synchronous invocations). */
  executedVersion?: string;
  /** `X-Amz-Log-Result`: base64 of the last 4 KB of the log, with `logType: 'Tail'`. */
  logResult?: string;
  report?: InvocationReport;
}

export interface LambdaRuntimeOptions {
  /** Where bootstrap files and per-process temp dirs go; a new temp dir (removed at shutdown) unless given. */
  workDir?: string;
  /** How long an idle process is kept for reuse; 60 s unless given (0: never reuse). */
  idleTimeoutMs?: number;
  /** Idle processes kept at most (oldest go first); 16 unless given. */
  maxIdleProcesses?: number;
  /** `process.execPath` unless given. */
  nodeExecutable?: string;
  /** `python3` unless given. */
  pythonExecutable?: string;
  /**
   * The `node_modules` holding the AWS SDK for JavaScript v3 that handlers can import (as in AWS's managed
   * runtime); found next to this module unless given; `null` disables it.
   */
  sdkNodeModules?: string | null;
  /** Init phase limit; 10 s (Lambda's) unless given. */
  initTimeoutMs?: number;
  /** How often a busy process's memory is checked; 100 ms unless given. */
  memoryPollMs?: number;
  /** Clock for log timestamps and the timeout message. */
  now?: () => Date;
}

export interface LambdaRuntime {
  invoke(fn: FunctionConfig, event: unknown, options?: InvokeOptions): Promise<InvokeResult>;
  /** Resolves once every invocation started so far (Event ones included) has finished. */
  drain(): Promise<void>;
  /** Kills every process, waits for running invocations to end, removes the temp files. */
  shutdown(): Promise<void>;
}
