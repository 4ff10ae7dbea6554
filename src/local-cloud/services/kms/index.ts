/**
 * The local cloud's KMS: symmetric keys with key policies, aliases, real AES-256-GCM encryption, key
 * rotation settings and deletion scheduling, over the JSON protocol (`TrentService.*`). Every operation
 * is authorized through `deps.authorize` with the key policy as a `kms-key` resource policy.
 *
 *   const store = StateStore.open({ dir, slices: [...kmsSlices, ...] });
 *   const kms = registerKms(registry, deps);      // KmsInternal, for S3's SSE-KMS
 */
import type { ServiceRegistry } from '../../http/registry.js';
import type { KmsInternal, ServiceDeps } from '../deps.js';
import { createKmsInternal } from './internal.js';
import { aliasOperations } from './ops/aliases.js';
import { cryptoOperations } from './ops/crypto.js';
import { keyOperations } from './ops/keys.js';
import { policyOperations } from './ops/policy.js';
import { rotationOperations } from './ops/rotation.js';
import { tagOperations } from './ops/tags.js';
import type { KmsOperations } from './ops/types.js';
import { callOf, createRuntime, type KmsRandom } from './runtime.js';
import { kmsSlice } from './state.js';

export { encryptionContextKeys, type KeyAuthorizationInput, keyAuthorization } from './authz.js';
export { awsManagedKeyPolicy, defaultKeyPolicy } from './policies.js';
export { cryptoRandom, type KmsRandom } from './runtime.js';
export type { KmsState, StoredAlias, StoredKey } from './state.js';

/** The StateStore slices KMS keeps its state in. */
export const kmsSlices = [kmsSlice];

const OPERATIONS: KmsOperations = {
  ...keyOperations,
  ...aliasOperations,
  ...cryptoOperations,
  ...policyOperations,
  ...rotationOperations,
  ...tagOperations,
};

/** The operations this KMS answers (`TrentService.<name>`). */
export const KMS_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export interface RegisterKmsOptions {
  /** Random source for key IDs, key material and IVs; node:crypto unless given. */
  random?: KmsRandom;
}

export function registerKms(
  registry: ServiceRegistry,
  deps: ServiceDeps,
  options: RegisterKmsOptions = {},
): KmsInternal {
  const rt = createRuntime(deps, options.random);
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    registry.json('kms', `TrentService.${name}`, (input, ctx) => operation(rt, input.body, callOf(rt, ctx)));
  }
  return createKmsInternal(rt);
}
