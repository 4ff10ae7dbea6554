/**
 * Publish through the SDK: recorded messages, what Lambda and SQS subscriptions are given, message
 * structure, attributes and their checks, filter policies, FIFO topics, and the local-only
 * LocalCloudListMessages action.
 */
import {
  CreateTopicCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  type SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LOCAL_LIST_MESSAGES } from '../../../src/local-cloud/services/sns/index.js';
import { rejection } from '../core/fixture.js';
import { type SnsCloud, startSnsCloud } from './harness.js';

const ACCOUNT = '111111111111';
const FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:digest`;
const QUEUE = `arn:aws:sqs:us-east-1:${ACCOUNT}:inbox`;
let t: SnsCloud;
let sns: SNSClient;
let topic: string;
let lambdaSub: string;
let queueSub: string;

beforeAll(async () => {
  t = await startSnsCloud();
  sns = t.client(t.root('management'));
  topic = (await sns.send(new CreateTopicCommand({ Name: 'events' }))).TopicArn!;
  lambdaSub = (
    await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'lambda', Endpoint: FUNCTION }))
  ).SubscriptionArn!;
  queueSub = (await sns.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'sqs', Endpoint: QUEUE })))
    .SubscriptionArn!;
});
afterAll(() => t.close());
beforeEach(() => {
  t.delivered.length = 0;
});

describe('Publish', () => {
  it('records the message and gives each subscription what its protocol gets', async () => {
    const out = await sns.send(
      new PublishCommand({
        TopicArn: topic,
        Subject: 'Compliance digest',
        Message: 'all accounts compliant',
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: 'low' },
          count: { DataType: 'Number', StringValue: '3' },
        },
      }),
    );
    expect(out.MessageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const recorded = t.sns.messages(topic).at(-1)!;
    expect(recorded).toMatchObject({
      messageId: out.MessageId,
      subject: 'Compliance digest',
      message: 'all accounts compliant',
      publisherArn: `arn:aws:iam::${ACCOUNT}:root`,
      messageAttributes: {
        severity: { DataType: 'String', StringValue: 'low' },
        count: { DataType: 'Number', StringValue: '3' },
      },
    });
    expect(t.delivered.map((d) => d.subscription.protocol)).toEqual(['lambda', 'sqs']);
    const lambdaEvent = JSON.parse(t.delivered[0]!.payload);
    expect(lambdaEvent).toEqual({
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: lambdaSub,
          Sns: {
            Type: 'Notification',
            MessageId: out.MessageId,
            TopicArn: topic,
            Subject: 'Compliance digest',
            Message: 'all accounts compliant',
            Timestamp: recorded.publishedAt,
            SignatureVersion: '1',
            Signature: expect.any(String),
            SigningCertUrl: expect.stringContaining(t.cloud.endpoint),
            UnsubscribeUrl: `${t.cloud.endpoint}/?Action=Unsubscribe&SubscriptionArn=${encodeURIComponent(lambdaSub)}`,
            MessageAttributes: {
              severity: { Type: 'String', Value: 'low' },
              count: { Type: 'Number', Value: '3' },
            },
          },
        },
      ],
    });
    const notification = JSON.parse(t.delivered[1]!.payload);
    expect(notification).toMatchObject({
      Type: 'Notification',
      MessageId: out.MessageId,
      Message: 'all accounts compliant',
    });
    expect(notification.UnsubscribeURL).toContain(encodeURIComponent(queueSub));
    expect(
      t.sns
        .deliveries(topic)
        .filter((d) => d.messageId === out.MessageId)
        .map((d) => d.status),
    ).toEqual(['Delivered', 'Delivered']);
  });

  it('gives each protocol its own text with MessageStructure json, and the raw message when asked', async () => {
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: queueSub,
        AttributeName: 'RawMessageDelivery',
        AttributeValue: 'true',
      }),
    );
    try {
      await sns.send(
        new PublishCommand({
          TopicArn: topic,
          MessageStructure: 'json',
          Message: JSON.stringify({ default: 'for everyone', lambda: 'for functions' }),
        }),
      );
      expect(JSON.parse(t.delivered[0]!.payload).Records[0].Sns.Message).toBe('for functions');
      expect(t.delivered[1]!.payload).toBe('for everyone');
    } finally {
      await sns.send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn: queueSub,
          AttributeName: 'RawMessageDelivery',
          AttributeValue: 'false',
        }),
      );
    }
  });

  it('refuses messages SNS refuses', async () => {
    const publish = (input: Record<string, unknown>) =>
      rejection(sns.send(new PublishCommand({ TopicArn: topic, Message: 'm', ...input })));
    expect((await publish({ Message: '' })).message).toBe('Invalid parameter: Empty message');
    expect((await publish({ Message: 'x'.repeat(262_145) })).message).toBe(
      'Invalid parameter: Message too long',
    );
    expect((await publish({ Subject: 's'.repeat(100) })).message).toBe('Invalid parameter: Subject');
    expect((await publish({ Subject: 'two\nlines' })).message).toBe('Invalid parameter: Subject');
    expect((await publish({ MessageStructure: 'json', Message: '{"lambda":"x"}' })).message).toBe(
      'Invalid parameter: Message Structure - No default entry in JSON message body',
    );
    expect((await publish({ MessageStructure: 'json', Message: 'not json' })).message).toBe(
      'Invalid parameter: Message Structure - JSON message body failed to parse',
    );
    const number = await publish({ MessageAttributes: { n: { DataType: 'Number', StringValue: 'ten' } } });
    expect(number.name).toBe('InvalidParameterValueException');
    expect(number.message).toBe("Could not cast message attribute 'n' value to number.");
    const type = await publish({ MessageAttributes: { n: { DataType: 'Decimal', StringValue: '1' } } });
    expect(type.message).toBe(
      "The message attribute 'n' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    );
    const many = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
    );
    expect((await publish({ MessageAttributes: many })).message).toBe(
      'Number of message attributes [11] exceeds the allowed maximum [10].',
    );
    const missing = await rejection(
      sns.send(new PublishCommand({ TopicArn: `${topic}-nope`, Message: 'm' })),
    );
    expect(missing.name).toBe('NotFoundException');
  });

  it('delivers only to subscriptions whose filter policy takes the message', async () => {
    const filtered = (
      await sns.send(
        new SubscribeCommand({
          TopicArn: topic,
          Protocol: 'lambda',
          Endpoint: `${FUNCTION}-errors`,
          Attributes: {
            FilterPolicy: JSON.stringify({ severity: ['high'], count: [{ numeric: ['>', 10] }] }),
          },
        }),
      )
    ).SubscriptionArn!;
    const body = (
      await sns.send(
        new SubscribeCommand({
          TopicArn: topic,
          Protocol: 'lambda',
          Endpoint: `${FUNCTION}-body`,
          Attributes: {
            FilterPolicyScope: 'MessageBody',
            FilterPolicy: JSON.stringify({ account: { status: ['NON_COMPLIANT'] } }),
          },
        }),
      )
    ).SubscriptionArn!;
    const receivers = async (message: string, attributes: Record<string, [string, string]>) => {
      t.delivered.length = 0;
      await sns.send(
        new PublishCommand({
          TopicArn: topic,
          Message: message,
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes).map(([name, [DataType, StringValue]]) => [
              name,
              { DataType, StringValue },
            ]),
          ),
        }),
      );
      return t.delivered.map((d) => d.subscription.arn).filter((arn) => arn === filtered || arn === body);
    };
    expect(await receivers('x', { severity: ['String', 'high'], count: ['Number', '11'] })).toEqual([
      filtered,
    ]);
    expect(await receivers('x', { severity: ['String', 'high'], count: ['Number', '5'] })).toEqual([]);
    expect(await receivers(JSON.stringify({ account: { status: 'NON_COMPLIANT' } }), {})).toEqual([body]);
  });
});

describe('FIFO topics', () => {
  it('needs a group ID and deduplicates within five minutes', async () => {
    const fifo = (
      await sns.send(
        new CreateTopicCommand({
          Name: 'ordered.fifo',
          Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
        }),
      )
    ).TopicArn!;
    const noGroup = await rejection(sns.send(new PublishCommand({ TopicArn: fifo, Message: 'm' })));
    expect(noGroup.message).toBe(
      'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
    );
    const first = await sns.send(
      new PublishCommand({ TopicArn: fifo, Message: 'same', MessageGroupId: 'g' }),
    );
    expect(first.SequenceNumber).toMatch(/^\d{20}$/);
    const duplicate = await sns.send(
      new PublishCommand({ TopicArn: fifo, Message: 'same', MessageGroupId: 'g' }),
    );
    expect(duplicate.MessageId).toBe(first.MessageId);
    t.clock.advance(5 * 60 * 1000 + 1);
    const later = await t
      .client(t.root('management'))
      .send(new PublishCommand({ TopicArn: fifo, Message: 'same', MessageGroupId: 'g' }));
    expect(later.MessageId).not.toBe(first.MessageId);
    expect(t.sns.messages(fifo)).toHaveLength(2);
  });
});

describe('LocalCloudListMessages', () => {
  it('lists the messages of a topic over the query protocol', async () => {
    const listed = await t.query({ Action: LOCAL_LIST_MESSAGES, TopicArn: topic }, t.root('management'));
    expect(listed.status).toBe(200);
    expect(listed.body).toContain('<Message>all accounts compliant</Message>');
    expect(listed.body).toContain('<Subject>Compliance digest</Subject>');
    const foreign = await t.query({ Action: LOCAL_LIST_MESSAGES, TopicArn: topic }, t.root('dev-orders'));
    expect(foreign.status).toBe(403);
    expect(foreign.body).toContain('<Code>AuthorizationError</Code>');
  });
});
