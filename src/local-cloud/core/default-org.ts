/**
 * The organization a local cloud gets when none is given: a management account, a tools account and
 * twelve workload accounts in dev, qa and prod OUs (prod split by region), tagged with team and
 * environment. Account IDs are easy to tell apart: 111111111111, 222222222222, 3000000000NN.
 */
import type { AccountSpec, OrganizationSpec } from './org-schema.js';

const TEAMS = ['payments', 'orders', 'analytics'] as const;

function workloads(environment: string, prefix: string, firstIndex: number): AccountSpec[] {
  return TEAMS.map((team, i) => ({
    name: `${prefix}-${team}`,
    id: `3000000000${String(firstIndex + i).padStart(2, '0')}`,
    tags: { team, environment },
  }));
}

export const DEFAULT_ORGANIZATION: OrganizationSpec = {
  managementAccount: 'management',
  accounts: [
    { name: 'management', id: '111111111111', tags: { team: 'platform', environment: 'management' } },
  ],
  organizationalUnits: [
    {
      name: 'infrastructure',
      accounts: [{ name: 'tools', id: '222222222222', tags: { team: 'platform', environment: 'tools' } }],
    },
    {
      name: 'workloads',
      organizationalUnits: [
        { name: 'dev', tags: { environment: 'dev' }, accounts: workloads('dev', 'dev', 1) },
        { name: 'qa', tags: { environment: 'qa' }, accounts: workloads('qa', 'qa', 4) },
        {
          name: 'prod',
          tags: { environment: 'prod' },
          organizationalUnits: [
            { name: 'us', accounts: workloads('prod', 'prod-us', 7) },
            { name: 'eu', accounts: workloads('prod', 'prod-eu', 10) },
          ],
        },
      ],
    },
  ],
};
