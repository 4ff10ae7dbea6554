/**
 * Key rotation: EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus, RotateKeyOnDemand.
 * Automatic rotation is recorded (status, period, next date) but never happens by itself; on-demand
 * rotation adds a new material version, and older ciphertexts still decrypt.
 */
import { KEY_MATERIAL_BYTES } from '../ciphertext.js';
import { optionalInteger, requiredString } from '../input.js';
import { assertUsable } from '../keys.js';
import { addDays, DEFAULT_ROTATION_PERIOD_DAYS } from '../metadata.js';
import { authorizeKey, resolveKey } from '../runtime.js';
import { kmsSlice, scopeKey } from '../state.js';
import { type KmsOperations, MANAGE } from './types.js';

/** GetKeyRotationStatus takes a key ID or key ARN, of another account too. */
const STATUS = { aliases: false, crossAccount: true } as const;

export const rotationOperations: KmsOperations = {
  EnableKeyRotation(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    const period =
      optionalInteger(body, 'RotationPeriodInDays', { min: 90, max: 2560 }) ?? DEFAULT_ROTATION_PERIOD_DAYS;
    authorizeKey(rt, call, key, 'kms:EnableKeyRotation', {
      contextKeys: { 'kms:RotationPeriodInDays': period },
    });
    assertUsable(key);
    rt.deps.store.dispatch(kmsSlice, 'setRotation', {
      scope: scopeKey(key),
      keyId: key.keyId,
      rotation: { enabled: true, periodInDays: period, nextRotationDate: addDays(call.now, period) },
    });
    return undefined;
  },

  DisableKeyRotation(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    authorizeKey(rt, call, key, 'kms:DisableKeyRotation');
    assertUsable(key);
    rt.deps.store.dispatch(kmsSlice, 'setRotation', {
      scope: scopeKey(key),
      keyId: key.keyId,
      rotation: { enabled: false, periodInDays: key.rotation.periodInDays },
    });
    return undefined;
  },

  GetKeyRotationStatus(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), STATUS);
    authorizeKey(rt, call, key, 'kms:GetKeyRotationStatus');
    const { rotation } = key;
    return {
      KeyId: key.arn,
      KeyRotationEnabled: rotation.enabled,
      RotationPeriodInDays: rotation.enabled ? rotation.periodInDays : undefined,
      NextRotationDate:
        rotation.enabled && rotation.nextRotationDate ? new Date(rotation.nextRotationDate) : undefined,
      OnDemandRotationStartDate: rotation.onDemandAt ? new Date(rotation.onDemandAt) : undefined,
    };
  },

  RotateKeyOnDemand(rt, body, call) {
    const { key } = resolveKey(rt, call, requiredString(body, 'KeyId', { max: 2048 }), MANAGE);
    authorizeKey(rt, call, key, 'kms:RotateKeyOnDemand');
    assertUsable(key);
    rt.deps.store.dispatch(kmsSlice, 'rotateMaterial', {
      scope: scopeKey(key),
      keyId: key.keyId,
      material: rt.random.bytes(KEY_MATERIAL_BYTES).toString('base64'),
      rotatedAt: call.now.toISOString(),
    });
    return { KeyId: key.arn };
  },
};
