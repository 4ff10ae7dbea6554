/**
 * AWS::CodeStarConnections::Connection. Ref is the connection ARN; GetAtt `ConnectionArn`,
 * `ConnectionStatus` (PENDING until the handshake with the provider is completed, as on AWS) and
 * `OwnerAccountId`. Only `Tags` change in place.
 */
import {
  CodeStarConnectionsClient,
  CreateConnectionCommand,
  DeleteConnectionCommand,
  GetConnectionCommand,
  type ProviderType,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-codestar-connections';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { optionalString, type Props, requiredString, tagList, tagMap } from './props.js';
import { tagChanges } from './tag-changes.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'CodeStarConnections';

async function result(client: CodeStarConnectionsClient, arn: string): Promise<ProviderResult> {
  const out = await call(SERVICE, () => client.send(new GetConnectionCommand({ ConnectionArn: arn })));
  return {
    physicalId: arn,
    attributes: {
      ConnectionArn: arn,
      ConnectionStatus: out.Connection?.ConnectionStatus,
      OwnerAccountId: out.Connection?.OwnerAccountId,
    },
  };
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const client = clientFor(CodeStarConnectionsClient, ctx);
  const tags = tagList(props);
  const out = await call(SERVICE, () =>
    client.send(
      new CreateConnectionCommand({
        ConnectionName: requiredString(props, 'ConnectionName'),
        ProviderType: optionalString(props, 'ProviderType') as ProviderType | undefined,
        HostArn: optionalString(props, 'HostArn'),
        Tags: tags.length > 0 ? tags : undefined,
      }),
    ),
  );
  return result(client, out.ConnectionArn ?? '');
}

async function update(
  arn: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const client = clientFor(CodeStarConnectionsClient, ctx);
  const changes = tagChanges(tagMap(tagList(previous)), tagMap(tagList(props)));
  if (changes.remove.length > 0) {
    await call(SERVICE, () =>
      client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: changes.remove })),
    );
  }
  const set = Object.entries(changes.set).map(([Key, Value]) => ({ Key, Value }));
  if (set.length > 0) {
    await call(SERVICE, () => client.send(new TagResourceCommand({ ResourceArn: arn, Tags: set })));
  }
  return result(client, arn);
}

async function remove(arn: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const client = clientFor(CodeStarConnectionsClient, ctx);
  await callUnlessGone(SERVICE, () => client.send(new DeleteConnectionCommand({ ConnectionArn: arn })));
}

export const codestarConnectionProvider: ResourceProvider = {
  type: 'AWS::CodeStarConnections::Connection',
  replaceOn: ['ConnectionName', 'ProviderType', 'HostArn'],
  create,
  update,
  delete: remove,
};
