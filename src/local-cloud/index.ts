/**
 * The local cloud's public API: a multi-account AWS on 127.0.0.1 (STS, IAM, Organizations, KMS, …)
 * that the AWS SDK v3 clients and the `aws` CLI talk to unchanged. Only the CLI and tests import it.
 */
export {
  type CreateLocalCloudOptions,
  createLocalCloud,
  type LocalCloudInstance,
  type LocalCredentials,
  type ServiceRegistration,
} from './cloud.js';
export { CLOUD_FILE, ENDPOINT_FILE, type EndpointFile } from './core/cloud-file.js';
export { DEFAULT_ORGANIZATION } from './core/default-org.js';
export { loadOrganizationFile, parseOrganizationSpec, parseOrganizationYaml } from './core/org-file.js';
export type { AccountSpec, OrganizationalUnitSpec, OrganizationSpec } from './core/org-schema.js';
export type { OrganizationAccount, OrganizationalUnit, OrganizationModel } from './core/organization.js';
export { readStoredCredentials, type StoredCredentials } from './core/stored-credentials.js';
export {
  createFaultInjector,
  type FaultConfigInput,
  type FaultInjector,
  loadFaultConfig,
} from './faults/index.js';
export { LocalCloudError } from './http/errors.js';
export type { AccountDirectory, AccountRecord } from './services/deps.js';
