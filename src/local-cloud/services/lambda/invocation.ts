/**
 * Running one function version on the execution engine: the code directory, the role session's
 * credentials, the cloud's endpoint, and a log sink writing to CloudWatch Logs as the function's role
 * (a role without log permissions still runs; its lines are dropped, as on AWS).
 */
import { authorizerFor } from './authz.js';
import type { LambdaEnv } from './context.js';
import { fnKey } from './lookup.js';
import type { FunctionConfig, InvokeOptions, InvokeResult } from './runtime/index.js';
import type { FunctionVersion, StoredFunction } from './state.js';

export interface RunInput {
  fn: StoredFunction;
  version: FunctionVersion;
  invokedArn: string;
  event: unknown;
  options: InvokeOptions;
  /** The endpoint functions call when the cloud's own is not known yet. */
  endpoint?: string;
}

export async function functionConfig(
  env: LambdaEnv,
  input: Pick<RunInput, 'fn' | 'version' | 'endpoint'>,
): Promise<FunctionConfig> {
  const { fn, version } = input;
  const session = env.sessions.sessionFor({
    functionKey: fnKey(fn),
    functionName: fn.name,
    roleArn: version.role,
    now: env.deps.now(),
  });
  const credential = env.identity.lookup(session.accessKeyId);
  const authorize = credential ? authorizerFor(credential, env.policies) : undefined;
  const codeDir = await env.code.dirFor(version.codeBlob, () => env.deps.store.getBlob(version.codeBlob));
  return {
    functionName: fn.name,
    functionArn: fn.arn,
    version: version.version,
    runtime: version.runtime,
    handler: version.handler,
    codeDir,
    memorySize: version.memorySize,
    timeout: version.timeout,
    environment: version.environment,
    credentials: () => ({
      accessKeyId: session.accessKeyId,
      secretAccessKey: session.secretAccessKey,
      sessionToken: session.sessionToken,
    }),
    endpoint: env.endpoint ?? input.endpoint,
    region: fn.region,
    logSink: (event) => {
      if (!authorize) return;
      env.logs.append(fn.accountId, fn.region, event.logGroupName, event.logStreamName, [event], {
        authorize,
      });
    },
  };
}

export async function runFunction(env: LambdaEnv, input: RunInput): Promise<InvokeResult> {
  const config = await functionConfig(env, input);
  return env.runtime.invoke(config, input.event, { ...input.options, invokedFunctionArn: input.invokedArn });
}
