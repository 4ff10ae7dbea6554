/** AWS::SNS::Topic (with inline Subscription entries); the physical ID and Ref are the topic ARN. */
import {
  CreateTopicCommand,
  DeleteTopicCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  TagResourceCommand,
} from '@aws-sdk/client-sns';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { changed, objectList, optionalString, type Props, tagList } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Sns';

/** Template properties stored as topic attributes. */
const ATTRIBUTES = ['DisplayName', 'KmsMasterKeyId', 'ContentBasedDeduplication', 'TracingConfig'] as const;

function attributesOf(props: Props): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ATTRIBUTES) {
    const value = optionalString(props, key);
    if (value !== undefined) out[key] = value;
  }
  if (props['FifoTopic'] !== undefined) out['FifoTopic'] = String(props['FifoTopic']);
  return out;
}

function result(arn: string): ProviderResult {
  return { physicalId: arn, attributes: { TopicArn: arn, TopicName: arn.slice(arn.lastIndexOf(':') + 1) } };
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const sns = clientFor(SNSClient, ctx);
  const fifo = String(props['FifoTopic']) === 'true';
  const name =
    optionalString(props, 'TopicName') ??
    `${generatedName(ctx, { maxLength: fifo ? 251 : 256 })}${fifo ? '.fifo' : ''}`;
  const tags = tagList(props);
  const out = await call(SERVICE, () =>
    sns.send(
      new CreateTopicCommand({
        Name: name,
        Attributes: attributesOf(props),
        Tags: tags.length > 0 ? tags : undefined,
      }),
    ),
  );
  const arn = out.TopicArn ?? '';
  for (const subscription of objectList(props, 'Subscription')) {
    await call(SERVICE, () =>
      sns.send(
        new SubscribeCommand({
          TopicArn: arn,
          Protocol: String(subscription['Protocol']),
          Endpoint: String(subscription['Endpoint']),
        }),
      ),
    );
  }
  return result(arn);
}

async function update(
  arn: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const sns = clientFor(SNSClient, ctx);
  const now = attributesOf(props);
  const before = attributesOf(previous);
  for (const key of new Set([...Object.keys(now), ...Object.keys(before)])) {
    if (key === 'FifoTopic' || now[key] === before[key]) continue;
    await call(SERVICE, () =>
      sns.send(
        new SetTopicAttributesCommand({ TopicArn: arn, AttributeName: key, AttributeValue: now[key] ?? '' }),
      ),
    );
  }
  const tags = tagList(props);
  if (tags.length > 0 && changed(tags, tagList(previous))) {
    await call(SERVICE, () => sns.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags })));
  }
  return result(arn);
}

async function remove(arn: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const sns = clientFor(SNSClient, ctx);
  await callUnlessGone(SERVICE, () => sns.send(new DeleteTopicCommand({ TopicArn: arn })));
}

export const snsTopicProvider: ResourceProvider = {
  type: 'AWS::SNS::Topic',
  replaceOn: ['TopicName', 'FifoTopic'],
  create,
  update,
  delete: remove,
};
