/**
 * Hosts (GitHub Enterprise Server, GitLab self-managed): CreateHost, GetHost, ListHosts, DeleteHost. A host
 * is created PENDING, as on AWS; the internal API marks it AVAILABLE. A host with connections cannot be
 * deleted.
 */
import { requestTagKeys, tagList } from '../../codepipeline/call.js';
import { paginate } from '../../shared/paging.js';
import { readTags } from '../../codepipeline/tags.js';
import { ConnectionErrors } from '../errors.js';
import { hostArn } from '../names.js';
import { connectionsSlice, type StoredHost } from '../state.js';
import {
  ARN_LIMITS,
  type ConnectionsOperations,
  inScope,
  pageRequest,
  requireHost,
  stateOf,
  TAG_NAMES,
} from './types.js';

const HOST_PROVIDERS = ['GitHubEnterpriseServer', 'GitLabSelfManaged'] as const;
const HOST_NAME = { max: 64, pattern: { regex: /^[A-Za-z0-9\-_]+$/, text: '[A-Za-z0-9\\-_]+' } };

function checkEndpoint(endpoint: string): void {
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw ConnectionErrors.validation(`ProviderEndpoint ${endpoint} is not a valid URL`);
  }
}

function describe(h: StoredHost) {
  return {
    Name: h.name,
    HostArn: h.arn,
    ProviderType: h.providerType,
    ProviderEndpoint: h.providerEndpoint,
    VpcConfiguration: h.vpcConfiguration,
    Status: h.status,
  };
}

export const hostOperations: ConnectionsOperations = {
  CreateHost(deps, f, call) {
    const name = f.requiredString('Name', HOST_NAME);
    const providerType = f.requiredEnum('ProviderType', HOST_PROVIDERS);
    const providerEndpoint = f.requiredString('ProviderEndpoint', { max: 512 });
    checkEndpoint(providerEndpoint);
    const vpc = f.object('VpcConfiguration');
    if (vpc) {
      vpc.requiredString('VpcId');
      vpc.requiredStringList('SubnetIds', { min: 1 });
      vpc.requiredStringList('SecurityGroupIds', { min: 1 });
    }
    const tags = readTags(f, 'Tags', TAG_NAMES, ConnectionErrors.validation) ?? {};
    const serial = stateOf(deps.store).serial + 1;
    const arn = hostArn(call.where, name, serial);
    call.authorize({
      action: 'codestar-connections:CreateHost',
      resource: arn,
      contextKeys: { 'codestar-connections:ProviderType': providerType, ...requestTagKeys(tags) },
    });
    const host: StoredHost = {
      arn,
      name,
      accountId: call.where.accountId,
      region: call.where.region,
      providerType,
      providerEndpoint,
      status: 'PENDING',
      tags,
    };
    if (vpc) host.vpcConfiguration = { ...vpc.body };
    deps.store.dispatch(connectionsSlice, 'createHost', { host, serial });
    return { HostArn: arn, Tags: Object.keys(tags).length > 0 ? tagList(tags, TAG_NAMES) : undefined };
  },

  GetHost(deps, f, call) {
    const arn = f.requiredString('HostArn', ARN_LIMITS);
    const { HostArn: _arn, ...rest } = describe(
      requireHost(deps.store, call, arn, 'codestar-connections:GetHost'),
    );
    return rest;
  },

  ListHosts(deps, f, call) {
    const { limit, token } = pageRequest(f);
    call.authorize({ action: 'codestar-connections:ListHosts', resource: '*' });
    const page = paginate({
      items: inScope(stateOf(deps.store).hosts, call.where),
      sortKey: (h) => h.arn,
      limit,
      token,
      invalidToken: () => ConnectionErrors.validation('Invalid NextToken'),
    });
    return { Hosts: page.items.map(describe), NextToken: page.nextToken };
  },

  DeleteHost(deps, f, call) {
    const arn = f.requiredString('HostArn', ARN_LIMITS);
    requireHost(deps.store, call, arn, 'codestar-connections:DeleteHost');
    const used = Object.values(stateOf(deps.store).connections).some((c) => c.hostArn === arn);
    if (used) throw ConnectionErrors.validation(`Host ${arn} has connections; delete them first`);
    deps.store.dispatch(connectionsSlice, 'deleteHost', { arn });
    return undefined;
  },
};
