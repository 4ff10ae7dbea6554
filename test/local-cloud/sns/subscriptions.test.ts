/**
 * SNS subscriptions through the SDK: protocols and endpoints, confirmation of email and HTTP(S)
 * subscriptions (by SDK and by the unsigned SubscribeURL), listing, attributes, unsubscribing.
 */
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  SetSubscriptionAttributesCommand,
  type SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PENDING_CONFIRMATION } from '../../../src/local-cloud/services/sns/index.js';
import { rejection } from '../core/fixture.js';
import { type SnsCloud, startSnsCloud } from './harness.js';

const ACCOUNT = '111111111111';
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:digest`;
let t: SnsCloud;
let sns: SNSClient;
let topic: string;

beforeAll(async () => {
  t = await startSnsCloud();
  sns = t.client(t.root('management'));
  topic = (await sns.send(new CreateTopicCommand({ Name: 'subs' }))).TopicArn!;
});
afterAll(() => t.close());

describe('Subscribe', () => {
  it('confirms Lambda and SQS subscriptions at once, and answers the same ARN twice', async () => {
    const lambda = await sns.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: 'lambda', Endpoint: FUNCTION }),
    );
    expect(lambda.SubscriptionArn).toMatch(new RegExp(`^${topic}:[0-9a-f-]{36}$`));
    const again = await sns.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: 'lambda', Endpoint: FUNCTION }),
    );
    expect(again.SubscriptionArn).toBe(lambda.SubscriptionArn);
    const sqs = await sns.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:queue`,
      }),
    );
    const attributes = await sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: sqs.SubscriptionArn }),
    );
    expect(attributes.Attributes).toMatchObject({
      Protocol: 'sqs',
      Owner: ACCOUNT,
      TopicArn: topic,
      PendingConfirmation: 'false',
      RawMessageDelivery: 'false',
    });
  });

  it('refuses unknown protocols and endpoints that do not fit the protocol', async () => {
    const subscribe = (Protocol: string, Endpoint: string) =>
      rejection(sns.send(new SubscribeCommand({ TopicArn: topic, Protocol, Endpoint })));
    expect((await subscribe('carrier-pigeon', 'x')).message).toBe(
      'Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon',
    );
    expect((await subscribe('sqs', 'https://queue')).message).toBe('Invalid parameter: SQS endpoint ARN');
    expect((await subscribe('lambda', 'my-function')).message).toBe('Invalid parameter: Lambda endpoint ARN');
    expect((await subscribe('email', 'not-an-address')).message).toBe('Invalid parameter: Email address');
    const missing = await rejection(
      sns.send(new SubscribeCommand({ TopicArn: `${topic}-absent`, Protocol: 'lambda', Endpoint: FUNCTION })),
    );
    expect(missing.name).toBe('NotFoundException');
  });

  it('keeps email subscriptions pending until confirmed with the token', async () => {
    const out = await sns.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'ops@example.com' }),
    );
    expect(out.SubscriptionArn).toBe(PENDING_CONFIRMATION);
    const counts = await sns.send(new GetTopicAttributesCommand({ TopicArn: topic }));
    expect(counts.Attributes).toMatchObject({ SubscriptionsPending: '1' });
    const confirmation = t.sns.deliveries(topic).find((d) => d.type === 'SubscriptionConfirmation')!;
    expect(confirmation).toMatchObject({
      protocol: 'email',
      endpoint: 'ops@example.com',
      status: 'Recorded',
    });
    const document = JSON.parse(confirmation.payload);
    expect(document).toMatchObject({
      Type: 'SubscriptionConfirmation',
      TopicArn: topic,
      Token: expect.stringMatching(/^[0-9a-f]{128}$/),
    });
    const wrong = await rejection(
      sns.send(new ConfirmSubscriptionCommand({ TopicArn: topic, Token: 'nope' })),
    );
    expect(wrong.message).toBe('Invalid parameter: Token');
    const confirmed = await sns.send(
      new ConfirmSubscriptionCommand({ TopicArn: topic, Token: document.Token }),
    );
    expect(confirmed.SubscriptionArn).toBe(confirmation.subscriptionArn);
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topic }));
    expect(listed.Subscriptions!.find((s) => s.Protocol === 'email')!.SubscriptionArn).toBe(
      confirmation.subscriptionArn,
    );
  });

  it('confirms an HTTPS subscription through the unsigned SubscribeURL', async () => {
    const out = await sns.send(
      new SubscribeCommand({
        TopicArn: topic,
        Protocol: 'https',
        Endpoint: 'https://hooks.example.com/sns',
        ReturnSubscriptionArn: true,
      }),
    );
    expect(out.SubscriptionArn).toMatch(new RegExp(`^${topic}:`));
    const confirmation = t.sns.deliveries(topic).find((d) => d.subscriptionArn === out.SubscriptionArn)!;
    const url = new URL(JSON.parse(confirmation.payload).SubscribeURL);
    expect(url.origin).toBe(t.cloud.endpoint);
    const response = await t.query(Object.fromEntries(url.searchParams));
    expect(response.status).toBe(200);
    expect(response.body).toContain(`<SubscriptionArn>${out.SubscriptionArn}</SubscriptionArn>`);
    const attributes = await sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: out.SubscriptionArn }),
    );
    expect(attributes.Attributes!['PendingConfirmation']).toBe('false');
  });
});

