/**
 * IAM's response shapes. Policy documents go out URL-encoded, as IAM sends them.
 */
import type { XmlValue } from '../../http/index.js';
import type { ManagedPolicyRecord, PolicyVersionRecord, RoleRecord, Tag } from './state.js';

export function encodeDocument(document: string): string {
  return encodeURIComponent(document);
}

function tagList(tags: readonly Tag[]): XmlValue {
  return tags.length === 0 ? undefined : tags.map((t) => ({ Key: t.Key, Value: t.Value }));
}

/** A role as GetRole/CreateRole answer it; `listed` leaves out what ListRoles does not return. */
export function roleShape(role: RoleRecord, options: { listed?: boolean } = {}): XmlValue {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: new Date(role.createDate),
    AssumeRolePolicyDocument: encodeDocument(role.trustPolicy),
    Description: role.description,
    MaxSessionDuration: role.maxSessionDuration,
    PermissionsBoundary:
      options.listed || !role.permissionsBoundary
        ? undefined
        : {
            PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
            PermissionsBoundaryArn: role.permissionsBoundary,
          },
    Tags: options.listed ? undefined : tagList(role.tags),
  };
}

export function policyShape(
  policy: ManagedPolicyRecord,
  usage: { attached: number; boundary: number },
  options: { tags?: boolean } = {},
): XmlValue {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: usage.attached,
    PermissionsBoundaryUsageCount: usage.boundary,
    IsAttachable: true,
    Description: policy.description,
    CreateDate: new Date(policy.createDate),
    UpdateDate: new Date(policy.updateDate),
    Tags: options.tags ? tagList(policy.tags) : undefined,
  };
}

export function versionShape(
  policy: ManagedPolicyRecord,
  version: PolicyVersionRecord,
  options: { document?: boolean } = {},
): XmlValue {
  return {
    Document: options.document ? encodeDocument(version.document) : undefined,
    VersionId: version.versionId,
    IsDefaultVersion: version.versionId === policy.defaultVersionId,
    CreateDate: new Date(version.createDate),
  };
}
