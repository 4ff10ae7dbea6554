/**
 * GetKeyPolicy, PutKeyPolicy, ListKeyPolicies, and the policy lockout safety check CreateKey shares.
 */
import { isAwsError } from '../../../http/errors.js';
import { keyAuthorization } from '../authz.js';
import { KmsErrors } from '../errors.js';
import { optionalBoolean, optionalInteger, optionalString, requiredString } from '../input.js';
import { assertNotPendingDeletion } from '../keys.js';
import { assertValidKeyPolicy, MAX_KEY_POLICY_CHARS } from '../policies.js';
import { authorizeKey, type KmsCall, type KmsRuntime, resolveKey } from '../runtime.js';
import { kmsSlice, scopeKey } from '../state.js';
import { type KmsOperations, MANAGE } from './types.js';

const DEFAULT_POLICY_NAME = 'default';

function policyName(body: Readonly<Record<string, unknown>>): string {
  const name = optionalString(body, 'PolicyName', { max: 128 }) ?? DEFAULT_POLICY_NAME;
  if (name !== DEFAULT_POLICY_NAME) throw KmsErrors.policyNotFound();
  return name;
}

/**
 * Unless the caller bypasses it, a new key policy must let the caller change the key policy again
 * (AWS's "policy lockout safety check"): evaluated as a PutKeyPolicy request under the new policy.
 */
export function assertNoLockout(
  rt: KmsRuntime,
  call: KmsCall,
  key: { arn: string; accountId: string; policy: string },
): void {
  try {
    rt.deps.authorize(
      call.ctx,
      keyAuthorization({ key, action: 'kms:PutKeyPolicy', callerAccount: call.where.accountId }),
    );
  } catch (err) {
    if (isAwsError(err) && err.code.startsWith('AccessDenied')) throw KmsErrors.lockout();
    throw err;
  }
}

export const policyOperations: KmsOperations = {
  GetKeyPolicy(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    const name = policyName(body);
    authorizeKey(rt, call, key, 'kms:GetKeyPolicy');
    return { Policy: key.policy, PolicyName: name };
  },

  PutKeyPolicy(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    policyName(body);
    const policy = requiredString(body, 'Policy', { max: MAX_KEY_POLICY_CHARS });
    const bypass = optionalBoolean(body, 'BypassPolicyLockoutSafetyCheck') ?? false;
    authorizeKey(rt, call, key, 'kms:PutKeyPolicy', {
      contextKeys: { 'kms:BypassPolicyLockoutSafetyCheck': bypass },
    });
    assertNotPendingDeletion(key);
    assertValidKeyPolicy(policy);
    if (!bypass) assertNoLockout(rt, call, { arn: key.arn, accountId: key.accountId, policy });
    rt.deps.store.dispatch(kmsSlice, 'putPolicy', { scope: scopeKey(key), keyId: key.keyId, policy });
    return undefined;
  },

  ListKeyPolicies(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    optionalInteger(body, 'Limit', { min: 1, max: 1000 });
    authorizeKey(rt, call, key, 'kms:ListKeyPolicies');
    return { PolicyNames: [DEFAULT_POLICY_NAME], Truncated: false };
  },
};
