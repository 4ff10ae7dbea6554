/**
 * IAM's state: per account, roles (with inline policies, attached managed policies, boundary, tags) and
 * customer managed policies with their versions. IAM is global: nothing here depends on the region.
 * Changed only through these reducers; timestamps and IDs come in the payloads.
 */
import type { SliceDefinition } from '../../state/store.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface RoleRecord {
  name: string;
  path: string;
  id: string;
  arn: string;
  createDate: string;
  /** The trust policy as submitted (JSON text). */
  trustPolicy: string;
  description?: string;
  maxSessionDuration: number;
  tags: Tag[];
  /** Inline policies by name, in the order they were first put. */
  inlinePolicies: Record<string, string>;
  /** ARNs of attached managed policies, in attachment order. */
  attachedPolicies: string[];
  permissionsBoundary?: string;
}

export interface PolicyVersionRecord {
  versionId: string;
  document: string;
  createDate: string;
}

export interface ManagedPolicyRecord {
  name: string;
  path: string;
  id: string;
  arn: string;
  description?: string;
  createDate: string;
  updateDate: string;
  defaultVersionId: string;
  /** Newest first. */
  versions: PolicyVersionRecord[];
  /** The number the next version gets (`v<n>`). */
  nextVersion: number;
  tags: Tag[];
}

export interface AccountIam {
  /** By lower-cased name: IAM names are unique regardless of case. */
  roles: Record<string, RoleRecord>;
  /** Customer managed policies by ARN. */
  policies: Record<string, ManagedPolicyRecord>;
  /** Counts created entities; unique IDs derive from it. */
  serial: number;
  /** True once the account's initial roles were created. */
  seeded: boolean;
}

export interface IamState {
  accounts: Record<string, AccountIam>;
}

function account(state: IamState, accountId: string): AccountIam {
  let found = state.accounts[accountId];
  if (!found) {
    found = { roles: {}, policies: {}, serial: 0, seeded: false };
    state.accounts[accountId] = found;
  }
  return found;
}

interface RoleRef {
  accountId: string;
  roleName: string;
}

function role(state: IamState, ref: RoleRef): RoleRecord {
  const found = account(state, ref.accountId).roles[ref.roleName.toLowerCase()];
  if (!found) throw new Error(`iam state: no role ${ref.roleName} in ${ref.accountId}`);
  return found;
}

interface PolicyRef {
  accountId: string;
  policyArn: string;
}

function policy(state: IamState, ref: PolicyRef): ManagedPolicyRecord {
  const found = account(state, ref.accountId).policies[ref.policyArn];
  if (!found) throw new Error(`iam state: no policy ${ref.policyArn} in ${ref.accountId}`);
  return found;
}

/** Adds or replaces tags (keys compared regardless of case), keeping first-seen order. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const out = existing.map((t) => ({ ...t }));
  for (const tag of added) {
    const at = out.findIndex((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (at >= 0) out[at] = { ...tag };
    else out.push({ ...tag });
  }
  return out;
}

export const iamSlice: SliceDefinition<IamState> = {
  name: 'iam',
  initial: () => ({ accounts: {} }),
  reducers: {
    accountSeeded: (state, p: { accountId: string; roles: RoleRecord[] }) => {
      const a = account(state, p.accountId);
      for (const r of p.roles) {
        a.roles[r.name.toLowerCase()] = r;
        a.serial += 1;
      }
      a.seeded = true;
    },
    roleCreated: (state, p: { accountId: string; role: RoleRecord }) => {
      const a = account(state, p.accountId);
      a.roles[p.role.name.toLowerCase()] = p.role;
      a.serial += 1;
    },
    roleDeleted: (state, p: RoleRef) => {
      delete account(state, p.accountId).roles[p.roleName.toLowerCase()];
    },
    roleChanged: (
      state,
      p: RoleRef & {
        changes: Partial<Pick<RoleRecord, 'trustPolicy' | 'description' | 'maxSessionDuration'>>;
      },
    ) => {
      Object.assign(role(state, p), p.changes);
    },
    roleTagged: (state, p: RoleRef & { tags: Tag[] }) => {
      const r = role(state, p);
      r.tags = mergeTags(r.tags, p.tags);
    },
    roleUntagged: (state, p: RoleRef & { keys: string[] }) => {
      const r = role(state, p);
      const drop = new Set(p.keys.map((k) => k.toLowerCase()));
      r.tags = r.tags.filter((t) => !drop.has(t.Key.toLowerCase()));
    },
    rolePolicyPut: (state, p: RoleRef & { policyName: string; document: string }) => {
      role(state, p).inlinePolicies[p.policyName] = p.document;
    },
    rolePolicyDeleted: (state, p: RoleRef & { policyName: string }) => {
      delete role(state, p).inlinePolicies[p.policyName];
    },
    rolePolicyAttached: (state, p: RoleRef & { policyArn: string }) => {
      const r = role(state, p);
      if (!r.attachedPolicies.includes(p.policyArn)) r.attachedPolicies.push(p.policyArn);
    },
    rolePolicyDetached: (state, p: RoleRef & { policyArn: string }) => {
      const r = role(state, p);
      r.attachedPolicies = r.attachedPolicies.filter((arn) => arn !== p.policyArn);
    },
    boundarySet: (state, p: RoleRef & { policyArn: string | null }) => {
      const r = role(state, p);
      if (p.policyArn === null) delete r.permissionsBoundary;
      else r.permissionsBoundary = p.policyArn;
    },
    policyCreated: (state, p: { accountId: string; policy: ManagedPolicyRecord }) => {
      const a = account(state, p.accountId);
      a.policies[p.policy.arn] = p.policy;
      a.serial += 1;
    },
    policyDeleted: (state, p: PolicyRef) => {
      delete account(state, p.accountId).policies[p.policyArn];
    },
    policyVersionCreated: (state, p: PolicyRef & { version: PolicyVersionRecord; setAsDefault: boolean }) => {
      const pol = policy(state, p);
      pol.versions.unshift(p.version);
      pol.nextVersion += 1;
      if (p.setAsDefault) {
        pol.defaultVersionId = p.version.versionId;
        pol.updateDate = p.version.createDate;
      }
    },
    policyVersionDeleted: (state, p: PolicyRef & { versionId: string }) => {
      const pol = policy(state, p);
      pol.versions = pol.versions.filter((v) => v.versionId !== p.versionId);
    },
    defaultVersionSet: (state, p: PolicyRef & { versionId: string; updateDate: string }) => {
      const pol = policy(state, p);
      pol.defaultVersionId = p.versionId;
      pol.updateDate = p.updateDate;
    },
  },
};
