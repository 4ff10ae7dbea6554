import {
  ConfigServiceClient,
  DeleteConfigRuleCommand,
  DescribeConfigRulesCommand,
  PutConfigRuleCommand,
  type PutConfigRuleCommandInput,
} from '@aws-sdk/client-config-service';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowPolicy,
  makeTempDir,
  rejection,
  runAws,
  sdkConfig,
  startTestCloud,
  type TestCloud,
  trustPolicy,
} from '../core/fixture.js';

const TOOLS = '222222222222';
let t: TestCloud;
let config: ConfigServiceClient;
const fn = `arn:aws:lambda:us-east-1:${TOOLS}:function:check`;

const managed = (name: string): PutConfigRuleCommandInput => ({
  ConfigRule: {
    ConfigRuleName: name,
    Source: { Owner: 'AWS', SourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED' },
  },
});

beforeAll(async () => {
  t = await startTestCloud();
  config = new ConfigServiceClient(sdkConfig(t.cloud, t.clock, t.root('tools')));
});
afterAll(() => t.close());

describe('PutConfigRule / DescribeConfigRules / DeleteConfigRule', () => {
  it('stores a rule with an ARN and ID, updates it in place and deletes it', async () => {
    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: 'tagged',
          Description: 'first',
          InputParameters: '{"a":"1"}',
          MaximumExecutionFrequency: 'Six_Hours',
          Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'], TagKey: 'env', TagValue: 'prod' },
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: fn,
            SourceDetails: [{ EventSource: 'aws.config', MessageType: 'ScheduledNotification' }],
          },
        },
      }),
    );
    const [rule] = (await config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['tagged'] })))
      .ConfigRules!;
    expect(rule).toMatchObject({
      ConfigRuleName: 'tagged',
      Description: 'first',
      InputParameters: '{"a":"1"}',
      MaximumExecutionFrequency: 'Six_Hours',
      ConfigRuleState: 'ACTIVE',
      Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'], TagKey: 'env', TagValue: 'prod' },
      Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: fn },
    });
    expect(rule!.ConfigRuleId).toMatch(/^config-rule-[a-z0-9]{6}$/);
    expect(rule!.ConfigRuleArn).toBe(`arn:aws:config:us-east-1:${TOOLS}:config-rule/${rule!.ConfigRuleId}`);

    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleArn: rule!.ConfigRuleArn,
          Description: 'second',
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: fn,
            SourceDetails: [
              { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
            ],
          },
        },
      }),
    );
    const [updated] = (await config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['tagged'] })))
      .ConfigRules!;
    expect(updated).toMatchObject({ ConfigRuleId: rule!.ConfigRuleId, Description: 'second' });

    await config.send(new DeleteConfigRuleCommand({ ConfigRuleName: 'tagged' }));
    const gone = await rejection(
      config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['tagged'] })),
    );
    expect(gone.name).toBe('NoSuchConfigRuleException');
    expect(gone.message).toContain("The ConfigRule 'tagged' provided in the request is invalid");
    const again = await rejection(config.send(new DeleteConfigRuleCommand({ ConfigRuleName: 'tagged' })));
    expect(again.name).toBe('NoSuchConfigRuleException');
  });

  it('pages through rules 25 at a time', async () => {
    for (let i = 0; i < 27; i++)
      await config.send(new PutConfigRuleCommand(managed(`m-${String(i).padStart(2, '0')}`)));
    const first = await config.send(new DescribeConfigRulesCommand({}));
    expect(first.ConfigRules).toHaveLength(25);
    expect(first.NextToken).toBeDefined();
    const second = await config.send(new DescribeConfigRulesCommand({ NextToken: first.NextToken }));
    expect(second.ConfigRules!.map((r) => r.ConfigRuleName)).toEqual(['m-25', 'm-26']);
    expect(second.NextToken).toBeUndefined();
    const bad = await rejection(config.send(new DescribeConfigRulesCommand({ NextToken: 'nope' })));
    expect(bad.name).toBe('InvalidNextTokenException');
  });

  it('rejects invalid rules as AWS Config does', async () => {
    const put = (ConfigRule: PutConfigRuleCommandInput['ConfigRule']) =>
      rejection(config.send(new PutConfigRuleCommand({ ConfigRule })));
    const noDetails = await put({
      ConfigRuleName: 'x',
      Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: fn },
    });
    expect(noDetails.name).toBe('InvalidParameterValueException');
    expect(noDetails.message).toContain('SourceDetails should be provided if the owner is CUSTOM_LAMBDA');
    const badArn = await put({
      ConfigRuleName: 'x',
      Source: {
        Owner: 'CUSTOM_LAMBDA',
        SourceIdentifier: 'my-function',
        SourceDetails: [{ EventSource: 'aws.config', MessageType: 'ScheduledNotification' }],
      },
    });
    expect(badArn.name).toBe('InvalidParameterValueException');
    const badJson = await put({
      ConfigRuleName: 'x',
      InputParameters: '{not json',
      Source: { Owner: 'AWS', SourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED' },
    });
    expect(badJson.message).toBe('Invalid json {not json passed in the InputParameters field');
    const frequency = await put({
      ConfigRuleName: 'x',
      MaximumExecutionFrequency: 'One_Hour',
      Source: {
        Owner: 'CUSTOM_LAMBDA',
        SourceIdentifier: fn,
        SourceDetails: [{ EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' }],
      },
    });
    expect(frequency.message).toContain('not allowed for rules triggered by configuration changes');
    const badScope = await put({
      ConfigRuleName: 'x',
      Scope: { ComplianceResourceId: 'b' },
      Source: { Owner: 'AWS', SourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED' },
    });
    expect(badScope.name).toBe('InvalidParameterValueException');
  });

  it('authorizes every call through IAM', async () => {
    const iam = t.iam(t.root('tools'));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'reader',
        AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${TOOLS}:root` } }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'reader',
        PolicyName: 'read',
        PolicyDocument: allowPolicy('config:DescribeConfigRules'),
      }),
    );
    const creds = await t.assume(t.root('tools'), {
      RoleArn: `arn:aws:iam::${TOOLS}:role/reader`,
      RoleSessionName: 'reader-session',
    });
    const reader = new ConfigServiceClient(sdkConfig(t.cloud, t.clock, creds));
    const listed = await reader.send(new DescribeConfigRulesCommand({ ConfigRuleNames: ['m-00'] }));
    expect(listed.ConfigRules).toHaveLength(1);
    const denied = await rejection(reader.send(new PutConfigRuleCommand(managed('denied'))));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('config:PutConfigRule');
  });

  it('answers the aws CLI (describe-config-rules)', async () => {
    const home = await makeTempDir();
    try {
      const out = await runAws(
        [
          '--endpoint-url',
          t.cloud.endpoint,
          'configservice',
          'describe-config-rules',
          '--config-rule-names',
          'm-01',
        ],
        { creds: t.root('tools'), home: home.path },
      );
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      const parsed = JSON.parse(out.stdout) as { ConfigRules: { ConfigRuleName: string; Source: unknown }[] };
      expect(parsed.ConfigRules.map((r) => r.ConfigRuleName)).toEqual(['m-01']);
      expect(parsed.ConfigRules[0]!.Source).toEqual({
        Owner: 'AWS',
        SourceIdentifier: 'S3_BUCKET_VERSIONING_ENABLED',
        SourceDetails: [],
      });
    } finally {
      await home.remove();
    }
  });
});