describe('subscription attributes and removal', () => {
  it('checks attributes against the protocol and the filter policy grammar', async () => {
    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: 'lambda', Endpoint: `${FUNCTION}-2` }),
    );
    const raw = await rejection(
      sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn,
          AttributeName: 'RawMessageDelivery',
          AttributeValue: 'true',
        }),
      ),
    );
    expect(raw.message).toBe(
      'Invalid parameter: Attributes Reason: Delivery protocol [lambda] does not support raw message delivery.',
    );
    const filter = await rejection(
      sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn,
          AttributeName: 'FilterPolicy',
          AttributeValue: '{"a":"b"}',
        }),
      ),
    );
    expect(filter.message).toMatch(
      /^Invalid parameter: FilterPolicy: Match value must be an array or an object/,
    );
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn,
        AttributeName: 'FilterPolicy',
        AttributeValue: '{"level":["error"]}',
      }),
    );
    const got = await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn }));
    expect(got.Attributes).toMatchObject({
      FilterPolicy: '{"level":["error"]}',
      FilterPolicyScope: 'MessageAttributes',
    });
    const unknown = await rejection(
      sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn,
          AttributeName: 'Colour',
          AttributeValue: 'x',
        }),
      ),
    );
    expect(unknown.message).toBe('Invalid parameter: AttributeName');
  });

  it('lists the subscriptions of the account and unsubscribes', async () => {
    const other = t.client(t.root('dev-orders'));
    const otherTopic = (await other.send(new CreateTopicCommand({ Name: 'dev-topic' }))).TopicArn!;
    await other.send(
      new SubscribeCommand({
        TopicArn: otherTopic,
        Protocol: 'lambda',
        Endpoint: 'arn:aws:lambda:us-east-1:300000000002:function:x',
      }),
    );
    const mine = await sns.send(new ListSubscriptionsCommand({}));
    expect(mine.Subscriptions!.every((s) => s.Owner === ACCOUNT)).toBe(true);
    expect(mine.Subscriptions!.some((s) => s.TopicArn === otherTopic)).toBe(false);

    const { SubscriptionArn } = await sns.send(
      new SubscribeCommand({ TopicArn: topic, Protocol: 'lambda', Endpoint: `${FUNCTION}-3` }),
    );
    const foreign = await rejection(other.send(new UnsubscribeCommand({ SubscriptionArn })));
    expect(foreign.name).toBe('AuthorizationErrorException');
    await sns.send(new UnsubscribeCommand({ SubscriptionArn }));
    const gone = await rejection(sns.send(new UnsubscribeCommand({ SubscriptionArn })));
    expect(gone.name).toBe('NotFoundException');
    expect(gone.message).toBe('Subscription does not exist');
    const counts = await sns.send(new GetTopicAttributesCommand({ TopicArn: topic }));
    expect(counts.Attributes!['SubscriptionsDeleted']).toBe('1');
  });
});
