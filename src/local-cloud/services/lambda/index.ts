/**
 * The local cloud's Lambda API (REST-JSON under /2015-03-31/): functions, code from S3 with the caller's
 * permissions, versions, aliases, resource policies, and Invoke on the execution engine (runtime/).
 * See docs/local-cloud.md ("Lambda").
 *
 *   const lambda = registerLambda(registry, deps, { s3, logs, identity, policies, runtime });
 *   lambda.setEndpoint(cloud.endpoint);   // what functions call (AWS_ENDPOINT_URL)
 *   lambda.internal.invokeAsService({ functionArn, servicePrincipal: 'config.amazonaws.com', … });
 *   await lambda.shutdown();              // kills function processes, removes unpacked code
 */
import type { PolicyLookup } from '../../core/authorize.js';
import type { Identity } from '../../core/identity.js';
import type {
  HttpMethod,
  RequestContext,
  RestInput,
  RestJsonResult,
  ServiceRegistry,
} from '../../http/index.js';
import type { LambdaInternal, ServiceDeps } from '../deps.js';
import type { LogsInternal } from '../logs/index.js';
import type { S3Internal } from '../s3/index.js';
import { createCodeCache } from './code.js';
import type { LambdaEnv } from './context.js';
import { createLambdaInternal } from './internal.js';
import {
  createFunction,
  deleteFunction,
  getFunction,
  getFunctionConfiguration,
  listFunctions,
  updateFunctionCode,
  updateFunctionConfiguration,
} from './ops/functions.js';
import { invoke } from './ops/invoke.js';
import { addPermission, getPolicy, removePermission } from './ops/permissions.js';
import {
  createAlias,
  deleteAlias,
  getAlias,
  listAliases,
  listVersions,
  publishVersion,
  updateAlias,
} from './ops/versions.js';
import { createRoleSessions } from './roles.js';
import type { LambdaRuntime } from './runtime/index.js';
import { lambdaSlice } from './state.js';

export { lambdaEventTarget, lambdaSubscriptionHandler } from './internal.js';
export type { FunctionVersion, LambdaState, PolicyStatement, StoredAlias, StoredFunction } from './state.js';
export { lambdaSlice } from './state.js';

export const lambdaSlices = [lambdaSlice];

export interface RegisterLambdaOptions {
  s3: S3Internal;
  logs: LogsInternal;
  identity: Identity;
  policies: PolicyLookup;
  runtime: LambdaRuntime;
}

export interface LambdaService {
  internal: LambdaInternal;
  /** The endpoint functions call (`AWS_ENDPOINT_URL`); until set, the endpoint of the invoking request. */
  setEndpoint(endpoint: string): void;
  /** Resolves once every invocation started so far (Event ones included) has finished. */
  idle(): Promise<void>;
  /** Stops every function process and removes the unpacked code. */
  shutdown(): Promise<void>;
}

type Handler = (
  env: LambdaEnv,
  input: RestInput,
  ctx: RequestContext,
) => RestJsonResult | Promise<RestJsonResult>;

const FN = '/2015-03-31/functions/{FunctionName}';

const ROUTES: readonly [HttpMethod, string, Handler][] = [
  ['POST', '/2015-03-31/functions', createFunction],
  ['GET', '/2015-03-31/functions', listFunctions],
  ['GET', FN, getFunction],
  ['DELETE', FN, deleteFunction],
  ['GET', `${FN}/configuration`, getFunctionConfiguration],
  ['PUT', `${FN}/configuration`, updateFunctionConfiguration],
  ['PUT', `${FN}/code`, updateFunctionCode],
  ['POST', `${FN}/invocations`, invoke],
  ['POST', `${FN}/policy`, addPermission],
  ['GET', `${FN}/policy`, getPolicy],
  ['DELETE', `${FN}/policy/{StatementId}`, removePermission],
  ['POST', `${FN}/versions`, publishVersion],
  ['GET', `${FN}/versions`, listVersions],
  ['POST', `${FN}/aliases`, createAlias],
  ['GET', `${FN}/aliases`, listAliases],
  ['GET', `${FN}/aliases/{Name}`, getAlias],
  ['PUT', `${FN}/aliases/{Name}`, updateAlias],
  ['DELETE', `${FN}/aliases/{Name}`, deleteAlias],
];

export function registerLambda(
  registry: ServiceRegistry,
  deps: ServiceDeps,
  options: RegisterLambdaOptions,
): LambdaService {
  const env: LambdaEnv = {
    deps,
    s3: options.s3,
    logs: options.logs,
    identity: options.identity,
    policies: options.policies,
    runtime: options.runtime,
    sessions: createRoleSessions(deps.store, options.identity),
    code: createCodeCache(),
    endpoint: undefined,
  };
  for (const [method, path, handler] of ROUTES) {
    registry.rest('lambda', method, path, (input, ctx) => handler(env, input, ctx));
  }
  return {
    internal: createLambdaInternal(env),
    setEndpoint(endpoint) {
      env.endpoint = endpoint;
    },
    idle: () => options.runtime.drain(),
    async shutdown() {
      await options.runtime.shutdown();
      await env.code.dispose();
    },
  };
}
