/**
 * The local cloud's CloudFormation (query protocol, 2010-05-15): stacks created, updated and deleted
 * asynchronously by the stack engine (engine/), over the template engine (template/) and the resource
 * providers (providers/), acting as the caller or the stack's service role. See docs/local-cloud.md.
 *
 *   const cfn = registerCloudFormation(registry, deps, { identity, s3, providers, endpoint: () => url });
 *   await cfn.idle();    // every stack operation started so far has finished
 *   await cfn.close();   // no new operations; running ones wind down
 */
import type { Identity } from '../core/identity.js';
import type { ServiceRegistry } from '../http/index.js';
import type { ServiceDeps } from '../services/deps.js';
import type { S3Internal } from '../services/s3/index.js';
import { CHANGE_SET_HANDLERS } from './api/change-sets.js';
import { HANDLERS, queryHandler } from './api/handlers.js';
import { type EngineOptions, StackEngine } from './engine/engine.js';
import type { ResourceProvider } from './providers/types.js';
import { changeSetsSlice } from './change-sets.js';
import { cloudformationSlice } from './state.js';

export { StackEngine } from './engine/engine.js';
export { templateLocation } from './engine/template-url.js';
export type { CloudFormationState, StoredEvent, StoredResource, StoredStack } from './state.js';
export { cloudformationSlice } from './state.js';

export const cloudformationSlices = [cloudformationSlice, changeSetsSlice];

export interface RegisterCloudFormationOptions {
  identity: Identity;
  /** Reads TemplateURLs as the caller. */
  s3: S3Internal;
  /** Resource providers by type (AWS::CloudFormation::Stack is the engine's own). */
  providers: ReadonlyMap<string, ResourceProvider>;
  /** The local cloud's own endpoint, for providers (known once the server listens). */
  endpoint: () => string;
  /** SSM Parameter Store lookups for `AWS::SSM::Parameter::Value<…>` parameters. */
  ssm?: EngineOptions['ssm'];
  /** How long a new change set stays CREATE_PENDING, then CREATE_IN_PROGRESS (ms each; default 5). */
  changeSetDelayMs?: number;
}

export interface CloudFormationService {
  engine: StackEngine;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function registerCloudFormation(
  registry: ServiceRegistry,
  deps: ServiceDeps,
  options: RegisterCloudFormationOptions,
): CloudFormationService {
  const engine = new StackEngine({
    store: deps.store,
    now: deps.now,
    providers: options.providers,
    endpoint: options.endpoint,
    ...(options.ssm ? { ssm: options.ssm } : {}),
  });
  engine.recoverInterrupted();
  const env = {
    deps,
    engine,
    identity: options.identity,
    s3: options.s3,
    changeSetDelayMs: options.changeSetDelayMs ?? 5,
  };
  for (const [action, handler] of Object.entries({ ...HANDLERS, ...CHANGE_SET_HANDLERS })) {
    registry.query('cloudformation', action, queryHandler(env, handler));
  }
  return { engine, idle: () => engine.idle(), close: () => engine.close() };
}
