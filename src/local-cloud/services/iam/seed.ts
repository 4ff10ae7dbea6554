/**
 * What every member account starts with, as when AWS Organizations creates an account: the
 * `OrganizationAccountAccessRole`, trusting the management account, with AdministratorAccess attached.
 * Created once per account; deleting it later is the user's choice and sticks.
 */
import { uniqueIdFor } from '../../core/ids.js';
import type { StateStore } from '../../state/store.js';
import type { AccountDirectory } from '../deps.js';
import { accountIam } from './queries.js';
import { iamSlice, type RoleRecord } from './state.js';

export const ORGANIZATION_ACCESS_ROLE = 'OrganizationAccountAccessRole';
export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function organizationAccessRole(
  accountId: string,
  managementAccountId: string,
  createDate: string,
): RoleRecord {
  return {
    name: ORGANIZATION_ACCESS_ROLE,
    path: '/',
    id: uniqueIdFor('AROA', accountId, ORGANIZATION_ACCESS_ROLE, '0'),
    arn: `arn:aws:iam::${accountId}:role/${ORGANIZATION_ACCESS_ROLE}`,
    createDate,
    trustPolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${managementAccountId}:root` },
          Action: 'sts:AssumeRole',
        },
      ],
    }),
    maxSessionDuration: 3600,
    tags: [],
    inlinePolicies: {},
    attachedPolicies: [ADMINISTRATOR_ACCESS_ARN],
  };
}

/** Creates the initial roles of every member account that does not have them yet. */
export function seedAccountRoles(store: StateStore, accounts: AccountDirectory, now: Date): void {
  for (const account of accounts.list()) {
    if (account.id === accounts.managementAccountId || accountIam(store, account.id).seeded) continue;
    store.dispatch(iamSlice, 'accountSeeded', {
      accountId: account.id,
      roles: [organizationAccessRole(account.id, accounts.managementAccountId, now.toISOString())],
    });
  }
}
