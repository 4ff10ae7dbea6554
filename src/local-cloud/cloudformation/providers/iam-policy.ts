/** AWS::IAM::Policy: one inline policy put on each listed role (Users and Groups are not served locally). */
import { DeleteRolePolicyCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { jsonText, type Props, requiredString, stringList } from './props.js';
import { type ProviderContext, ProviderError, type ProviderResult, type ResourceProvider } from './types.js';

const SERVICE = 'Iam';

function roleNames(props: Props): string[] {
  if (stringList(props, 'Users').length > 0 || stringList(props, 'Groups').length > 0) {
    throw new ProviderError('AWS::IAM::Policy: Users and Groups are not supported by the local cloud');
  }
  const roles = stringList(props, 'Roles');
  if (roles.length === 0) {
    throw new ProviderError('At least one of [Groups,Roles,Users] must be non-empty.', 'ValidationError');
  }
  return roles;
}

async function put(iam: IAMClient, props: Props): Promise<void> {
  const name = requiredString(props, 'PolicyName');
  const document = jsonText(props['PolicyDocument']);
  for (const role of roleNames(props)) {
    await call(SERVICE, () =>
      iam.send(new PutRolePolicyCommand({ RoleName: role, PolicyName: name, PolicyDocument: document })),
    );
  }
}

async function detach(iam: IAMClient, props: Props, keep: Set<string>): Promise<void> {
  const name = requiredString(props, 'PolicyName');
  for (const role of stringList(props, 'Roles')) {
    if (keep.has(`${role}\n${name}`)) continue;
    await callUnlessGone(SERVICE, () =>
      iam.send(new DeleteRolePolicyCommand({ RoleName: role, PolicyName: name })),
    );
  }
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const iam = clientFor(IAMClient, ctx);
  await put(iam, props);
  const physicalId = generatedName(ctx, { maxLength: 128 });
  return { physicalId, attributes: { Id: physicalId } };
}

async function update(
  physicalId: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const iam = clientFor(IAMClient, ctx);
  await put(iam, props);
  const name = requiredString(props, 'PolicyName');
  await detach(iam, previous, new Set(roleNames(props).map((r) => `${r}\n${name}`)));
  return { physicalId, attributes: { Id: physicalId } };
}

async function remove(_physicalId: string, props: Props, ctx: ProviderContext): Promise<void> {
  await detach(clientFor(IAMClient, ctx), props, new Set());
}

export const iamPolicyProvider: ResourceProvider = {
  type: 'AWS::IAM::Policy',
  replaceOn: [],
  create,
  update,
  delete: remove,
};
