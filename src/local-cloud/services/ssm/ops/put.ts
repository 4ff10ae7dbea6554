/**
 * PutParameter: creates a parameter (version 1) or, with Overwrite, adds a version. Members a new
 * version does not give (Type, Description, AllowedPattern, KeyId, DataType, Tier, Policies) keep the
 * current version's (an empty Description or AllowedPattern clears it). Tags only on creation, and
 * they need `ssm:AddTagsToResource` as well.
 */
import { sealValue } from '../encryption.js';
import { SsmErrors } from '../errors.js';
import type { SsmFields } from '../input.js';
import { authorizeOnParameter, currentVersion, requestTagKeys } from '../lookup.js';
import { canonicalName, checkNewName, MAX_NAME_MEMBER_LENGTH, parameterArn, type Where } from '../names.js';
import {
  checkAllowedPattern,
  checkDataType,
  checkValue,
  parsePolicies,
  type RequestedTier,
  resolveTier,
  TIERS,
} from '../rules.js';
import { PARAMETER_TYPES, type ParameterType, ssmSlice, type StoredVersion, scopeKey } from '../state.js';
import { checkTagCount, readTags } from '../tags.js';
import type { SsmOperations } from './types.js';

const KEY_ID = { min: 1, max: 256, pattern: { regex: /^([a-zA-Z0-9:/_-]+)$/, text: '^([a-zA-Z0-9:/_-]+)$' } };

interface PutRequest {
  name: string;
  value: string;
  type?: ParameterType;
  description?: string;
  keyId?: string;
  overwrite: boolean;
  allowedPattern?: string;
  /** Undefined or non-empty. */
  tags?: Record<string, string>;
  tier?: RequestedTier;
  policies?: string;
  dataType?: string;
}

/** The request's members, with the checks that need no state. */
function readRequest(f: SsmFields, where: Where): PutRequest {
  const tags = readTags(f, 'Tags');
  const request: PutRequest = {
    name: canonicalName(f.requiredString('Name', { max: MAX_NAME_MEMBER_LENGTH })),
    value: f.requiredString('Value'),
    type: f.enumOf('Type', PARAMETER_TYPES),
    description: f.string('Description', { max: 1024 }),
    keyId: f.string('KeyId', KEY_ID),
    overwrite: f.boolean('Overwrite') ?? false,
    allowedPattern: f.string('AllowedPattern', { max: 1024 }),
    tags: tags && Object.keys(tags).length > 0 ? tags : undefined,
    tier: f.enumOf('Tier', TIERS),
    policies: f.string('Policies', { min: 1, max: 4096 }),
    dataType: f.string('DataType', { max: 128 }),
  };
  if (request.overwrite && request.tags) throw SsmErrors.tagsWithOverwrite();
  checkNewName(where, request.name);
  if (request.tags) checkTagCount(request.tags);
  if (request.policies !== undefined) parsePolicies(request.policies);
  return request;
}

/** A member a new version does not give keeps the current value; an empty one clears it. */
function keptOrCleared(given: string | undefined, current: string | undefined): string | undefined {
  if (given === undefined) return current;
  return given === '' ? undefined : given;
}

type Settings = Pick<
  StoredVersion,
  'type' | 'description' | 'allowedPattern' | 'tier' | 'dataType' | 'policies'
>;

/** What the new version is, from the request and the current version; throws what AWS refuses. */
function settingsOf(request: PutRequest, previous: StoredVersion | undefined): Settings {
  const type = request.type ?? previous?.type;
  if (type === undefined) throw SsmErrors.typeRequired();
  if (request.keyId !== undefined && type !== 'SecureString') throw SsmErrors.keyIdNotSecure();
  const policies = request.policies ?? previous?.policies;
  const tier = resolveTier({
    requested: request.tier,
    previous: previous?.tier,
    valueLength: request.value.length,
    hasPolicies: policies !== undefined && parsePolicies(policies).length > 0,
  });
  checkValue(request.value, tier);
  const allowedPattern = keptOrCleared(request.allowedPattern, previous?.allowedPattern);
  checkAllowedPattern(allowedPattern, request.value);
  const dataType = request.dataType ?? previous?.dataType ?? 'text';
  checkDataType({ dataType, type, value: request.value });
  const description = keptOrCleared(request.description, previous?.description);
  return { type, description, allowedPattern, tier, dataType, policies };
}

export const putOperations: SsmOperations = {
  PutParameter(rt, f, call) {
    const request = readRequest(f, call.where);
    const { store } = rt.deps;
    const target = { where: call.where, name: request.name };
    const tagKeys = requestTagKeys(request.tags ?? {});
    const existing = authorizeOnParameter(store, call, target, 'ssm:PutParameter', {
      'ssm:Overwrite': String(request.overwrite),
      ...tagKeys,
    });
    if (request.tags) authorizeOnParameter(store, call, target, 'ssm:AddTagsToResource', tagKeys);
    if (existing && !request.overwrite) throw SsmErrors.alreadyExists();

    const previous = existing ? currentVersion(existing) : undefined;
    const settings = settingsOf(request, previous);
    const sealed =
      settings.type === 'SecureString'
        ? sealValue(rt, call, {
            keyId: request.keyId ?? (previous?.type === 'SecureString' ? previous.keyId : undefined),
            parameterArn: parameterArn(call.where, request.name),
            plaintext: request.value,
            tier: settings.tier,
          })
        : undefined;
    const version: StoredVersion = {
      ...settings,
      version: (previous?.version ?? 0) + 1,
      value: sealed?.value ?? request.value,
      keyId: sealed?.keyId,
      keyArn: sealed?.keyArn,
      modifiedAt: call.now.getTime(),
      modifiedBy: call.callerArn,
    };
    store.dispatch(ssmSlice, 'putVersion', {
      scope: scopeKey(call.where),
      name: request.name,
      version,
      tags: request.tags,
    });
    return { Version: version.version, Tier: version.tier };
  },
};
