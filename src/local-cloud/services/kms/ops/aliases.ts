/**
 * Aliases: CreateAlias, UpdateAlias, DeleteAlias, ListAliases. Changing an alias needs permission on the
 * alias (IAM policy, resource = alias ARN) and on each key involved (key policy).
 */
import { constraintError, KmsErrors } from '../errors.js';
import { optionalInteger, optionalString, requiredString } from '../input.js';
import { assertNotPendingDeletion } from '../keys.js';
import { pageMembers, paginate } from '../paging.js';
import { ALIAS_NAME, aliasArn, MAX_ALIAS_NAME, parseKeyRef } from '../refs.js';
import { authorizeIdentity, authorizeKey, type KmsCall, type KmsRuntime, resolveKey } from '../runtime.js';
import { kmsSlice, type StoredAlias, type StoredKey, scopeKey } from '../state.js';
import { type Body, type KmsOperations, MANAGE } from './types.js';

const RESERVED_PREFIX = 'alias/aws/';

/** AliasName, checked as KMS checks it. */
function aliasName(body: Body): string {
  const name = requiredString(body, 'AliasName', { max: MAX_ALIAS_NAME });
  if (!name.startsWith('alias/')) {
    throw KmsErrors.validation('Alias must start with the prefix "alias/".');
  }
  if (name.startsWith(RESERVED_PREFIX)) throw KmsErrors.notAuthorized();
  if (!ALIAS_NAME.test(name)) {
    throw constraintError(
      'AliasName',
      name,
      'Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$',
    );
  }
  return name;
}

/** TargetKeyId: a key ID or key ARN of the caller's account; aliases cannot point at aliases. */
function targetKey(rt: KmsRuntime, body: Body, call: KmsCall): StoredKey {
  const text = requiredString(body, 'TargetKeyId', { max: 2048 });
  const ref = parseKeyRef(text);
  if (ref?.kind === 'alias-name' || ref?.kind === 'alias-arn') {
    throw KmsErrors.validation('Aliases must refer to keys. Not aliases');
  }
  return resolveKey(rt, call, text, MANAGE).key;
}

function existingAlias(rt: KmsRuntime, call: KmsCall, name: string): StoredAlias {
  const alias = rt.keys.scope(call.where)?.aliases[name];
  if (!alias) throw KmsErrors.aliasNotFound(aliasArn(call.where, name));
  return alias;
}

export const aliasOperations: KmsOperations = {
  CreateAlias(rt, body, call) {
    const name = aliasName(body);
    const key = targetKey(rt, body, call);
    authorizeIdentity(rt, call, 'kms:CreateAlias', { resource: aliasArn(call.where, name) });
    authorizeKey(rt, call, key, 'kms:CreateAlias');
    assertNotPendingDeletion(key);
    if (rt.keys.scope(call.where)?.aliases[name]) throw KmsErrors.alreadyExists(aliasArn(call.where, name));
    const at = call.now.toISOString();
    rt.deps.store.dispatch(kmsSlice, 'createAlias', {
      scope: scopeKey(call.where),
      alias: { aliasName: name, targetKeyId: key.keyId, createdAt: at, updatedAt: at },
    });
    return undefined;
  },

  UpdateAlias(rt, body, call) {
    const name = aliasName(body);
    const key = targetKey(rt, body, call);
    const alias = existingAlias(rt, call, name);
    authorizeIdentity(rt, call, 'kms:UpdateAlias', { resource: aliasArn(call.where, name) });
    const current = rt.keys.findKey(call.where, alias.targetKeyId, call.now);
    if (current) authorizeKey(rt, call, current, 'kms:UpdateAlias');
    authorizeKey(rt, call, key, 'kms:UpdateAlias');
    assertNotPendingDeletion(key);
    rt.deps.store.dispatch(kmsSlice, 'updateAlias', {
      scope: scopeKey(call.where),
      aliasName: name,
      targetKeyId: key.keyId,
      updatedAt: call.now.toISOString(),
    });
    return undefined;
  },

  DeleteAlias(rt, body, call) {
    const name = aliasName(body);
    const alias = existingAlias(rt, call, name);
    authorizeIdentity(rt, call, 'kms:DeleteAlias', { resource: aliasArn(call.where, name) });
    const key = rt.keys.findKey(call.where, alias.targetKeyId, call.now);
    if (key) authorizeKey(rt, call, key, 'kms:DeleteAlias');
    rt.deps.store.dispatch(kmsSlice, 'deleteAlias', { scope: scopeKey(call.where), aliasName: name });
    return undefined;
  },

  ListAliases(rt, body, call) {
    const keyIdText = optionalString(body, 'KeyId', { max: 2048 });
    const limit = optionalInteger(body, 'Limit', { min: 1, max: 100 }) ?? 50;
    const marker = optionalString(body, 'Marker', { max: 1024 });
    const key = keyIdText === undefined ? undefined : resolveKey(rt, call, keyIdText, MANAGE).key;
    authorizeIdentity(rt, call, 'kms:ListAliases');
    const aliases = rt.keys
      .aliasesIn(call.where)
      .filter((a) => key === undefined || a.targetKeyId === key.keyId);
    const page = paginate({ items: aliases, sortKey: (a) => a.aliasName, limit, marker });
    return {
      Aliases: page.items.map((a) => ({
        AliasName: a.aliasName,
        AliasArn: aliasArn(call.where, a.aliasName),
        TargetKeyId: a.targetKeyId,
        CreationDate: new Date(a.createdAt),
        LastUpdatedDate: new Date(a.updatedAt),
      })),
      ...pageMembers(page),
    };
  },
};
