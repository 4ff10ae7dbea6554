/** AWS::IAM::ManagedPolicy: a customer managed policy, new versions on change, attached to Roles. */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  IAMClient,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { changed, jsonText, optionalString, type Props, stringList } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Iam';

async function result(iam: IAMClient, arn: string): Promise<ProviderResult> {
  const out = await call(SERVICE, () => iam.send(new GetPolicyCommand({ PolicyArn: arn })));
  return {
    physicalId: arn,
    attributes: {
      PolicyArn: arn,
      PolicyId: out.Policy?.PolicyId,
      DefaultVersionId: out.Policy?.DefaultVersionId,
    },
  };
}

async function syncRoles(iam: IAMClient, arn: string, props: Props, previous: Props): Promise<void> {
  const roles = new Set(stringList(props, 'Roles'));
  const before = new Set(stringList(previous, 'Roles'));
  for (const role of before) {
    if (!roles.has(role)) {
      await callUnlessGone(SERVICE, () =>
        iam.send(new DetachRolePolicyCommand({ RoleName: role, PolicyArn: arn })),
      );
    }
  }
  for (const role of roles) {
    if (before.has(role)) continue;
    await call(SERVICE, () => iam.send(new AttachRolePolicyCommand({ RoleName: role, PolicyArn: arn })));
  }
}

/** Deletes every version but the default one (all of them must go before DeletePolicy; 5 at most). */
async function pruneVersions(iam: IAMClient, arn: string, keep: number): Promise<void> {
  const out = await callUnlessGone(SERVICE, () =>
    iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn })),
  );
  const old = (out?.Versions ?? []).filter((v) => !v.IsDefaultVersion);
  old.sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0));
  for (const version of old.slice(0, Math.max(0, old.length - keep))) {
    await callUnlessGone(SERVICE, () =>
      iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: version.VersionId })),
    );
  }
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const iam = clientFor(IAMClient, ctx);
  const out = await call(SERVICE, () =>
    iam.send(
      new CreatePolicyCommand({
        PolicyName: optionalString(props, 'ManagedPolicyName') ?? generatedName(ctx, { maxLength: 128 }),
        Path: optionalString(props, 'Path'),
        Description: optionalString(props, 'Description'),
        PolicyDocument: jsonText(props['PolicyDocument']),
      }),
    ),
  );
  const arn = out.Policy?.Arn ?? '';
  await syncRoles(iam, arn, props, {});
  return result(iam, arn);
}

async function update(
  arn: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const iam = clientFor(IAMClient, ctx);
  if (changed(props['PolicyDocument'], previous['PolicyDocument'])) {
    await pruneVersions(iam, arn, 3);
    await call(SERVICE, () =>
      iam.send(
        new CreatePolicyVersionCommand({
          PolicyArn: arn,
          PolicyDocument: jsonText(props['PolicyDocument']),
          SetAsDefault: true,
        }),
      ),
    );
  }
  await syncRoles(iam, arn, props, previous);
  return result(iam, arn);
}

async function remove(arn: string, props: Props, ctx: ProviderContext): Promise<void> {
  const iam = clientFor(IAMClient, ctx);
  await syncRoles(iam, arn, {}, props);
  await pruneVersions(iam, arn, 0);
  await callUnlessGone(SERVICE, () => iam.send(new DeletePolicyCommand({ PolicyArn: arn })));
}

export const iamManagedPolicyProvider: ResourceProvider = {
  type: 'AWS::IAM::ManagedPolicy',
  replaceOn: ['ManagedPolicyName', 'Path', 'Description'],
  create,
  update,
  delete: remove,
};
