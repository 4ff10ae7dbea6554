/** AWS::Logs::LogGroup */
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DeleteRetentionPolicyCommand,
  PutRetentionPolicyCommand,
  TagResourceCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { optionalNumber, optionalString, type Props, tagList, tagMap } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'CloudWatchLogs';

function groupArn(ctx: ProviderContext, name: string): string {
  return `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:${name}`;
}

function result(ctx: ProviderContext, name: string): ProviderResult {
  return { physicalId: name, attributes: { Arn: `${groupArn(ctx, name)}:*` } };
}

async function putRetention(logs: CloudWatchLogsClient, name: string, props: Props): Promise<void> {
  const days = optionalNumber(props, 'RetentionInDays');
  if (days === undefined) return;
  await call(SERVICE, () =>
    logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: days })),
  );
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const logs = clientFor(CloudWatchLogsClient, ctx);
  const name = optionalString(props, 'LogGroupName') ?? generatedName(ctx, { maxLength: 512 });
  const tags = tagList(props);
  await call(SERVICE, () =>
    logs.send(
      new CreateLogGroupCommand({
        logGroupName: name,
        kmsKeyId: optionalString(props, 'KmsKeyId'),
        tags: tags.length > 0 ? tagMap(tags) : undefined,
      }),
    ),
  );
  await putRetention(logs, name, props);
  return result(ctx, name);
}

async function update(
  name: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const logs = clientFor(CloudWatchLogsClient, ctx);
  const days = optionalNumber(props, 'RetentionInDays');
  if (days !== optionalNumber(previous, 'RetentionInDays')) {
    if (days === undefined) {
      await call(SERVICE, () => logs.send(new DeleteRetentionPolicyCommand({ logGroupName: name })));
    } else {
      await putRetention(logs, name, props);
    }
  }
  const tags = tagList(props);
  if (tags.length > 0) {
    await call(SERVICE, () =>
      logs.send(new TagResourceCommand({ resourceArn: groupArn(ctx, name), tags: tagMap(tags) })),
    );
  }
  return result(ctx, name);
}

async function remove(name: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const logs = clientFor(CloudWatchLogsClient, ctx);
  await callUnlessGone(SERVICE, () => logs.send(new DeleteLogGroupCommand({ logGroupName: name })));
}

export const logsLogGroupProvider: ResourceProvider = {
  type: 'AWS::Logs::LogGroup',
  replaceOn: ['LogGroupName'],
  create,
  update,
  delete: remove,
};
