/** AWS::KMS::Alias; the physical ID is the alias name. */
import { CreateAliasCommand, DeleteAliasCommand, KMSClient, UpdateAliasCommand } from '@aws-sdk/client-kms';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { type Props, requiredString } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Kms';

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const kms = clientFor(KMSClient, ctx);
  const name = requiredString(props, 'AliasName');
  const target = requiredString(props, 'TargetKeyId');
  await call(SERVICE, () => kms.send(new CreateAliasCommand({ AliasName: name, TargetKeyId: target })));
  return { physicalId: name, attributes: {} };
}

async function update(
  name: string,
  props: Props,
  _previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const kms = clientFor(KMSClient, ctx);
  const target = requiredString(props, 'TargetKeyId');
  await call(SERVICE, () => kms.send(new UpdateAliasCommand({ AliasName: name, TargetKeyId: target })));
  return { physicalId: name, attributes: {} };
}

async function remove(name: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const kms = clientFor(KMSClient, ctx);
  await callUnlessGone(SERVICE, () => kms.send(new DeleteAliasCommand({ AliasName: name })));
}

export const kmsAliasProvider: ResourceProvider = {
  type: 'AWS::KMS::Alias',
  replaceOn: ['AliasName'],
  create,
  update,
  delete: remove,
};
