/**
 * Organizations' response shapes (JSON; Dates go out as epoch seconds).
 */
import type { OrganizationAccount, OrganizationalUnit, OrganizationModel } from '../../core/organization.js';

export function organizationShape(org: OrganizationModel) {
  const management = org.accounts.find((a) => a.id === org.managementAccountId)!;
  return {
    Id: org.id,
    Arn: org.arn,
    FeatureSet: 'ALL',
    MasterAccountArn: management.arn,
    MasterAccountId: management.id,
    MasterAccountEmail: management.email,
    AvailablePolicyTypes: [],
  };
}

export function accountShape(org: OrganizationModel, account: OrganizationAccount) {
  return {
    Id: account.id,
    Arn: account.arn,
    Email: account.email,
    Name: account.name,
    Status: 'ACTIVE',
    State: 'ACTIVE',
    JoinedMethod: account.joinedMethod,
    JoinedTimestamp: new Date(org.createdAt),
  };
}

export function rootShape(org: OrganizationModel) {
  return { Id: org.rootId, Arn: org.rootArn, Name: 'Root', PolicyTypes: [] };
}

export function unitShape(unit: OrganizationalUnit) {
  return { Id: unit.id, Arn: unit.arn, Name: unit.name };
}

export function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
