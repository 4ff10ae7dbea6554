import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
} from '@aws-sdk/client-s3';
import {
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinProviders,
  type ResourceProvider,
} from '../../../../src/local-cloud/cloudformation/providers/index.js';
import { type LambdaCloud, startLambdaCloud } from '../../lambda/api/harness.js';
import { type Credentials, rejection, sdkConfig } from '../../core/fixture.js';
import { ACCOUNT, providerContext } from './context.js';

const providers = builtinProviders();
const provider = (type: string): ResourceProvider => providers.get(type)!;

describe('SNS, S3 and KMS providers', () => {
  let t: LambdaCloud;
  let root: Credentials;
  beforeAll(async () => {
    t = await startLambdaCloud();
    root = t.root(ACCOUNT);
  });
  afterAll(() => t.close());

  it('creates, updates and deletes a topic, a subscription and a topic policy', async () => {
    const sns = new SNSClient(sdkConfig(t.cloud, t.clock, root));
    const topic = provider('AWS::SNS::Topic');
    const ctx = providerContext(t, root, { logicalId: 'Alerts' });
    const created = await topic.create({ DisplayName: 'one' }, ctx);
    expect(created.physicalId).toMatch(
      new RegExp(`^arn:aws:sns:us-east-1:${ACCOUNT}:app-Alerts-[A-Z0-9]{12}$`),
    );
    expect(created.attributes['TopicName']).toBe(created.physicalId.split(':')[5]);
    await topic.update(created.physicalId, { DisplayName: 'two' }, { DisplayName: 'one' }, ctx);
    const attrs = await sns.send(new GetTopicAttributesCommand({ TopicArn: created.physicalId }));
    expect(attrs.Attributes!['DisplayName']).toBe('two');

    const subscription = provider('AWS::SNS::Subscription');
    const sctx = providerContext(t, root, { logicalId: 'Mail' });
    const sprops = {
      TopicArn: created.physicalId,
      Protocol: 'sqs',
      Endpoint: `arn:aws:sqs:us-east-1:${ACCOUNT}:q`,
    };
    const sub = await subscription.create(sprops, sctx);
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: created.physicalId }));
    expect(listed.Subscriptions!.map((s) => s.SubscriptionArn)).toEqual([sub.physicalId]);
    const raw = { ...sprops, RawMessageDelivery: true };
    await subscription.update(sub.physicalId, raw, sprops, sctx);
    const subAttrs = await sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: sub.physicalId }),
    );
    expect(subAttrs.Attributes!['RawMessageDelivery']).toBe('true');

    const policy = provider('AWS::SNS::TopicPolicy');
    const pctx = providerContext(t, root, { logicalId: 'AlertsPolicy' });
    const document = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: '*',
        },
      ],
    };
    const pprops = { Topics: [created.physicalId], PolicyDocument: document };
    const p = await policy.create(pprops, pctx);
    const withPolicy = await sns.send(new GetTopicAttributesCommand({ TopicArn: created.physicalId }));
    expect(JSON.parse(withPolicy.Attributes!['Policy']!).Statement[0].Principal).toEqual({
      Service: 'events.amazonaws.com',
    });
    await policy.delete(p.physicalId, pprops, pctx);
    const restored = await sns.send(new GetTopicAttributesCommand({ TopicArn: created.physicalId }));
    expect(JSON.parse(restored.Attributes!['Policy']!).Statement[0].Sid).toBe('__default_statement_ID');

    await subscription.delete(sub.physicalId, raw, sctx);
    const none = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: created.physicalId }));
    expect(none.Subscriptions).toEqual([]);
    await subscription.delete(sub.physicalId, raw, sctx);
    await topic.delete(created.physicalId, {}, ctx);
    const gone = await rejection(sns.send(new GetTopicAttributesCommand({ TopicArn: created.physicalId })));
    expect(gone.name).toBe('NotFoundException');
    await topic.delete(created.physicalId, {}, ctx);
    await policy.delete(p.physicalId, pprops, pctx);
  });

  it('creates, updates and deletes a bucket with a generated lowercase name and its policy', async () => {
    const s3 = t.s3(root);
    const bucket = provider('AWS::S3::Bucket');
    const ctx = providerContext(t, root, { logicalId: 'ArtifactBucket' });
    const props = {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    };
    const created = await bucket.create(props, ctx);
    expect(created.physicalId).toMatch(/^app-artifactbucket-[a-z0-9]{12}$/);
    expect(created.attributes['Arn']).toBe(`arn:aws:s3:::${created.physicalId}`);
    const name = created.physicalId;
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: name }));
    expect(
      encryption.ServerSideEncryptionConfiguration!.Rules![0]!.ApplyServerSideEncryptionByDefault!
        .SSEAlgorithm,
    ).toBe('AES256');
    const next = { ...props, VersioningConfiguration: { Status: 'Enabled' } };
    await bucket.update(name, next, props, ctx);
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: name }))).Status).toBe('Enabled');

    const policy = provider('AWS::S3::BucketPolicy');
    const pctx = providerContext(t, root, { logicalId: 'ArtifactBucketPolicy' });
    const pprops = {
      Bucket: name,
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
            Action: 's3:GetObject',
            Resource: `arn:aws:s3:::${name}/*`,
          },
        ],
      },
    };
    const p = await policy.create(pprops, pctx);
    expect(p.physicalId).toBe(name);
    const stored = await s3.send(new GetBucketPolicyCommand({ Bucket: name }));
    expect(JSON.parse(stored.Policy!).Statement[0].Action).toBe('s3:GetObject');
    await policy.delete(name, pprops, pctx);
    expect((await rejection(s3.send(new GetBucketPolicyCommand({ Bucket: name })))).name).toBe(
      'NoSuchBucketPolicy',
    );
    await policy.delete(name, pprops, pctx);

    await bucket.delete(name, next, ctx);
    expect((await rejection(s3.send(new HeadBucketCommand({ Bucket: name })))).name).toBe('NotFound');
    await bucket.delete(name, next, ctx);
  });

  it('creates, updates and schedules deletion of a key and manages its alias', async () => {
    const kms = new KMSClient(sdkConfig(t.cloud, t.clock, root));
    const key = provider('AWS::KMS::Key');
    const ctx = providerContext(t, root, { logicalId: 'Key' });
    const created = await key.create({ Description: 'one', EnableKeyRotation: true }, ctx);
    expect(created.attributes['Arn']).toBe(`arn:aws:kms:us-east-1:${ACCOUNT}:key/${created.physicalId}`);
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    };
    const next = { Description: 'two', EnableKeyRotation: true, KeyPolicy: policy };
    await key.update(created.physicalId, next, { Description: 'one', EnableKeyRotation: true }, ctx);
    const described = await kms.send(new DescribeKeyCommand({ KeyId: created.physicalId }));
    expect(described.KeyMetadata!.Description).toBe('two');
    const stored = await kms.send(
      new GetKeyPolicyCommand({ KeyId: created.physicalId, PolicyName: 'default' }),
    );
    expect(JSON.parse(stored.Policy!)).toEqual(policy);

    const alias = provider('AWS::KMS::Alias');
    const actx = providerContext(t, root, { logicalId: 'KeyAlias' });
    const aprops = { AliasName: 'alias/app', TargetKeyId: created.physicalId };
    const a = await alias.create(aprops, actx);
    expect(a.physicalId).toBe('alias/app');
    const aliases = await kms.send(new ListAliasesCommand({ KeyId: created.physicalId }));
    expect(aliases.Aliases!.map((x) => x.AliasName)).toEqual(['alias/app']);
    await alias.delete('alias/app', aprops, actx);
    expect((await kms.send(new ListAliasesCommand({ KeyId: created.physicalId }))).Aliases).toEqual([]);
    await alias.delete('alias/app', aprops, actx);

    await key.delete(created.physicalId, { PendingWindowInDays: 7 }, ctx);
    const pending = await kms.send(new DescribeKeyCommand({ KeyId: created.physicalId }));
    expect(pending.KeyMetadata!.KeyState).toBe('PendingDeletion');
    await key.delete(created.physicalId, { PendingWindowInDays: 7 }, ctx);
  });
});
