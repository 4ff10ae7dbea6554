/**
 * The organization as the local cloud serves it: the spec (from `org.yaml` or the default) resolved into
 * accounts and OUs with AWS-shaped IDs, ARNs and `aws:PrincipalOrgPaths` paths. Pure and deterministic:
 * the same spec always gives the same IDs.
 */
import { accountIdFromName, organizationIdFor, ouIdFor, rootIdFor } from './ids.js';
import type { AccountSpec, OrganizationalUnitSpec, OrganizationSpec } from './org-schema.js';

export interface OrganizationAccount {
  id: string;
  name: string;
  email: string;
  arn: string;
  /** The root or OU the account sits in. */
  parentId: string;
  /** OU names from the root, `workloads/prod` ('' under the root). */
  ouPath: string;
  /** `o-…/r-…/ou-…/` (aws:PrincipalOrgPaths). */
  orgPath: string;
  tags: Record<string, string>;
  joinedMethod: 'INVITED' | 'CREATED';
}

export interface OrganizationalUnit {
  id: string;
  arn: string;
  name: string;
  parentId: string;
  /** OU names from the root, this one included. */
  path: string;
  orgPath: string;
  tags: Record<string, string>;
}

export interface OrganizationModel {
  id: string;
  arn: string;
  managementAccountId: string;
  rootId: string;
  rootArn: string;
  /** When the organization (and each account's membership) began, ISO 8601. */
  createdAt: string;
  /** Depth-first, in file order: the accounts of a parent before its child OUs. */
  accounts: OrganizationAccount[];
  organizationalUnits: OrganizationalUnit[];
}

interface Walked {
  spec: AccountSpec;
  id: string;
  parentId: string;
  ouPath: string;
  orgPath: string;
}

function walk(
  units: OrganizationalUnitSpec[] | undefined,
  parent: { id: string; path: string; orgPath: string },
  out: { accounts: Walked[]; units: Omit<OrganizationalUnit, 'arn'>[] },
  rootId: string,
): void {
  for (const unit of units ?? []) {
    const path = parent.path ? `${parent.path}/${unit.name}` : unit.name;
    const id = ouIdFor(rootId, path);
    const orgPath = `${parent.orgPath}${id}/`;
    out.units.push({ id, name: unit.name, parentId: parent.id, path, orgPath, tags: unit.tags ?? {} });
    for (const spec of unit.accounts ?? []) {
      out.accounts.push({
        spec,
        id: spec.id ?? accountIdFromName(spec.name),
        parentId: id,
        ouPath: path,
        orgPath,
      });
    }
    walk(unit.organizationalUnits, { id, path, orgPath }, out, rootId);
  }
}

function managementSpec(spec: OrganizationSpec): AccountSpec {
  const all: AccountSpec[] = [];
  const collect = (units: OrganizationalUnitSpec[] | undefined) => {
    for (const u of units ?? []) {
      all.push(...(u.accounts ?? []));
      collect(u.organizationalUnits);
    }
  };
  all.push(...(spec.accounts ?? []));
  collect(spec.organizationalUnits);
  const wanted = spec.managementAccount?.toLowerCase();
  const found = wanted === undefined ? spec.accounts?.[0] : all.find((a) => a.name.toLowerCase() === wanted);
  if (!found) throw new Error('the organization spec names no management account (validate it first)');
  return found;
}

/** Resolves a validated spec. `createdAt` becomes every account's JoinedTimestamp. */
export function resolveOrganization(
  spec: OrganizationSpec,
  options: { createdAt: string },
): OrganizationModel {
  const management = managementSpec(spec);
  const managementAccountId = management.id ?? accountIdFromName(management.name);
  const id = organizationIdFor(managementAccountId);
  const rootId = rootIdFor(id);
  const base = `arn:aws:organizations::${managementAccountId}`;
  const rootOrgPath = `${id}/${rootId}/`;
  const out: { accounts: Walked[]; units: Omit<OrganizationalUnit, 'arn'>[] } = { accounts: [], units: [] };
  for (const s of spec.accounts ?? []) {
    out.accounts.push({
      spec: s,
      id: s.id ?? accountIdFromName(s.name),
      parentId: rootId,
      ouPath: '',
      orgPath: rootOrgPath,
    });
  }
  walk(spec.organizationalUnits, { id: rootId, path: '', orgPath: rootOrgPath }, out, rootId);
  const ids = new Set<string>();
  for (const a of out.accounts) {
    if (ids.has(a.id)) {
      throw new Error(`account ${a.spec.name} derives ID ${a.id}, which another account already has`);
    }
    ids.add(a.id);
  }
  return {
    id,
    arn: `${base}:organization/${id}`,
    managementAccountId,
    rootId,
    rootArn: `${base}:root/${id}/${rootId}`,
    createdAt: options.createdAt,
    accounts: out.accounts.map((a) => ({
      id: a.id,
      name: a.spec.name,
      email: a.spec.email ?? `${a.spec.name.toLowerCase()}@example.com`,
      arn: `${base}:account/${id}/${a.id}`,
      parentId: a.parentId,
      ouPath: a.ouPath,
      orgPath: a.orgPath,
      tags: a.spec.tags ?? {},
      joinedMethod: a.id === managementAccountId ? 'INVITED' : 'CREATED',
    })),
    organizationalUnits: out.units.map((u) => ({ ...u, arn: `${base}:ou/${id}/${u.id}` })),
  };
}
