/**
 * CodeStar Connections state: connections and hosts by ARN, with their status and tags. IDs are derived
 * from the slice's serial (drawn by the operation from the state it reads), so replaying the journal gives
 * the same ARNs. Changed only through the reducers below.
 */
import type { SliceDefinition } from '../../state/store.js';

export const PROVIDER_TYPES = [
  'Bitbucket',
  'GitHub',
  'GitHubEnterpriseServer',
  'GitLab',
  'GitLabSelfManaged',
  'AzureDevOps',
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const CONNECTION_STATUSES = ['PENDING', 'AVAILABLE', 'ERROR'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const HOST_STATUSES = [
  'PENDING',
  'AVAILABLE',
  'VPC_CONFIG_INITIALIZING',
  'VPC_CONFIG_FAILED_INITIALIZATION',
  'VPC_CONFIG_DELETING',
] as const;
export type HostStatus = (typeof HOST_STATUSES)[number];

export interface StoredConnection {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  providerType: ProviderType;
  hostArn?: string;
  status: ConnectionStatus;
  tags: Record<string, string>;
}

export interface StoredHost {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  providerType: ProviderType;
  providerEndpoint: string;
  vpcConfiguration?: Record<string, unknown>;
  status: HostStatus;
  tags: Record<string, string>;
}

export interface ConnectionsState {
  connections: Record<string, StoredConnection>;
  hosts: Record<string, StoredHost>;
  /** The last ID number handed out. */
  serial: number;
}

export const connectionsSlice: SliceDefinition<ConnectionsState> = {
  name: 'codestar-connections',
  initial: () => ({ connections: {}, hosts: {}, serial: 0 }),
  reducers: {
    createConnection: (state, payload: { connection: StoredConnection; serial: number }) => {
      state.connections[payload.connection.arn] = payload.connection;
      state.serial = Math.max(state.serial, payload.serial);
    },
    deleteConnection: (state, payload: { arn: string }) => {
      delete state.connections[payload.arn];
    },
    setConnectionStatus: (state, payload: { arn: string; status: ConnectionStatus }) => {
      const connection = state.connections[payload.arn];
      if (connection) connection.status = payload.status;
    },
    createHost: (state, payload: { host: StoredHost; serial: number }) => {
      state.hosts[payload.host.arn] = payload.host;
      state.serial = Math.max(state.serial, payload.serial);
    },
    deleteHost: (state, payload: { arn: string }) => {
      delete state.hosts[payload.arn];
    },
    setHostStatus: (state, payload: { arn: string; status: HostStatus }) => {
      const host = state.hosts[payload.arn];
      if (host) host.status = payload.status;
    },
    tag: (state, payload: { arn: string; tags: Record<string, string> }) => {
      const target = state.connections[payload.arn] ?? state.hosts[payload.arn];
      if (target) Object.assign(target.tags, payload.tags);
    },
    untag: (state, payload: { arn: string; keys: string[] }) => {
      const target = state.connections[payload.arn] ?? state.hosts[payload.arn];
      if (target) for (const key of payload.keys) delete target.tags[key];
    },
  },
};
