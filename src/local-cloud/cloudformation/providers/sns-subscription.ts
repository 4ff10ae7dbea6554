/** AWS::SNS::Subscription; the physical ID and Ref are the subscription ARN. */
import {
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { jsonText, type Props, requiredString } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Sns';

/** Template properties stored as subscription attributes. */
const ATTRIBUTES = [
  'FilterPolicy',
  'FilterPolicyScope',
  'RawMessageDelivery',
  'RedrivePolicy',
  'DeliveryPolicy',
] as const;

function attributesOf(props: Props): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ATTRIBUTES) {
    const value = props[key];
    if (value !== undefined) out[key] = typeof value === 'object' ? (jsonText(value) ?? '') : String(value);
  }
  return out;
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const sns = clientFor(SNSClient, ctx);
  const attributes = attributesOf(props);
  const out = await call(SERVICE, () =>
    sns.send(
      new SubscribeCommand({
        TopicArn: requiredString(props, 'TopicArn'),
        Protocol: requiredString(props, 'Protocol'),
        Endpoint: requiredString(props, 'Endpoint'),
        Attributes: Object.keys(attributes).length > 0 ? attributes : undefined,
        ReturnSubscriptionArn: true,
      }),
    ),
  );
  const arn = out.SubscriptionArn ?? '';
  return { physicalId: arn, attributes: { Arn: arn } };
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
    if (now[key] === before[key]) continue;
    await call(SERVICE, () =>
      sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: arn,
          AttributeName: key,
          AttributeValue: now[key] ?? (key === 'RawMessageDelivery' ? 'false' : ''),
        }),
      ),
    );
  }
  return { physicalId: arn, attributes: { Arn: arn } };
}

async function remove(arn: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const sns = clientFor(SNSClient, ctx);
  await callUnlessGone(SERVICE, () => sns.send(new UnsubscribeCommand({ SubscriptionArn: arn })));
}

export const snsSubscriptionProvider: ResourceProvider = {
  type: 'AWS::SNS::Subscription',
  replaceOn: ['TopicArn', 'Protocol', 'Endpoint', 'Region'],
  create,
  update,
  delete: remove,
};
