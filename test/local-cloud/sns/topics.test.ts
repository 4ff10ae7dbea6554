/**
 * SNS topics through the SDK: idempotent CreateTopic, attributes and their checks, ListTopics pages,
 * DeleteTopic, tags, AddPermission/RemovePermission.
 */
import {
  AddPermissionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTagsForResourceCommand,
  ListTopicsCommand,
  RemovePermissionCommand,
  SetTopicAttributesCommand,
  type SNSClient,
  SubscribeCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTopicPolicy } from '../../../src/local-cloud/services/sns/index.js';
import { rejection } from '../core/fixture.js';
import { type SnsCloud, startSnsCloud } from './harness.js';

const ACCOUNT = '111111111111';
let t: SnsCloud;
let sns: SNSClient;

beforeAll(async () => {
  t = await startSnsCloud();
  sns = t.client(t.root('management'));
});
afterAll(() => t.close());

describe('CreateTopic', () => {
  it('answers the same ARN for the same name and attributes', async () => {
    const first = await sns.send(
      new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'Alerts' } }),
    );
    expect(first.TopicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:alerts`);
    const again = await sns.send(
      new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'Alerts' } }),
    );
    expect(again.TopicArn).toBe(first.TopicArn);
    const plain = await sns.send(new CreateTopicCommand({ Name: 'alerts' }));
    expect(plain.TopicArn).toBe(first.TopicArn);
    const different = await rejection(
      sns.send(new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'Other' } })),
    );
    expect(different.name).toBe('InvalidParameterException');
    expect(different.message).toBe(
      'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
    );
  });

  it('refuses bad names and attributes', async () => {
    const name = await rejection(sns.send(new CreateTopicCommand({ Name: 'bad.name' })));
    expect(name.message).toBe('Invalid parameter: Topic Name');
    const unknown = await rejection(
      sns.send(new CreateTopicCommand({ Name: 'x', Attributes: { Colour: 'red' } })),
    );
    expect(unknown.message).toBe('Invalid parameter: Attributes Reason: Unknown attribute');
    const fifo = await sns.send(
      new CreateTopicCommand({ Name: 'orders.fifo', Attributes: { FifoTopic: 'true' } }),
    );
    expect(fifo.TopicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:orders.fifo`);
    const notFifo = await rejection(sns.send(new CreateTopicCommand({ Name: 'orders2.fifo' })));
    expect(notFifo.name).toBe('InvalidParameterException');
  });
});

describe('topic attributes', () => {
  it('reports the default attributes and policy of a new topic', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'fresh' }));
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    expect(Attributes).toMatchObject({
      TopicArn,
      Owner: ACCOUNT,
      DisplayName: '',
      SubscriptionsPending: '0',
      SubscriptionsConfirmed: '0',
      SubscriptionsDeleted: '0',
    });
    expect(JSON.parse(Attributes!['Policy']!)).toEqual(JSON.parse(defaultTopicPolicy(TopicArn!, ACCOUNT)));
    expect(
      JSON.parse(Attributes!['EffectiveDeliveryPolicy']!).http.defaultHealthyRetryPolicy.numRetries,
    ).toBe(3);
  });

  it('sets DisplayName, KmsMasterKeyId and a checked Policy', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'configured' }));
    await sns.send(
      new SetTopicAttributesCommand({ TopicArn, AttributeName: 'DisplayName', AttributeValue: 'Configured' }),
    );
    await sns.send(
      new SetTopicAttributesCommand({
        TopicArn,
        AttributeName: 'KmsMasterKeyId',
        AttributeValue: 'alias/aws/sns',
      }),
    );
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: TopicArn }],
    });
    await sns.send(
      new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: policy }),
    );
    const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    expect(Attributes).toMatchObject({
      DisplayName: 'Configured',
      KmsMasterKeyId: 'alias/aws/sns',
      Policy: policy,
    });
    const broken = await rejection(
      sns.send(
        new SetTopicAttributesCommand({
          TopicArn,
          AttributeName: 'Policy',
          AttributeValue: '{"Statement":[]}',
        }),
      ),
    );
    expect(broken.name).toBe('InvalidParameterException');
    expect(broken.message).toMatch(/^Invalid parameter: Policy Error: /);
    const noResource = await rejection(
      sns.send(
        new SetTopicAttributesCommand({
          TopicArn,
          AttributeName: 'Policy',
          AttributeValue: JSON.stringify({
            Statement: [{ Effect: 'Allow', Action: 'SNS:Publish', Resource: TopicArn }],
          }),
        }),
      ),
    );
    expect(noResource.message).toMatch(/^Invalid parameter: Policy Error: /);
    const name = await rejection(
      sns.send(
        new SetTopicAttributesCommand({ TopicArn, AttributeName: 'FifoTopic', AttributeValue: 'true' }),
      ),
    );
    expect(name.message).toBe('Invalid parameter: AttributeName');
    // An empty Policy puts the default policy back.
    await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: 'Policy', AttributeValue: '' }));
    const reset = await sns.send(new GetTopicAttributesCommand({ TopicArn }));
    expect(JSON.parse(reset.Attributes!['Policy']!).Id).toBe('__default_policy_ID');
  });

  it('answers NotFound for a topic that does not exist and InvalidParameter for another region', async () => {
    const missing = await rejection(
      sns.send(new GetTopicAttributesCommand({ TopicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:absent` })),
    );
    expect(missing.name).toBe('NotFoundException');
    expect(missing.message).toBe('Topic does not exist');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    const region = await rejection(
      sns.send(new GetTopicAttributesCommand({ TopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:alerts` })),
    );
    expect(region.message).toBe('Invalid parameter: TopicArn');
  });
});

