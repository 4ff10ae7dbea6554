/** AWS::SNS::TopicPolicy: the Policy attribute of each listed topic. Deleting it restores the default. */
import { SetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { jsonText, type Props, stringList } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Sns';

/** The policy SNS gives a new topic: its owner account may do everything. */
function defaultPolicy(topicArn: string): string {
  const account = topicArn.split(':')[4];
  const actions = [
    'SNS:GetTopicAttributes',
    'SNS:SetTopicAttributes',
    'SNS:AddPermission',
    'SNS:RemovePermission',
    'SNS:DeleteTopic',
    'SNS:Subscribe',
    'SNS:ListSubscriptionsByTopic',
    'SNS:Publish',
  ];
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: actions,
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': account } },
      },
    ],
  });
}

async function setPolicy(
  sns: SNSClient,
  topics: string[],
  policy: (arn: string) => string,
  tolerateGone: boolean,
) {
  for (const arn of topics) {
    const send = () =>
      sns.send(
        new SetTopicAttributesCommand({
          TopicArn: arn,
          AttributeName: 'Policy',
          AttributeValue: policy(arn),
        }),
      );
    await (tolerateGone ? callUnlessGone(SERVICE, send) : call(SERVICE, send));
  }
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const document = jsonText(props['PolicyDocument']) ?? '';
  await setPolicy(clientFor(SNSClient, ctx), stringList(props, 'Topics'), () => document, false);
  const physicalId = generatedName(ctx, { maxLength: 128 });
  return { physicalId, attributes: { Id: physicalId } };
}

async function update(
  id: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const sns = clientFor(SNSClient, ctx);
  const topics = stringList(props, 'Topics');
  const dropped = stringList(previous, 'Topics').filter((arn) => !topics.includes(arn));
  await setPolicy(sns, dropped, defaultPolicy, true);
  const document = jsonText(props['PolicyDocument']) ?? '';
  await setPolicy(sns, topics, () => document, false);
  return { physicalId: id, attributes: { Id: id } };
}

async function remove(_id: string, props: Props, ctx: ProviderContext): Promise<void> {
  await setPolicy(clientFor(SNSClient, ctx), stringList(props, 'Topics'), defaultPolicy, true);
}

export const snsTopicPolicyProvider: ResourceProvider = {
  type: 'AWS::SNS::TopicPolicy',
  replaceOn: [],
  create,
  update,
  delete: remove,
};
