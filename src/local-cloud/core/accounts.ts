/**
 * The AccountDirectory services use (services/deps.ts), over the resolved organization.
 */
import type { AccountDirectory, AccountRecord } from '../services/deps.js';
import type { OrganizationModel } from './organization.js';

export function createAccountDirectory(org: OrganizationModel): AccountDirectory {
  const records: AccountRecord[] = org.accounts.map((a) => ({
    id: a.id,
    name: a.name,
    email: a.email,
    ouPath: a.ouPath,
    orgPath: a.orgPath,
    tags: { ...a.tags },
  }));
  const byId = new Map(records.map((r) => [r.id, r]));
  const byName = new Map(records.map((r) => [r.name.toLowerCase(), r]));
  return {
    organizationId: org.id,
    managementAccountId: org.managementAccountId,
    list: () => [...records],
    find: (idOrName) => byId.get(idOrName) ?? byName.get(idOrName.toLowerCase()),
  };
}