describe('ListTopics and DeleteTopic', () => {
  it('pages 100 topics at a time and deletes topics with their subscriptions', async () => {
    const other = t.client(t.root('qa-orders'));
    for (let i = 0; i < 105; i++)
      await other.send(new CreateTopicCommand({ Name: `t${String(i).padStart(3, '0')}` }));
    const first = await other.send(new ListTopicsCommand({}));
    expect(first.Topics).toHaveLength(100);
    const second = await other.send(new ListTopicsCommand({ NextToken: first.NextToken }));
    expect(second.Topics!.map((x) => x.TopicArn!.split(':').pop())).toEqual([
      't100',
      't101',
      't102',
      't103',
      't104',
    ]);
    expect(second.NextToken).toBeUndefined();

    const arn = second.Topics![0]!.TopicArn!;
    await other.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'lambda',
        Endpoint: 'arn:aws:lambda:us-east-1:300000000005:function:f',
      }),
    );
    await other.send(new DeleteTopicCommand({ TopicArn: arn }));
    expect(t.sns.subscriptions(arn)).toEqual([]);
    // Deleting again is not an error.
    await other.send(new DeleteTopicCommand({ TopicArn: arn }));
    const bad = await rejection(other.send(new ListTopicsCommand({ NextToken: 'garbage' })));
    expect(bad.message).toBe('Invalid parameter: NextToken');
  });
});

describe('tags and permissions', () => {
  it('tags and untags topics', async () => {
    const { TopicArn } = await sns.send(
      new CreateTopicCommand({ Name: 'tagged', Tags: [{ Key: 'team', Value: 'platform' }] }),
    );
    await sns.send(new TagResourceCommand({ ResourceArn: TopicArn, Tags: [{ Key: 'env', Value: 'dev' }] }));
    await sns.send(new UntagResourceCommand({ ResourceArn: TopicArn, TagKeys: ['team'] }));
    const { Tags } = await sns.send(new ListTagsForResourceCommand({ ResourceArn: TopicArn }));
    expect(Tags).toEqual([{ Key: 'env', Value: 'dev' }]);
    const missing = await rejection(
      sns.send(new ListTagsForResourceCommand({ ResourceArn: `arn:aws:sns:us-east-1:${ACCOUNT}:nope` })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('adds and removes permission statements in the topic policy', async () => {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'shared' }));
    await sns.send(
      new AddPermissionCommand({
        TopicArn,
        Label: 'dev-publish',
        AWSAccountId: ['300000000001'],
        ActionName: ['Publish'],
      }),
    );
    const policy = JSON.parse(
      (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!['Policy']!,
    );
    expect(policy.Statement.at(-1)).toEqual({
      Sid: 'dev-publish',
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::300000000001:root'] },
      Action: ['SNS:Publish'],
      Resource: TopicArn,
    });
    const twice = await rejection(
      sns.send(
        new AddPermissionCommand({
          TopicArn,
          Label: 'dev-publish',
          AWSAccountId: ['300000000001'],
          ActionName: ['Publish'],
        }),
      ),
    );
    expect(twice.name).toBe('InvalidParameterException');
    await sns.send(new RemovePermissionCommand({ TopicArn, Label: 'dev-publish' }));
    const after = JSON.parse(
      (await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!['Policy']!,
    );
    expect(after.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['__default_statement_ID']);
  });
});
