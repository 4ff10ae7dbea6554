/**
 * AWS::CodeStarNotifications::NotificationRule. Ref is the rule ARN; GetAtt `Arn`. `Resource` is the only
 * property whose change replaces the rule (the resource type's createOnlyProperties); name, detail type,
 * event types, targets and status change through UpdateNotificationRule, `Tags` (a map in this type)
 * through TagResource/UntagResource. `CreatedBy`, `EventTypeId` and `TargetAddress` are accepted and not
 * sent: the API has no such members (CreatedBy is the caller's ARN).
 */
import {
  CodestarNotificationsClient,
  CreateNotificationRuleCommand,
  DeleteNotificationRuleCommand,
  type DetailType,
  type NotificationRuleStatus,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateNotificationRuleCommand,
} from '@aws-sdk/client-codestar-notifications';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { objectList, optionalString, type Props, requiredString, stringList } from './props.js';
import { convert, stringMap } from './shapes.js';
import { tagChanges } from './tag-changes.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'CodestarNotifications';

function tagsOf(props: Props): Record<string, string> {
  const tags = props['Tags'];
  return tags === undefined || tags === null
    ? {}
    : (convert(stringMap, tags, 'Tags') as Record<string, string>);
}

/** The members UpdateNotificationRule and CreateNotificationRule share. */
function members(props: Props) {
  return {
    Name: requiredString(props, 'Name'),
    DetailType: requiredString(props, 'DetailType') as DetailType,
    EventTypeIds: stringList(props, 'EventTypeIds'),
    Targets: objectList(props, 'Targets').map((t) => ({
      TargetType: optionalString(t, 'TargetType'),
      TargetAddress: optionalString(t, 'TargetAddress'),
    })),
    Status: (optionalString(props, 'Status') ?? 'ENABLED') as NotificationRuleStatus,
  };
}

function result(arn: string): ProviderResult {
  return { physicalId: arn, attributes: { Arn: arn } };
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const client = clientFor(CodestarNotificationsClient, ctx);
  const tags = tagsOf(props);
  const out = await call(SERVICE, () =>
    client.send(
      new CreateNotificationRuleCommand({
        ...members(props),
        Resource: requiredString(props, 'Resource'),
        Tags: Object.keys(tags).length > 0 ? tags : undefined,
      }),
    ),
  );
  return result(out.Arn ?? '');
}

async function update(
  arn: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const client = clientFor(CodestarNotificationsClient, ctx);
  await call(SERVICE, () => client.send(new UpdateNotificationRuleCommand({ Arn: arn, ...members(props) })));
  const changes = tagChanges(tagsOf(previous), tagsOf(props));
  if (changes.remove.length > 0) {
    await call(SERVICE, () => client.send(new UntagResourceCommand({ Arn: arn, TagKeys: changes.remove })));
  }
  if (Object.keys(changes.set).length > 0) {
    await call(SERVICE, () => client.send(new TagResourceCommand({ Arn: arn, Tags: changes.set })));
  }
  return result(arn);
}

async function remove(arn: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const client = clientFor(CodestarNotificationsClient, ctx);
  await callUnlessGone(SERVICE, () => client.send(new DeleteNotificationRuleCommand({ Arn: arn })));
}

export const codestarNotificationRuleProvider: ResourceProvider = {
  type: 'AWS::CodeStarNotifications::NotificationRule',
  replaceOn: ['Resource'],
  create,
  update,
  delete: remove,
};
