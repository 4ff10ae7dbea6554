/** AWS::IAM::Role: the role, its inline policies, attached managed policies, boundary and tags. */
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import {
  changed,
  jsonText,
  objectList,
  optionalNumber,
  optionalString,
  type Props,
  stringList,
  tagList,
} from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Iam';

function inlinePolicies(props: Props): Map<string, string> {
  return new Map(
    objectList(props, 'Policies').map((p) => [String(p['PolicyName']), jsonText(p['PolicyDocument']) ?? '']),
  );
}

async function roleResult(iam: IAMClient, roleName: string): Promise<ProviderResult> {
  const out = await call(SERVICE, () => iam.send(new GetRoleCommand({ RoleName: roleName })));
  return { physicalId: roleName, attributes: { Arn: out.Role?.Arn, RoleId: out.Role?.RoleId } };
}

async function syncPolicies(iam: IAMClient, roleName: string, props: Props, previous: Props): Promise<void> {
  const now = inlinePolicies(props);
  const before = inlinePolicies(previous);
  for (const name of before.keys()) {
    if (!now.has(name)) {
      await callUnlessGone(SERVICE, () =>
        iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: name })),
      );
    }
  }
  for (const [name, document] of now) {
    if (before.get(name) === document) continue;
    await call(SERVICE, () =>
      iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: name, PolicyDocument: document })),
    );
  }
  const arns = new Set(stringList(props, 'ManagedPolicyArns'));
  const previousArns = new Set(stringList(previous, 'ManagedPolicyArns'));
  for (const arn of previousArns) {
    if (!arns.has(arn)) {
      await callUnlessGone(SERVICE, () =>
        iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn })),
      );
    }
  }
  for (const arn of arns) {
    if (previousArns.has(arn)) continue;
    await call(SERVICE, () => iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn })));
  }
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const iam = clientFor(IAMClient, ctx);
  const roleName = optionalString(props, 'RoleName') ?? generatedName(ctx, { maxLength: 64 });
  const tags = tagList(props);
  await call(SERVICE, () =>
    iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        Path: optionalString(props, 'Path'),
        AssumeRolePolicyDocument: jsonText(props['AssumeRolePolicyDocument']),
        Description: optionalString(props, 'Description'),
        MaxSessionDuration: optionalNumber(props, 'MaxSessionDuration'),
        PermissionsBoundary: optionalString(props, 'PermissionsBoundary'),
        Tags: tags.length > 0 ? tags : undefined,
      }),
    ),
  );
  await syncPolicies(iam, roleName, props, {});
  return roleResult(iam, roleName);
}

async function update(
  roleName: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const iam = clientFor(IAMClient, ctx);
  if (changed(props['AssumeRolePolicyDocument'], previous['AssumeRolePolicyDocument'])) {
    const document = jsonText(props['AssumeRolePolicyDocument']);
    await call(SERVICE, () =>
      iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: document })),
    );
  }
  if (
    changed(props['Description'], previous['Description']) ||
    changed(props['MaxSessionDuration'], previous['MaxSessionDuration'])
  ) {
    await call(SERVICE, () =>
      iam.send(
        new UpdateRoleCommand({
          RoleName: roleName,
          Description: optionalString(props, 'Description') ?? '',
          MaxSessionDuration: optionalNumber(props, 'MaxSessionDuration') ?? 3600,
        }),
      ),
    );
  }
  const boundary = optionalString(props, 'PermissionsBoundary');
  if (boundary !== optionalString(previous, 'PermissionsBoundary')) {
    await call(SERVICE, () =>
      boundary
        ? iam.send(
            new PutRolePermissionsBoundaryCommand({ RoleName: roleName, PermissionsBoundary: boundary }),
          )
        : iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: roleName })),
    );
  }
  await syncPolicies(iam, roleName, props, previous);
  await syncTags(iam, roleName, props, previous);
  return roleResult(iam, roleName);
}

async function syncTags(iam: IAMClient, roleName: string, props: Props, previous: Props): Promise<void> {
  const tags = tagList(props);
  const keys = new Set(tags.map((t) => t.Key));
  const removed = tagList(previous)
    .map((t) => t.Key)
    .filter((k) => !keys.has(k));
  if (removed.length > 0) {
    await call(SERVICE, () => iam.send(new UntagRoleCommand({ RoleName: roleName, TagKeys: removed })));
  }
  if (tags.length > 0 && changed(tags, tagList(previous))) {
    await call(SERVICE, () => iam.send(new TagRoleCommand({ RoleName: roleName, Tags: tags })));
  }
}

async function remove(roleName: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const iam = clientFor(IAMClient, ctx);
  const attached = await callUnlessGone(SERVICE, () =>
    iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName })),
  );
  if (attached === undefined) return;
  for (const policy of attached.AttachedPolicies ?? []) {
    await callUnlessGone(SERVICE, () =>
      iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policy.PolicyArn })),
    );
  }
  const inline = await callUnlessGone(SERVICE, () =>
    iam.send(new ListRolePoliciesCommand({ RoleName: roleName })),
  );
  for (const name of inline?.PolicyNames ?? []) {
    await callUnlessGone(SERVICE, () =>
      iam.send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: name })),
    );
  }
  await callUnlessGone(SERVICE, () => iam.send(new DeleteRoleCommand({ RoleName: roleName })));
}

export const iamRoleProvider: ResourceProvider = {
  type: 'AWS::IAM::Role',
  replaceOn: ['RoleName', 'Path'],
  create,
  update,
  delete: remove,
};
