/**
 * A role's policies: inline (Put/Get/Delete/ListRolePolicies) and attached managed ones
 * (Attach/Detach/ListAttachedRolePolicies).
 */
import type { ServiceRegistry } from '../../http/index.js';
import type { ServiceDeps } from '../deps.js';
import { onRole } from './access.js';
import { IamErrors } from './errors.js';
import { paginate } from './paging.js';
import { findManagedPolicy, policyAccount } from './queries.js';
import { encodeDocument } from './shapes.js';
import { iamSlice } from './state.js';
import {
  entityName,
  IAM_LIMITS,
  iamPath,
  policyArn,
  policyDocument,
  policySize,
  required,
} from './validation.js';

export function registerRolePolicyOperations(registry: ServiceRegistry, deps: ServiceDeps): void {
  const { store } = deps;

  registry.query('iam', 'PutRolePolicy', ({ params }, ctx) => {
    const policyName = entityName('PolicyName', required(params, 'PolicyName'), 128);
    const document = policyDocument(required(params, 'PolicyDocument'), 'identity');
    const { accountId, role } = onRole(deps, ctx, params, 'iam:PutRolePolicy');
    const others = Object.entries(role.inlinePolicies).filter(([name]) => name !== policyName);
    const total = others.reduce((sum, [, doc]) => sum + policySize(doc), policySize(document));
    if (total > IAM_LIMITS.inlineRolePolicyChars) {
      throw IamErrors.limitExceeded(
        `Maximum policy size of ${IAM_LIMITS.inlineRolePolicyChars} bytes exceeded for role ${role.name}`,
      );
    }
    store.dispatch(iamSlice, 'rolePolicyPut', { accountId, roleName: role.name, policyName, document });
    return undefined;
  });

  registry.query('iam', 'GetRolePolicy', ({ params }, ctx) => {
    const policyName = entityName('PolicyName', required(params, 'PolicyName'), 128);
    const { role } = onRole(deps, ctx, params, 'iam:GetRolePolicy');
    const document = role.inlinePolicies[policyName];
    if (document === undefined) throw IamErrors.noSuchRolePolicy(policyName);
    return { RoleName: role.name, PolicyName: policyName, PolicyDocument: encodeDocument(document) };
  });

  registry.query('iam', 'DeleteRolePolicy', ({ params }, ctx) => {
    const policyName = entityName('PolicyName', required(params, 'PolicyName'), 128);
    const { accountId, role } = onRole(deps, ctx, params, 'iam:DeleteRolePolicy');
    if (role.inlinePolicies[policyName] === undefined) throw IamErrors.noSuchRolePolicy(policyName);
    store.dispatch(iamSlice, 'rolePolicyDeleted', { accountId, roleName: role.name, policyName });
    return undefined;
  });

  registry.query('iam', 'ListRolePolicies', ({ params }, ctx) => {
    const { accountId, role } = onRole(deps, ctx, params, 'iam:ListRolePolicies');
    const names = Object.keys(role.inlinePolicies).sort();
    const page = paginate(names, params, `role-policies:${accountId}:${role.name}`);
    return { PolicyNames: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  });

  registry.query('iam', 'AttachRolePolicy', ({ params }, ctx) => {
    const arn = policyArn(required(params, 'PolicyArn'));
    const { accountId, role } = onRole(deps, ctx, params, 'iam:AttachRolePolicy', { 'iam:PolicyARN': arn });
    const owner = policyAccount(arn);
    if ((owner !== 'aws' && owner !== accountId) || !findManagedPolicy(store, arn))
      throw IamErrors.noSuchPolicy(arn);
    if (role.attachedPolicies.includes(arn)) return undefined;
    if (role.attachedPolicies.length >= IAM_LIMITS.managedPoliciesPerRole) {
      throw IamErrors.limitExceeded(
        `Cannot exceed quota for PoliciesPerRole: ${IAM_LIMITS.managedPoliciesPerRole}`,
      );
    }
    store.dispatch(iamSlice, 'rolePolicyAttached', { accountId, roleName: role.name, policyArn: arn });
    return undefined;
  });

  registry.query('iam', 'DetachRolePolicy', ({ params }, ctx) => {
    const arn = policyArn(required(params, 'PolicyArn'));
    const { accountId, role } = onRole(deps, ctx, params, 'iam:DetachRolePolicy', { 'iam:PolicyARN': arn });
    if (!role.attachedPolicies.includes(arn)) throw IamErrors.notAttached(arn);
    store.dispatch(iamSlice, 'rolePolicyDetached', { accountId, roleName: role.name, policyArn: arn });
    return undefined;
  });

  registry.query('iam', 'ListAttachedRolePolicies', ({ params }, ctx) => {
    const prefix = iamPath('PathPrefix', params.get('PathPrefix'));
    const { accountId, role } = onRole(deps, ctx, params, 'iam:ListAttachedRolePolicies');
    const attached = role.attachedPolicies
      .flatMap((arn) => findManagedPolicy(store, arn) ?? [])
      .filter((p) => p.path.startsWith(prefix))
      .map((p) => ({ PolicyName: p.name, PolicyArn: p.arn }));
    const page = paginate(attached, params, `attached:${accountId}:${role.name}:${prefix}`);
    return { AttachedPolicies: page.items, IsTruncated: page.IsTruncated, Marker: page.Marker };
  });
}
