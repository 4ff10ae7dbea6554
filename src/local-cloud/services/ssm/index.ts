/**
 * The local cloud's Systems Manager Parameter Store (JSON protocol 1.1, `AmazonSSM.*`, signing name
 * `ssm`): String, StringList and SecureString parameters with versions, hierarchies, tiers, data types,
 * AllowedPattern, (stored) policies and tags. SecureString values are encrypted with the local KMS under
 * `alias/aws/ssm` or the key the request names, and reading them decrypted needs `kms:Decrypt` on that
 * key. Every operation is authorized through `deps.authorize` as `ssm:<Operation>` on the parameter's
 * ARN (GetParametersByPath: the path's ARN; DescribeParameters: `*`).
 *
 *   const kms = registerKms(registry, deps);
 *   const ssm = registerSsm(registry, deps, { kms });   // SsmInternal, for CloudFormation's SSM parameter types
 *   StateStore.open({ dir, slices: [...kmsSlices, ...ssmSlices, …] });
 */
import type { ServiceRegistry } from '../../http/registry.js';
import type { KmsInternal, ServiceDeps } from '../deps.js';
import { SsmFields } from './input.js';
import { createSsmInternal, type SsmInternal } from './internal.js';
import { deleteOperations } from './ops/delete.js';
import { describeOperations } from './ops/describe.js';
import { getOperations } from './ops/get.js';
import { historyOperations } from './ops/history.js';
import { putOperations } from './ops/put.js';
import { tagOperations } from './ops/tags.js';
import type { SsmOperations } from './ops/types.js';
import { callOf, type SsmRuntime } from './runtime.js';
import { ssmSlice } from './state.js';

export { SSM_MANAGED_KEY_ALIAS } from './encryption.js';
export type { SsmInternal, SsmParameterValue } from './internal.js';
export { canonicalName, parameterArn } from './names.js';
export type { ParameterType, SsmState, StoredParameter, StoredVersion } from './state.js';

/** The StateStore slices Parameter Store keeps its state in. */
export const ssmSlices = [ssmSlice];

const OPERATIONS: SsmOperations = {
  ...putOperations,
  ...getOperations,
  ...deleteOperations,
  ...describeOperations,
  ...historyOperations,
  ...tagOperations,
};

/** The operations this Parameter Store answers (`AmazonSSM.<name>`). */
export const SSM_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export interface RegisterSsmOptions {
  /** The cloud's KMS: SecureString values are encrypted with it. */
  kms: KmsInternal;
}

export function registerSsm(
  registry: ServiceRegistry,
  deps: ServiceDeps,
  options: RegisterSsmOptions,
): SsmInternal {
  const rt: SsmRuntime = { deps, kms: options.kms };
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    registry.json('ssm', `AmazonSSM.${name}`, (input, ctx) =>
      operation(rt, new SsmFields(input.body), callOf(rt, ctx)),
    );
  }
  return createSsmInternal(deps.store);
}
