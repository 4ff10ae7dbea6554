/**
 * Reading IAM state: roles, managed policies (customer and AWS managed), and the PolicyLookup the
 * authorizer uses to find a caller's policies.
 */
import type { PolicyLookup } from '../../core/authorize.js';
import type { PolicyInput } from '../../iam/index.js';
import { parseArn } from '../../iam/index.js';
import type { StateStore } from '../../state/store.js';
import { AWS_MANAGED_POLICIES, isAwsManagedArn } from './aws-managed.js';
import {
  type AccountIam,
  type IamState,
  iamSlice,
  type ManagedPolicyRecord,
  type RoleRecord,
} from './state.js';

const EMPTY: AccountIam = { roles: {}, policies: {}, serial: 0, seeded: false };

export function accountIam(store: StateStore, accountId: string): AccountIam {
  return store.get<IamState>(iamSlice).accounts[accountId] ?? EMPTY;
}

export function findRole(store: StateStore, accountId: string, roleName: string): RoleRecord | undefined {
  return accountIam(store, accountId).roles[roleName.toLowerCase()];
}

/** `arn:aws:iam::<account>:role/<path/>Name` split into account, path and name. */
export function parseRoleArn(arn: string): { accountId: string; path: string; name: string } | undefined {
  const parts = parseArn(arn);
  if (!parts) return undefined;
  if (parts.service !== 'iam' || parts.region !== '' || !/^\d{12}$/.test(parts.account)) return undefined;
  const match = /^role(\/(?:[\u0021-\u007E]+\/)?)([\w+=,.@-]{1,64})$/.exec(parts.resource);
  if (!match) return undefined;
  return { accountId: parts.account, path: match[1]!, name: match[2]! };
}

/** The role an ARN names; the path must match too. */
export function findRoleByArn(store: StateStore, arn: string): RoleRecord | undefined {
  const ref = parseRoleArn(arn);
  if (!ref) return undefined;
  const role = findRole(store, ref.accountId, ref.name);
  return role && role.path === ref.path && role.name === ref.name ? role : undefined;
}

/** The account whose policy an ARN names (`aws` for AWS managed policies). */
export function policyAccount(arn: string): string | undefined {
  return parseArn(arn)?.account;
}

export function findManagedPolicy(store: StateStore, arn: string): ManagedPolicyRecord | undefined {
  if (isAwsManagedArn(arn)) return AWS_MANAGED_POLICIES.get(arn);
  const account = policyAccount(arn);
  return account ? accountIam(store, account).policies[arn] : undefined;
}

export function defaultDocument(policy: ManagedPolicyRecord): string {
  const version = policy.versions.find((v) => v.versionId === policy.defaultVersionId);
  if (!version) throw new Error(`policy ${policy.arn} has no default version`);
  return version.document;
}

/** How many roles of an account attach a policy, and use it as boundary. */
export function policyUsage(
  store: StateStore,
  accountId: string,
  arn: string,
): { attached: number; boundary: number } {
  let attached = 0;
  let boundary = 0;
  for (const role of Object.values(accountIam(store, accountId).roles)) {
    if (role.attachedPolicies.includes(arn)) attached += 1;
    if (role.permissionsBoundary === arn) boundary += 1;
  }
  return { attached, boundary };
}

function managedInput(store: StateStore, arn: string): PolicyInput | undefined {
  const policy = findManagedPolicy(store, arn);
  return policy ? { name: arn, document: defaultDocument(policy) } : undefined;
}

export function iamPolicyLookup(store: StateStore): PolicyLookup {
  return {
    rolePolicies(roleArn) {
      const role = findRoleByArn(store, roleArn);
      if (!role) return undefined;
      const identityPolicies: PolicyInput[] = Object.entries(role.inlinePolicies).map(([name, document]) => ({
        name: `role/${role.name} inline ${name}`,
        document,
      }));
      for (const arn of role.attachedPolicies) {
        const input = managedInput(store, arn);
        if (input) identityPolicies.push(input);
      }
      const permissionsBoundary = role.permissionsBoundary
        ? managedInput(store, role.permissionsBoundary)
        : undefined;
      return { identityPolicies, permissionsBoundary };
    },
    managedPolicy: (arn) => managedInput(store, arn),
  };
}
