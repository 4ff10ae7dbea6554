/**
 * The local cloud's AWS Config (JSON protocol, `StarlingDoveService.*`): custom Lambda rules (periodic and
 * change-triggered, with Scope and InputParameters), their invocation through Lambda as
 * `config.amazonaws.com` with the events AWS Config sends, evaluation results (PutEvaluations with the
 * invocation's result token) and compliance queries; configuration items from PutResourceConfig and from
 * the cloud's own resources (S3 buckets, read from S3's state). AWS managed rules are stored, not
 * evaluated. Every operation is authorized through `deps.authorize`. See docs/local-cloud.md ("Config").
 *
 *   const config = registerConfig(registry, deps, { lambda, sources: [s3BucketSource(store)] });
 *   await config.idle();   // evaluations started so far have invoked their functions
 */
import type { ServiceRegistry } from '../../http/registry.js';
import type { LambdaInternal, ServiceDeps } from '../deps.js';
import type { ConfigItemSource } from './items.js';
import { evaluationOperations } from './ops/evaluations.js';
import { resourceOperations } from './ops/resources.js';
import { ruleOperations } from './ops/rules.js';
import type { ConfigOperations } from './ops/types.js';
import { type ConfigRuntime, callOf, idle } from './runtime.js';
import { configSlice } from './state.js';

export type { ConfigItemSource, ConfigurationItem } from './items.js';
export { bucketItem, s3BucketSource } from './s3-source.js';
export type { ConfigState, StoredConfigRule, StoredEvaluation } from './state.js';

/** The StateStore slices AWS Config keeps its state in. */
export const configSlices = [configSlice];

const OPERATIONS: ConfigOperations = {
  ...ruleOperations,
  ...evaluationOperations,
  ...resourceOperations,
};

/** The operations this AWS Config answers (`StarlingDoveService.<name>`). */
export const CONFIG_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export interface RegisterConfigOptions {
  /** Invokes rules' functions; without it, evaluations fail (recorded in the rule's status). */
  lambda?: LambdaInternal;
  /** Resources of other services, seen as configuration items. */
  sources?: ConfigItemSource[];
}

export interface ConfigInternal {
  /** Resolves once every evaluation started so far has invoked its functions (see `lambda.idle()`). */
  idle(): Promise<void>;
}

export function registerConfig(
  registry: ServiceRegistry,
  deps: ServiceDeps,
  options: RegisterConfigOptions = {},
): ConfigInternal {
  const rt: ConfigRuntime = {
    deps,
    lambda: options.lambda,
    sources: options.sources ?? [],
    pending: new Set(),
  };
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    registry.json('config', `StarlingDoveService.${name}`, (input, ctx) =>
      operation(rt, input.body as Record<string, unknown>, callOf(rt, ctx)),
    );
  }
  return { idle: () => idle(rt) };
}
