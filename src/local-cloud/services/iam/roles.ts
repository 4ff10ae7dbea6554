/**
 * IAM role operations: CreateRole, GetRole, DeleteRole, ListRoles, UpdateRole, UpdateAssumeRolePolicy,
 * TagRole, UntagRole, ListRoleTags, PutRolePermissionsBoundary, DeleteRolePermissionsBoundary.
 */
import { uniqueIdFor } from '../../core/ids.js';
import type { ServiceRegistry } from '../../http/index.js';
import type { ServiceDeps } from '../deps.js';
import { authorizeIam, onRole, roleArnOf } from './access.js';
import { IamErrors } from './errors.js';
import { paginate } from './paging.js';
import { accountIam, findManagedPolicy, findRole } from './queries.js';
import { roleShape } from './shapes.js';
import { iamSlice, mergeTags, type RoleRecord } from './state.js';
import {
  description,
  entityName,
  IAM_LIMITS,
  iamPath,
  maxSessionDuration,
  policyArn,
  policyDocument,
  policySize,
  required,
  requestTagKeys,
  tags,
} from './validation.js';

function trustPolicy(document: string): string {
  policyDocument(document, 'trust');
  if (policySize(document) > IAM_LIMITS.trustPolicyChars) {
    throw IamErrors.limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${IAM_LIMITS.trustPolicyChars}`);
  }
  return document;
}

export function registerRoleOperations(registry: ServiceRegistry, deps: ServiceDeps): void {
  const { store } = deps;
  const boundaryArn = (arn: string) => {
    policyArn(arn);
    if (!findManagedPolicy(store, arn)) throw IamErrors.noSuchPolicy(arn);
    return arn;
  };

  registry.query('iam', 'CreateRole', ({ params }, ctx) => {
    const name = entityName('RoleName', required(params, 'RoleName'), 64);
    const path = iamPath('Path', params.get('Path'));
    const document = trustPolicy(required(params, 'AssumeRolePolicyDocument'));
    const roleTags = tags(params);
    const boundary = params.get('PermissionsBoundary');
    const { accountId } = authorizeIam(deps, ctx, 'iam:CreateRole', (a) => roleArnOf(a, path, name), {
      ...requestTagKeys(roleTags),
      'iam:PermissionsBoundary': boundary,
    });
    if (findRole(store, accountId, name)) throw IamErrors.roleExists(name);
    const role: RoleRecord = {
      name,
      path,
      id: uniqueIdFor('AROA', accountId, name, String(accountIam(store, accountId).serial)),
      arn: roleArnOf(accountId, path, name),
      createDate: ctx.now.toISOString(),
      trustPolicy: document,
      description: description(params.get('Description')),
      maxSessionDuration: maxSessionDuration(params.int('MaxSessionDuration')),
      tags: roleTags,
      inlinePolicies: {},
      attachedPolicies: [],
      permissionsBoundary: boundary === undefined ? undefined : boundaryArn(boundary),
    };
    store.dispatch(iamSlice, 'roleCreated', { accountId, role });
    return { Role: roleShape(role) };
  });

  registry.query('iam', 'GetRole', ({ params }, ctx) => ({
    Role: roleShape(onRole(deps, ctx, params, 'iam:GetRole').role),
  }));

  registry.query('iam', 'DeleteRole', ({ params }, ctx) => {
    const { accountId, role } = onRole(deps, ctx, params, 'iam:DeleteRole');
    if (Object.keys(role.inlinePolicies).length > 0) {
      throw IamErrors.deleteConflict('Cannot delete entity, must delete policies first.');
    }
    if (role.attachedPolicies.length > 0) {
      throw IamErrors.deleteConflict('Cannot delete entity, must detach all policies first.');
    }
    store.dispatch(iamSlice, 'roleDeleted', { accountId, roleName: role.name });
    return undefined;
  });

  registry.query('iam', 'ListRoles', ({ params }, ctx) => {
    const prefix = iamPath('PathPrefix', params.get('PathPrefix'));
    const { accountId } = authorizeIam(deps, ctx, 'iam:ListRoles', () => '*');
    const roles = Object.values(accountIam(store, accountId).roles)
      .filter((r) => r.path.startsWith(prefix))
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    const page = paginate(roles, params, `roles:${accountId}:${prefix}`);
    return {
      Roles: page.items.map((r) => roleShape(r, { listed: true })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  });

  registry.query('iam', 'UpdateRole', ({ params }, ctx) => {
    const { accountId, role } = onRole(deps, ctx, params, 'iam:UpdateRole');
    const changes: Partial<RoleRecord> = {};
    if (params.has('Description')) changes.description = description(params.get('Description'));
    if (params.has('MaxSessionDuration'))
      changes.maxSessionDuration = maxSessionDuration(params.int('MaxSessionDuration'));
    store.dispatch(iamSlice, 'roleChanged', { accountId, roleName: role.name, changes });
    return {};
  });

  registry.query('iam', 'UpdateAssumeRolePolicy', ({ params }, ctx) => {
    const document = trustPolicy(required(params, 'PolicyDocument'));
    const { accountId, role } = onRole(deps, ctx, params, 'iam:UpdateAssumeRolePolicy');
    store.dispatch(iamSlice, 'roleChanged', {
      accountId,
      roleName: role.name,
      changes: { trustPolicy: document },
    });
    return undefined;
  });

  registry.query('iam', 'TagRole', ({ params }, ctx) => {
    const added = tags(params);
    const { accountId, role } = onRole(deps, ctx, params, 'iam:TagRole', requestTagKeys(added));
    if (mergeTags(role.tags, added).length > IAM_LIMITS.tagsPerResource) {
      throw IamErrors.limitExceeded(
        `The number of tags has reached the maximum limit of ${IAM_LIMITS.tagsPerResource}.`,
      );
    }
    store.dispatch(iamSlice, 'roleTagged', { accountId, roleName: role.name, tags: added });
    return undefined;
  });

  registry.query('iam', 'UntagRole', ({ params }, ctx) => {
    const keys = params.list('TagKeys');
    const { accountId, role } = onRole(deps, ctx, params, 'iam:UntagRole', { 'aws:TagKeys': keys });
    store.dispatch(iamSlice, 'roleUntagged', { accountId, roleName: role.name, keys });
    return undefined;
  });

  registry.query('iam', 'ListRoleTags', ({ params }, ctx) => {
    const { accountId, role } = onRole(deps, ctx, params, 'iam:ListRoleTags');
    const page = paginate(role.tags, params, `role-tags:${accountId}:${role.name}`);
    return {
      Tags: page.items.map((t) => ({ Key: t.Key, Value: t.Value })),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  });

  registry.query('iam', 'PutRolePermissionsBoundary', ({ params }, ctx) => {
    const arn = required(params, 'PermissionsBoundary');
    const { accountId, role } = onRole(deps, ctx, params, 'iam:PutRolePermissionsBoundary', {
      'iam:PermissionsBoundary': arn,
    });
    store.dispatch(iamSlice, 'boundarySet', { accountId, roleName: role.name, policyArn: boundaryArn(arn) });
    return undefined;
  });

  registry.query('iam', 'DeleteRolePermissionsBoundary', ({ params }, ctx) => {
    const { accountId, role } = onRole(deps, ctx, params, 'iam:DeleteRolePermissionsBoundary');
    if (!role.permissionsBoundary) return undefined;
    store.dispatch(iamSlice, 'boundarySet', { accountId, roleName: role.name, policyArn: null });
    return undefined;
  });
}
