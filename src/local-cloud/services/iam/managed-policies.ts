/**
 * Customer managed policies and their versions: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies,
 * CreatePolicyVersion (at most 5), GetPolicyVersion, ListPolicyVersions, DeletePolicyVersion,
 * SetDefaultPolicyVersion. AWS managed policies can be read and listed, not changed.
 */
import { uniqueIdFor } from '../../core/ids.js';
import type { QueryParams, RequestContext, ServiceRegistry } from '../../http/index.js';
import type { ServiceDeps } from '../deps.js';
import { authorizeIam, policyArnOf } from './access.js';
import { AWS_MANAGED_POLICIES, isAwsManagedArn } from './aws-managed.js';
import { IamErrors } from './errors.js';
import { paginate } from './paging.js';
import { accountIam, findManagedPolicy, policyAccount, policyUsage } from './queries.js';
import { policyShape, versionShape } from './shapes.js';
import { iamSlice, type ManagedPolicyRecord } from './state.js';
import {
  description,
  entityName,
  IAM_LIMITS,
  iamPath,
  policyArn,
  policyDocument,
  policySize,
  required,
  requestTagKeys,
  tags,
  versionId,
} from './validation.js';

function managedDocument(document: string): string {
  policyDocument(document, 'identity');
  if (policySize(document) > IAM_LIMITS.managedPolicyChars) {
    throw IamErrors.limitExceeded(`Cannot exceed quota for PolicySize: ${IAM_LIMITS.managedPolicyChars}`);
  }
  return document;
}

