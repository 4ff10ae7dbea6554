/**
 * Topic policies at work: publishing from workload accounts to a central topic (fleetpipe's
 * compliance-digest function) is refused under the default policy and allowed by an organization grant;
 * identity policies still count in the caller's account; EventBridge rules reach a topic only when the
 * topic policy lets events.amazonaws.com publish.
 */
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, trustPolicy } from '../core/fixture.js';
import { type SnsCloud, startSnsCloud } from './harness.js';

const CENTRAL = '222222222222';
const WORKLOAD = '300000000007';
let t: SnsCloud;
let topic: string;
let orgId: string;

beforeAll(async () => {
  t = await startSnsCloud();
  orgId = t.cloud.accounts.organizationId;
  topic = (await t.client(t.root('tools')).send(new CreateTopicCommand({ Name: 'compliance-digest' })))
    .TopicArn!;
  const root = t.root('prod-us-payments');
  await t.iam(root).send(
    new CreateRoleCommand({
      RoleName: 'digest-function',
      AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${WORKLOAD}:root` } }),
    }),
  );
  await t.iam(root).send(
    new CreateRoleCommand({
      RoleName: 'bystander',
      AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${WORKLOAD}:root` } }),
    }),
  );
  await t.iam(root).send(
    new PutRolePolicyCommand({
      RoleName: 'digest-function',
      PolicyName: 'publish',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: topic }],
      }),
    }),
  );
});
afterAll(() => t.close());

async function session(role: string) {
  return t.assume(t.root('prod-us-payments'), {
    RoleArn: `arn:aws:iam::${WORKLOAD}:role/${role}`,
    RoleSessionName: 'digest',
  });
}

describe('cross-account publishing', () => {
  it('is refused under the default topic policy, as AWS refuses it', async () => {
    const fn = t.client(await session('digest-function'));
    const err = await rejection(fn.send(new PublishCommand({ TopicArn: topic, Message: 'digest' })));
    expect(err.name).toBe('AuthorizationErrorException');
    expect(err.$metadata?.httpStatusCode).toBe(403);
    expect(err.message).toBe(
      `User: arn:aws:sts::${WORKLOAD}:assumed-role/digest-function/digest is not authorized to perform: SNS:Publish on resource: ${topic} because no resource-based policy allows the SNS:Publish action`,
    );
    const read = await rejection(fn.send(new GetTopicAttributesCommand({ TopicArn: topic })));
    expect(read.name).toBe('AuthorizationErrorException');
  });

  it('is allowed to the organization by the topic policy, within the IAM permissions of the caller', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'OrgPublish',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'SNS:Publish',
          Resource: topic,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': orgId } },
        },
      ],
    };
    await t.client(t.root('tools')).send(
      new SetTopicAttributesCommand({
        TopicArn: topic,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify(policy),
      }),
    );
    const fn = t.client(await session('digest-function'));
    const out = await fn.send(
      new PublishCommand({ TopicArn: topic, Subject: 'digest', Message: '3 non-compliant resources' }),
    );
    expect(t.sns.messages(topic).find((m) => m.messageId === out.MessageId)).toMatchObject({
      publisherAccount: WORKLOAD,
      publisherArn: `arn:aws:sts::${WORKLOAD}:assumed-role/digest-function/digest`,
    });
    // The workload account's own IAM still has to allow it.
    const bystander = t.client(await session('bystander'));
    const denied = await rejection(bystander.send(new PublishCommand({ TopicArn: topic, Message: 'x' })));
    expect(denied.name).toBe('AuthorizationErrorException');
    expect(denied.message).toContain('because no identity-based policy allows the SNS:Publish action');
    // Only Publish was granted.
    const subscribe = await rejection(
      fn.send(new SubscribeCommand({ TopicArn: topic, Protocol: 'email', Endpoint: 'me@example.com' })),
    );
    expect(subscribe.name).toBe('AuthorizationErrorException');
  });

  it('follows an explicit deny in the topic policy', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Publish', Resource: topic },
        {
          Effect: 'Deny',
          Principal: { AWS: `arn:aws:iam::${WORKLOAD}:root` },
          Action: 'SNS:Publish',
          Resource: topic,
        },
      ],
    };
    await t.client(t.root('tools')).send(
      new SetTopicAttributesCommand({
        TopicArn: topic,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify(policy),
      }),
    );
    const denied = await rejection(
      t.client(t.root('prod-us-payments')).send(new PublishCommand({ TopicArn: topic, Message: 'x' })),
    );
    expect(denied.message).toContain('with an explicit deny in a resource-based policy');
    // The owner account is not named by the deny.
    await t.client(t.root('tools')).send(new PublishCommand({ TopicArn: topic, Message: 'owner' }));
  });
});

describe('EventBridge topic targets', () => {
  it('publish as events.amazonaws.com, allowed only by the topic policy', async () => {
    const tools = t.root('tools');
    const owned = (await t.client(tools).send(new CreateTopicCommand({ Name: 'rule-target' }))).TopicArn!;
    const eb = t.eventBridge(tools);
    const { RuleArn } = await eb.send(
      new PutRuleCommand({ Name: 'to-topic', EventPattern: '{"source":["fleet.test"]}' }),
    );
    await eb.send(new PutTargetsCommand({ Rule: 'to-topic', Targets: [{ Id: 'topic', Arn: owned }] }));
    const send = () =>
      eb.send(
        new PutEventsCommand({ Entries: [{ Source: 'fleet.test', DetailType: 'Ping', Detail: '{"n":1}' }] }),
      );

    await send();
    const refused = t.events.deliveries(CENTRAL, 'us-east-1', { ruleName: 'to-topic' }).at(-1)!;
    expect(refused.status).toBe('Failed');
    expect(refused.error).toContain('events.amazonaws.com is not authorized to perform: SNS:Publish');
    expect(t.sns.messages(owned)).toEqual([]);

    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: owned,
          Condition: { ArnEquals: { 'aws:SourceArn': RuleArn } },
        },
      ],
    };
    await t.client(tools).send(
      new SetTopicAttributesCommand({
        TopicArn: owned,
        AttributeName: 'Policy',
        AttributeValue: JSON.stringify(policy),
      }),
    );
    await send();
    expect(t.events.deliveries(CENTRAL, 'us-east-1', { ruleName: 'to-topic' }).at(-1)!.status).toBe(
      'Delivered',
    );
    const [message] = t.sns.messages(owned);
    expect(JSON.parse(message!.message)).toMatchObject({ source: 'fleet.test', detail: { n: 1 } });
    expect(message!.publisherArn).toBe('events.amazonaws.com');
  });
});
