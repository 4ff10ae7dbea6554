/**
 * IAM (query protocol, API version 2010-05-08): roles, inline and managed policies with versions,
 * permissions boundaries, role tags. Every call acts on the caller's account and is authorized with
 * `deps.authorize`.
 */
import type { ServiceRegistry } from '../../http/index.js';
import type { SliceDefinition } from '../../state/store.js';
import type { ServiceDeps } from '../deps.js';
import { registerManagedPolicyOperations } from './managed-policies.js';
import { registerRolePolicyOperations } from './role-policies.js';
import { registerRoleOperations } from './roles.js';
import { iamSlice } from './state.js';

export { AWS_MANAGED_POLICIES } from './aws-managed.js';
export { findRole, findRoleByArn, iamPolicyLookup, parseRoleArn } from './queries.js';
export { ADMINISTRATOR_ACCESS_ARN, ORGANIZATION_ACCESS_ROLE, seedAccountRoles } from './seed.js';
export type { RoleRecord, Tag } from './state.js';

// biome-ignore lint/suspicious/noExplicitAny: slices hold different state types
export const slices: SliceDefinition<any>[] = [iamSlice];

export function registerIam(registry: ServiceRegistry, deps: ServiceDeps): void {
  registerRoleOperations(registry, deps);
  registerRolePolicyOperations(registry, deps);
  registerManagedPolicyOperations(registry, deps);
}
