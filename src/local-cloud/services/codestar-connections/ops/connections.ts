/**
 * Connections: CreateConnection, GetConnection, ListConnections, DeleteConnection. A connection is created
 * PENDING, as on AWS (the handshake with the provider happens in the console); the internal API marks it
 * AVAILABLE. A connection to a GitHub Enterprise Server or GitLab self-managed names an AVAILABLE host.
 */
import { requestTagKeys, tagList } from '../../codepipeline/call.js';
import { paginate } from '../../shared/paging.js';
import { readTags } from '../../codepipeline/tags.js';
import { ConnectionErrors } from '../errors.js';
import { connectionArn } from '../names.js';
import { connectionsSlice, PROVIDER_TYPES, type StoredConnection } from '../state.js';
import {
  ARN_LIMITS,
  type ConnectionsOperations,
  inScope,
  pageRequest,
  requireConnection,
  requireHost,
  stateOf,
  TAG_NAMES,
} from './types.js';

/** Providers that live on a host of the customer's. */
export const HOSTED_PROVIDERS: readonly string[] = ['GitHubEnterpriseServer', 'GitLabSelfManaged'];

function describe(c: StoredConnection) {
  return {
    ConnectionName: c.name,
    ConnectionArn: c.arn,
    ProviderType: c.providerType,
    OwnerAccountId: c.accountId,
    ConnectionStatus: c.status,
    HostArn: c.hostArn,
  };
}

export const connectionOperations: ConnectionsOperations = {
  CreateConnection(deps, f, call) {
    const name = f.requiredString('ConnectionName', { max: 32 });
    let providerType = f.enumOf('ProviderType', PROVIDER_TYPES);
    const hostArn = f.string('HostArn', ARN_LIMITS);
    const tags = readTags(f, 'Tags', TAG_NAMES, ConnectionErrors.validation) ?? {};
    if (hostArn !== undefined) {
      const host = requireHost(deps.store, call, hostArn, 'codestar-connections:UseHost');
      if (providerType !== undefined && providerType !== host.providerType) {
        throw ConnectionErrors.validation(
          `ProviderType ${providerType} does not match the host's provider type ${host.providerType}`,
        );
      }
      if (host.status !== 'AVAILABLE') {
        throw ConnectionErrors.unavailable(
          `Host ${hostArn} is in status ${host.status}; it must be AVAILABLE`,
        );
      }
      providerType = host.providerType;
    }
    if (providerType === undefined)
      throw ConnectionErrors.validation('Either ProviderType or HostArn must be specified');
    if (hostArn === undefined && HOSTED_PROVIDERS.includes(providerType)) {
      throw ConnectionErrors.validation(`A HostArn is required for provider type ${providerType}`);
    }
    const serial = stateOf(deps.store).serial + 1;
    const arn = connectionArn(call.where, serial);
    call.authorize({
      action: 'codestar-connections:CreateConnection',
      resource: arn,
      contextKeys: { 'codestar-connections:ProviderType': providerType, ...requestTagKeys(tags) },
    });
    const connection: StoredConnection = {
      arn,
      name,
      accountId: call.where.accountId,
      region: call.where.region,
      providerType,
      status: 'PENDING',
      tags,
    };
    if (hostArn !== undefined) connection.hostArn = hostArn;
    deps.store.dispatch(connectionsSlice, 'createConnection', { connection, serial });
    return { ConnectionArn: arn, Tags: Object.keys(tags).length > 0 ? tagList(tags, TAG_NAMES) : undefined };
  },

  GetConnection(deps, f, call) {
    const arn = f.requiredString('ConnectionArn', ARN_LIMITS);
    return {
      Connection: describe(requireConnection(deps.store, call, arn, 'codestar-connections:GetConnection')),
    };
  },

  ListConnections(deps, f, call) {
    const providerType = f.enumOf('ProviderTypeFilter', PROVIDER_TYPES);
    const hostArn = f.string('HostArnFilter', ARN_LIMITS);
    const { limit, token } = pageRequest(f);
    call.authorize({ action: 'codestar-connections:ListConnections', resource: '*' });
    const items = inScope(stateOf(deps.store).connections, call.where).filter(
      (c) =>
        (providerType === undefined || c.providerType === providerType) &&
        (hostArn === undefined || c.hostArn === hostArn),
    );
    const page = paginate({
      items,
      sortKey: (c) => c.arn,
      limit,
      token,
      invalidToken: () => ConnectionErrors.validation('Invalid NextToken'),
    });
    return { Connections: page.items.map(describe), NextToken: page.nextToken };
  },

  DeleteConnection(deps, f, call) {
    const arn = f.requiredString('ConnectionArn', ARN_LIMITS);
    requireConnection(deps.store, call, arn, 'codestar-connections:DeleteConnection');
    deps.store.dispatch(connectionsSlice, 'deleteConnection', { arn });
    return undefined;
  },
};
