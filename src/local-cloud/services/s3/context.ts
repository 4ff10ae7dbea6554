/** What every S3 operation works with: the request, its caller, the shared deps and S3's state. */
import type { RequestContext, S3Input } from '../../http/index.js';
import type { CallerPrincipal, KmsInternal, ServiceDeps } from '../deps.js';
import { type S3State, s3Slice } from './state.js';

export interface S3Env {
  readonly deps: ServiceDeps;
  readonly kms: KmsInternal;
}

export interface S3Call {
  readonly env: S3Env;
  readonly input: S3Input;
  readonly ctx: RequestContext;
  /** The verified caller; undefined for anonymous requests. */
  readonly caller: CallerPrincipal;
}

export function s3State(call: S3Call): S3State {
  return call.env.deps.store.get(s3Slice);
}

export function dispatchS3(call: S3Call, type: string, payload: unknown): void {
  call.env.deps.store.dispatch(s3Slice, type, payload);
}

/** The request time as S3 stores it (ISO 8601, milliseconds). */
export function nowIso(call: S3Call): string {
  return call.ctx.now.toISOString();
}
