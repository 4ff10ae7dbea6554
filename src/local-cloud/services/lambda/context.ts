/** What every Lambda operation works with: the shared deps, the services Lambda uses, and its caches. */
import type { PolicyLookup } from '../../core/authorize.js';
import type { Identity } from '../../core/identity.js';
import type { RequestContext } from '../../http/index.js';
import type { ServiceDeps } from '../deps.js';
import type { LogsInternal } from '../logs/index.js';
import type { S3Internal } from '../s3/index.js';
import type { CodeCache } from './code.js';
import type { Where } from './names.js';
import type { RoleSessions } from './roles.js';
import type { LambdaRuntime } from './runtime/index.js';
import { type LambdaState, lambdaSlice } from './state.js';

export interface LambdaEnv {
  readonly deps: ServiceDeps;
  readonly s3: S3Internal;
  readonly logs: LogsInternal;
  readonly identity: Identity;
  readonly policies: PolicyLookup;
  readonly runtime: LambdaRuntime;
  readonly sessions: RoleSessions;
  readonly code: CodeCache;
  /** The cloud's endpoint functions call (AWS_ENDPOINT_URL); the request's endpoint until known. */
  endpoint: string | undefined;
}

export function lambdaState(env: LambdaEnv): LambdaState {
  return env.deps.store.get(lambdaSlice);
}

/** The caller's account and the request's region. */
export function whereOf(env: LambdaEnv, ctx: RequestContext): Where {
  const caller = env.deps.callerOf(ctx);
  return { accountId: caller?.accountId ?? '', region: ctx.region };
}

/** Lambda's timestamps: `2024-05-01T12:00:00.000+0000`. */
export function lambdaTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
