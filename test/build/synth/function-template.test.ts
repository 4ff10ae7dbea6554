// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these are CloudFormation Fn::Sub strings, not JS templates.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/build/synth/cfn.js';
import { buildFunctionTemplate } from '../../../src/build/synth/function-template.js';
import { policySize } from '../../../src/build/synth/iam.js';
import type { FunctionSpec } from '../../../src/build/types.js';
import { FleetpipeError } from '../../../src/errors.js';
import { makePackaged, onlyResource, Project, parse, resourcesOfType, thrownBy } from './fixtures.js';

function synth(dirName: string, overrides: Partial<FunctionSpec> = {}) {
  return parse(
    canonicalJson(buildFunctionTemplate({ project: Project, fn: makePackaged(dirName, overrides) })),
  );
}

type Statement = { Sid?: string; Effect: string; Action: string[]; Resource: unknown[]; Condition?: unknown };
function statements(tpl: ReturnType<typeof synth>): Statement[] {
  const role = onlyResource(tpl, 'AWS::IAM::Role');
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: Statement[] } }[];
  expect(policies).toHaveLength(1);
  return policies[0]!.PolicyDocument.Statement;
}

const ownLogGroup = {
  'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/lambda/acme-check:*',
};

describe('execution role', () => {
  it('is assumable by Lambda only, has no managed policies and no fixed name', () => {
    const role = onlyResource(synth('check'), 'AWS::IAM::Role');
    expect(role.Properties.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    });
    expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
    expect(role.Properties).not.toHaveProperty('RoleName');
  });

  it('may write only to its own log group when nothing is declared', () => {
    expect(statements(synth('check'))).toEqual([
      {
        Sid: 'FleetpipeWriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [ownLogGroup],
      },
    ]);
  });

  it('adds the declared statements as IAM JSON, resolving pseudo parameters and keeping policy variables', () => {
    const found = statements(
      synth('check', {
        iamStatements: [
          {
            sid: 'Read',
            effect: 'Allow',
            actions: 's3:GetObject',
            resources: ['arn:${AWS::Partition}:s3:::b-${AWS::AccountId}/${aws:username}/*'],
            conditions: { StringEquals: { 'aws:ResourceTag/team': ['a', 'b'] } },
          },
          { effect: 'Deny', actions: ['s3:DeleteObject', 's3:PutObject'], resources: 'arn:aws:s3:::b/*' },
        ],
      }),
    );
    expect(found.slice(1)).toEqual([
      {
        Sid: 'Read',
        Effect: 'Allow',
        Action: ['s3:GetObject'],
        Resource: [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b-${AWS::AccountId}/${!aws:username}/*' }],
        Condition: { StringEquals: { 'aws:ResourceTag/team': ['a', 'b'] } },
      },
      { Effect: 'Deny', Action: ['s3:DeleteObject', 's3:PutObject'], Resource: ['arn:aws:s3:::b/*'] },
    ]);
  });

  it('grants config:PutEvaluations on * to a Config rule, and that is the only * it adds', () => {
    const found = statements(synth('check', { configRule: { name: 'check', frequency: 'One_Hour' } }));
    const wildcard = found.filter((s) => s.Resource.includes('*'));
    expect(wildcard).toEqual([
      {
        Sid: 'FleetpipeConfigPutEvaluations',
        Effect: 'Allow',
        Action: ['config:PutEvaluations'],
        Resource: ['*'],
      },
    ]);
    expect(found[0]!.Resource).toEqual([ownLogGroup]);
  });

  it('refuses a policy larger than IAM allows, naming the function.yaml', () => {
    const resources = Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::a-rather-long-bucket-name-${i}/*`);
    const overrides = {
      configFile: '/project/functions/check/function.yaml',
      iamStatements: [{ effect: 'Allow' as const, actions: ['s3:GetObject'], resources }],
    };
    const error = thrownBy(() => synth('check', overrides));
    expect(error).toBeInstanceOf(FleetpipeError);
    expect(error).toMatchObject({
      code: 'IamPolicyTooLarge',
      file: '/project/functions/check/function.yaml',
    });
  });

  it('sizes a policy as IAM will see it: no whitespace, pseudo parameters resolved at their longest', () => {
    expect(policySize({ a: { 'Fn::Sub': '${AWS::AccountId}' } })).toBe('{"a":"123456789012"}'.length);
    expect(policySize({ a: { 'Fn::Sub': '${AWS::Region}${!x}' } })).toBe('{"a":"ap-southeast-4${x}"}'.length);
  });
});

describe('log group', () => {
  it('is the function’s conventional group, with the configured retention', () => {
    const tpl = synth('check', { logRetentionDays: 90 });
    const group = onlyResource(tpl, 'AWS::Logs::LogGroup');
    expect(group.Properties).toMatchObject({ LogGroupName: '/aws/lambda/acme-check', RetentionInDays: 90 });
    expect(group).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });
});

describe('function', () => {
  it('takes its code from the parameters and its settings from the spec', () => {
    const tpl = synth('check', {
      description: 'Checks things',
      runtime: 'python3.13',
      handler: 'app.handler',
      memorySize: 1024,
      timeout: 60,
      architecture: 'x86_64',
      reservedConcurrency: 0,
    });
    expect(Object.keys(tpl.Parameters ?? {})).toEqual(['CodeBucket', 'CodeKey']);
    expect(onlyResource(tpl, 'AWS::Lambda::Function').Properties).toEqual({
      FunctionName: 'acme-check',
      Description: 'Checks things',
      Runtime: 'python3.13',
      Handler: 'app.handler',
      Architectures: ['x86_64'],
      MemorySize: 1024,
      Timeout: 60,
      Role: { 'Fn::GetAtt': ['ExecutionRole', 'Arn'] },
      Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'CodeKey' } },
      ReservedConcurrentExecutions: 0,
      LoggingConfig: { LogGroup: { Ref: 'LogGroup' } },
      Tags: [
        { Key: 'fleetpipe:function', Value: 'acme-check' },
        { Key: 'fleetpipe:project', Value: 'acme' },
      ],
    });
  });

  it('omits Environment when there are no variables, and sorts them when there are', () => {
    const without = onlyResource(synth('check'), 'AWS::Lambda::Function');
    expect(without.Properties).not.toHaveProperty('Environment');
    const withEnv = onlyResource(
      synth('check', { environment: { B: '2', A: '1' } }),
      'AWS::Lambda::Function',
    );
    expect(JSON.stringify(withEnv.Properties.Environment)).toBe('{"Variables":{"A":"1","B":"2"}}');
  });

  it('tags with the spec tags, fleetpipe’s own winning', () => {
    const fn = onlyResource(
      synth('check', { tags: { team: 'sec', 'fleetpipe:project': 'spoofed' } }),
      'AWS::Lambda::Function',
    );
    expect(fn.Properties.Tags).toEqual([
      { Key: 'fleetpipe:function', Value: 'acme-check' },
      { Key: 'fleetpipe:project', Value: 'acme' },
      { Key: 'team', Value: 'sec' },
    ]);
  });

  it('outputs what the deploy engine needs', () => {
    expect(Object.keys(synth('check').Outputs ?? {})).toEqual([
      'FunctionArn',
      'FunctionName',
      'RoleArn',
      'LogGroupName',
    ]);
    const rule = synth('check', { configRule: { name: 'check', frequency: 'One_Hour' } });
    expect(rule.Outputs?.ConfigRuleName).toEqual({
      Description: 'Name of the AWS Config rule',
      Value: { Ref: 'ConfigRule' },
    });
  });
});

describe('Config rule', () => {
  const change = ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification'];

  function ruleOf(rule: NonNullable<FunctionSpec['configRule']>) {
    const tpl = synth('check', { configRule: rule });
    return { tpl, rule: onlyResource(tpl, 'AWS::Config::ConfigRule') };
  }
  const messageTypes = (res: ReturnType<typeof ruleOf>['rule']) =>
    (res.Properties.Source as { SourceDetails: { MessageType: string }[] }).SourceDetails.map(
      (d) => d.MessageType,
    );

  it('is invoked by Config in this account only, after the permission exists', () => {
    const { tpl, rule } = ruleOf({ name: 'check-rule', resourceTypes: ['AWS::S3::Bucket'] });
    expect(onlyResource(tpl, 'AWS::Lambda::Permission').Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': ['Function', 'Arn'] },
      Principal: 'config.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    expect(rule.DependsOn).toEqual(['ConfigRulePermission']);
    expect(rule.Properties).toMatchObject({
      ConfigRuleName: 'check-rule',
      Source: { Owner: 'CUSTOM_LAMBDA', SourceIdentifier: { 'Fn::GetAtt': ['Function', 'Arn'] } },
    });
  });

  it('change-triggered: configuration item notifications, scope by resource types, no frequency', () => {
    const { rule } = ruleOf({ name: 'c', resourceTypes: ['AWS::S3::Bucket', 'AWS::EC2::Volume'] });
    expect(messageTypes(rule)).toEqual(change);
    expect(rule.Properties.Scope).toEqual({
      ComplianceResourceTypes: ['AWS::S3::Bucket', 'AWS::EC2::Volume'],
    });
    expect(rule.Properties).not.toHaveProperty('MaximumExecutionFrequency');
  });

  it('periodic: scheduled notification with its frequency, at both levels; no scope', () => {
    const { rule } = ruleOf({ name: 'p', frequency: 'Twelve_Hours' });
    expect((rule.Properties.Source as { SourceDetails: unknown }).SourceDetails).toEqual([
      {
        EventSource: 'aws.config',
        MessageType: 'ScheduledNotification',
        MaximumExecutionFrequency: 'Twelve_Hours',
      },
    ]);
    expect(rule.Properties.MaximumExecutionFrequency).toBe('Twelve_Hours');
    expect(rule.Properties).not.toHaveProperty('Scope');
  });

  it('both: all three notifications', () => {
    const { rule } = ruleOf({ name: 'b', resourceTypes: ['AWS::S3::Bucket'], frequency: 'One_Hour' });
    expect(messageTypes(rule)).toEqual([...change, 'ScheduledNotification']);
    expect(rule.Properties.MaximumExecutionFrequency).toBe('One_Hour');
  });

  it('scope by tag and by resource ID, input parameters as an object with sorted keys', () => {
    const { rule } = ruleOf({
      name: 's',
      description: 'A rule',
      resourceTypes: ['AWS::S3::Bucket'],
      scope: { tagKey: 'env', tagValue: 'prod', resourceId: 'bucket-1' },
      inputParameters: { z: 1, a: 'x', m: true },
    });
    expect(rule.Properties.Scope).toEqual({
      ComplianceResourceTypes: ['AWS::S3::Bucket'],
      TagKey: 'env',
      TagValue: 'prod',
      ComplianceResourceId: 'bucket-1',
    });
    expect(rule.Properties.Description).toBe('A rule');
    expect(JSON.stringify(rule.Properties.InputParameters)).toBe('{"a":"x","m":true,"z":1}');
  });
});

describe('schedule', () => {
  it('targets the function, and only that rule may invoke it', () => {
    const tpl = synth('check', {
      schedule: { expression: 'rate(5 minutes)', enabled: true, input: { b: [1], a: 'x' } },
    });
    const rules = resourcesOfType(tpl, 'AWS::Events::Rule');
    expect(rules).toHaveLength(1);
    const [ruleId, rule] = rules[0]!;
    expect(rule.Properties).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [{ Arn: { 'Fn::GetAtt': ['Function', 'Arn'] }, Id: 'Function', Input: '{"a":"x","b":[1]}' }],
    });
    expect(rule.Properties).not.toHaveProperty('Name');
    expect(onlyResource(tpl, 'AWS::Lambda::Permission').Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': ['Function', 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [ruleId, 'Arn'] },
    });
  });

  it('can be disabled, and passes no Input when none is given', () => {
    const rule = onlyResource(
      synth('check', { schedule: { expression: 'rate(1 day)', enabled: false } }),
      'AWS::Events::Rule',
    );
    expect(rule.Properties.State).toBe('DISABLED');
    expect((rule.Properties.Targets as object[])[0]).not.toHaveProperty('Input');
  });

  it('sits next to a Config rule when a function has both', () => {
    const tpl = synth('check', {
      schedule: { expression: 'rate(1 day)', enabled: true },
      configRule: { name: 'c', frequency: 'One_Hour' },
    });
    expect(resourcesOfType(tpl, 'AWS::Lambda::Permission').map(([, r]) => r.Properties.Principal)).toEqual([
      'config.amazonaws.com',
      'events.amazonaws.com',
    ]);
  });
});