export function registerManagedPolicyOperations(registry: ServiceRegistry, deps: ServiceDeps): void {
  const { store } = deps;

  /** Authorizes `action` on the policy `PolicyArn` names and finds it (own account or AWS managed). */
  const onPolicy = (
    ctx: RequestContext,
    arnParam: string,
    action: string,
    options: { change?: boolean } = {},
  ) => {
    const arn = policyArn(arnParam);
    const { accountId, principal } = authorizeIam(deps, ctx, action, () => arn);
    if (options.change && isAwsManagedArn(arn)) throw IamErrors.awsManaged(principal.arn, action, arn);
    const owner = policyAccount(arn);
    const policy = owner === 'aws' || owner === accountId ? findManagedPolicy(store, arn) : undefined;
    if (!policy) throw IamErrors.noSuchPolicy(arn);
    return { accountId, policy };
  };

  registry.query('iam', 'CreatePolicy', ({ params }, ctx) => {
    const name = entityName('PolicyName', required(params, 'PolicyName'), 128);
    const path = iamPath('Path', params.get('Path'));
    const document = managedDocument(required(params, 'PolicyDocument'));
    const policyTags = tags(params);
    const { accountId } = authorizeIam(
      deps,
      ctx,
      'iam:CreatePolicy',
      (a) => policyArnOf(a, path, name),
      requestTagKeys(policyTags),
    );
    const account = accountIam(store, accountId);
    if (Object.values(account.policies).some((p) => p.name.toLowerCase() === name.toLowerCase())) {
      throw IamErrors.policyExists(name);
    }
    const now = ctx.now.toISOString();
    const policy: ManagedPolicyRecord = {
      name,
      path,
      id: uniqueIdFor('ANPA', accountId, name, String(account.serial)),
      arn: policyArnOf(accountId, path, name),
      description: description(params.get('Description')),
      createDate: now,
      updateDate: now,
      defaultVersionId: 'v1',
      versions: [{ versionId: 'v1', document, createDate: now }],
      nextVersion: 2,
      tags: policyTags,
    };
    store.dispatch(iamSlice, 'policyCreated', { accountId, policy });
    return { Policy: policyShape(policy, { attached: 0, boundary: 0 }, { tags: true }) };
  });

  registry.query('iam', 'GetPolicy', ({ params }, ctx) => {
    const { accountId, policy } = onPolicy(ctx, required(params, 'PolicyArn'), 'iam:GetPolicy');
    return { Policy: policyShape(policy, policyUsage(store, accountId, policy.arn), { tags: true }) };
  });

  registry.query('iam', 'DeletePolicy', ({ params }, ctx) => {
    const { accountId, policy } = onPolicy(ctx, required(params, 'PolicyArn'), 'iam:DeletePolicy', {
      change: true,
    });
    const usage = policyUsage(store, accountId, policy.arn);
    if (usage.attached > 0 || usage.boundary > 0) {
      throw IamErrors.deleteConflict('Cannot delete a policy attached to entities.');
    }
    if (policy.versions.length > 1) {
      throw IamErrors.deleteConflict(
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    store.dispatch(iamSlice, 'policyDeleted', { accountId, policyArn: policy.arn });
    return undefined;
  });

  registry.query('iam', 'ListPolicies', ({ params }, ctx) => {
    const scope = params.get('Scope') ?? 'All';
    if (!['All', 'AWS', 'Local'].includes(scope)) {
      throw IamErrors.validation(
        `1 validation error detected: Value '${scope}' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]`,
      );
    }
    const prefix = iamPath('PathPrefix', params.get('PathPrefix'));
    const onlyAttached = params.bool('OnlyAttached') ?? false;
    const { accountId } = authorizeIam(deps, ctx, 'iam:ListPolicies', () => '*');
    const candidates = [
      ...(scope === 'Local' ? [] : [...AWS_MANAGED_POLICIES.values()]),
      ...(scope === 'AWS' ? [] : Object.values(accountIam(store, accountId).policies)),
    ];
    const listed = candidates
      .filter((p) => p.path.startsWith(prefix))
      .map((p) => ({ policy: p, usage: policyUsage(store, accountId, p.arn) }))
      .filter((p) => !onlyAttached || p.usage.attached > 0 || p.usage.boundary > 0)
      .sort((a, b) => a.policy.name.toLowerCase().localeCompare(b.policy.name.toLowerCase()));
    const page = paginate(listed, params, `policies:${accountId}:${scope}:${prefix}:${onlyAttached}`);
    return {
      Policies: page.items.map((p) => policyShape(p.policy, p.usage)),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  });

  registry.query('iam', 'CreatePolicyVersion', ({ params }, ctx) => {
    const document = managedDocument(required(params, 'PolicyDocument'));
    const setAsDefault = params.bool('SetAsDefault') ?? false;
    const { accountId, policy } = onPolicy(ctx, required(params, 'PolicyArn'), 'iam:CreatePolicyVersion', {
      change: true,
    });
    if (policy.versions.length >= IAM_LIMITS.policyVersions) {
      throw IamErrors.limitExceeded(
        `A managed policy can have up to ${IAM_LIMITS.policyVersions} versions. Before you create a new version, you must delete an existing version.`,
      );
    }
    const version = { versionId: `v${policy.nextVersion}`, document, createDate: ctx.now.toISOString() };
    store.dispatch(iamSlice, 'policyVersionCreated', {
      accountId,
      policyArn: policy.arn,
      version,
      setAsDefault,
    });
    return {
      PolicyVersion: versionShape(
        { ...policy, defaultVersionId: setAsDefault ? version.versionId : policy.defaultVersionId },
        version,
      ),
    };
  });

  const onVersion = (ctx: RequestContext, params: QueryParams, action: string, change = false) => {
    const id = versionId(required(params, 'VersionId'));
    const found = onPolicy(ctx, required(params, 'PolicyArn'), action, { change });
    const version = found.policy.versions.find((v) => v.versionId === id);
    if (!version) throw IamErrors.noSuchVersion(found.policy.arn, id);
    return { ...found, version };
  };

  registry.query('iam', 'GetPolicyVersion', ({ params }, ctx) => {
    const { policy, version } = onVersion(ctx, params, 'iam:GetPolicyVersion');
    return { PolicyVersion: versionShape(policy, version, { document: true }) };
  });

  registry.query('iam', 'ListPolicyVersions', ({ params }, ctx) => {
    const { accountId, policy } = onPolicy(ctx, required(params, 'PolicyArn'), 'iam:ListPolicyVersions');
    const page = paginate(policy.versions, params, `versions:${accountId}:${policy.arn}`);
    return {
      Versions: page.items.map((v) => versionShape(policy, v)),
      IsTruncated: page.IsTruncated,
      Marker: page.Marker,
    };
  });

  registry.query('iam', 'DeletePolicyVersion', ({ params }, ctx) => {
    const { accountId, policy, version } = onVersion(ctx, params, 'iam:DeletePolicyVersion', true);
    if (version.versionId === policy.defaultVersionId) {
      throw IamErrors.deleteConflict('Cannot delete the default version of a policy.');
    }
    store.dispatch(iamSlice, 'policyVersionDeleted', {
      accountId,
      policyArn: policy.arn,
      versionId: version.versionId,
    });
    return undefined;
  });

  registry.query('iam', 'SetDefaultPolicyVersion', ({ params }, ctx) => {
    const { accountId, policy, version } = onVersion(ctx, params, 'iam:SetDefaultPolicyVersion', true);
    store.dispatch(iamSlice, 'defaultVersionSet', {
      accountId,
      policyArn: policy.arn,
      versionId: version.versionId,
      updateDate: ctx.now.toISOString(),
    });
    return undefined;
  });
}
