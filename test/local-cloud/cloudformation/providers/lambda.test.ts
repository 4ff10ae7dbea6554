import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeConfigRulesCommand,
  StartConfigRulesEvaluationCommand,
} from '@aws-sdk/client-config-service';
import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  GetAliasCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  InvokeCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinProviders,
  type ResourceProvider,
} from '../../../../src/local-cloud/cloudformation/providers/index.js';
import { RULE_FUNCTION, RULE_ROLE_POLICY, type ConfigCloud, startConfigCloud } from '../../config/harness.js';
import { type Credentials, rejection, sdkConfig } from '../../core/fixture.js';
import { zipOf } from '../../lambda/api/harness.js';
import { ACCOUNT, providerContext } from './context.js';

const providers = builtinProviders();
const provider = (type: string): ResourceProvider => providers.get(type)!;

const TRUST = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

describe('Logs, Lambda, Config and Events providers', () => {
  let t: ConfigCloud;
  let root: Credentials;
  let roleArn: string;
  beforeAll(async () => {
    t = await startConfigCloud();
    root = t.root(ACCOUNT);
    const role = await provider('AWS::IAM::Role').create(
      {
        AssumeRolePolicyDocument: TRUST,
        Policies: [{ PolicyName: 'run', PolicyDocument: RULE_ROLE_POLICY }],
      },
      providerContext(t, root, { logicalId: 'ExecutionRole' }),
    );
    roleArn = String(role.attributes['Arn']);
    const s3 = t.s3(root);
    await s3.send(new CreateBucketCommand({ Bucket: 'code-bucket' }));
    await s3.send(
      new PutObjectCommand({
        Bucket: 'code-bucket',
        Key: 'v1.zip',
        Body: zipOf({ 'index.js': 'exports.handler = async (e) => ({ version: 1, got: e });' }),
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: 'code-bucket',
        Key: 'v2.zip',
        Body: zipOf({ 'index.js': 'exports.handler = async (e) => ({ version: 2, got: e });' }),
      }),
    );
  });
  afterAll(() => t.close());

  it('creates, updates and deletes a log group', async () => {
    const group = provider('AWS::Logs::LogGroup');
    const ctx = providerContext(t, root, { logicalId: 'LogGroup' });
    const created = await group.create({ RetentionInDays: 90 }, ctx);
    expect(created.physicalId).toMatch(/^app-LogGroup-[A-Z0-9]{12}$/);
    expect(created.attributes['Arn']).toBe(
      `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${created.physicalId}:*`,
    );
    const logs = t.logs(root);
    const describe = () =>
      logs
        .send(new DescribeLogGroupsCommand({ logGroupNamePrefix: created.physicalId }))
        .then((o) => o.logGroups);
    expect((await describe())![0]!.retentionInDays).toBe(90);
    await group.update(created.physicalId, { RetentionInDays: 7 }, { RetentionInDays: 90 }, ctx);
    expect((await describe())![0]!.retentionInDays).toBe(7);
    await group.update(created.physicalId, {}, { RetentionInDays: 7 }, ctx);
    expect((await describe())![0]!.retentionInDays).toBeUndefined();
    await group.delete(created.physicalId, {}, ctx);
    expect(await describe()).toEqual([]);
    await group.delete(created.physicalId, {}, ctx);
  });

  it('creates a function from a zip in S3, invokes it, updates code and configuration, deletes it', async () => {
    const fn = provider('AWS::Lambda::Function');
    const ctx = providerContext(t, root, { logicalId: 'Function' });
    const props = {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Role: roleArn,
      Code: { S3Bucket: 'code-bucket', S3Key: 'v1.zip' },
      MemorySize: 128,
      Timeout: 10,
      Architectures: ['arm64'],
      ReservedConcurrentExecutions: 1,
      LoggingConfig: { LogGroup: '/aws/lambda/x' },
      Tags: [{ Key: 'team', Value: 'a' }],
    };
    const created = await fn.create(props, ctx);
    expect(created.physicalId).toMatch(/^app-Function-[A-Z0-9]{12}$/);
    expect(created.attributes['Arn']).toBe(
      `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${created.physicalId}`,
    );
    const lambda = t.lambda(root);
    const invoke = async () => {
      const out = await lambda.send(
        new InvokeCommand({ FunctionName: created.physicalId, Payload: Buffer.from('{"a":1}') }),
      );
      return JSON.parse(Buffer.from(out.Payload!).toString());
    };
    expect(await invoke()).toEqual({ version: 1, got: { a: 1 } });

    const next = {
      ...props,
      Code: { S3Bucket: 'code-bucket', S3Key: 'v2.zip' },
      Timeout: 20,
      Environment: { Variables: { MODE: 'strict' } },
    };
    const updated = await fn.update(created.physicalId, next, props, ctx);
    expect(updated).toEqual(created);
    expect(await invoke()).toEqual({ version: 2, got: { a: 1 } });
    const config = await lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: created.physicalId }),
    );
    expect([config.Timeout, config.Environment?.Variables]).toEqual([20, { MODE: 'strict' }]);

    await fn.delete(created.physicalId, next, ctx);
    const gone = await rejection(
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: created.physicalId })),
    );
    expect(gone.name).toBe('ResourceNotFoundException');
    await fn.delete(created.physicalId, next, ctx);
  });

  it('creates a function from inline ZipFile code, publishes a version and grants a permission', async () => {
    const ctx = providerContext(t, root, { logicalId: 'Inline' });
    const fn = await provider('AWS::Lambda::Function').create(
      {
        FunctionName: 'inline-fn',
        Runtime: 'python3.13',
        Handler: 'index.handler',
        Role: roleArn,
        Code: { ZipFile: 'def handler(event, context):\n    return {"py": event["n"] * 2}\n' },
      },
      ctx,
    );
    expect(fn.physicalId).toBe('inline-fn');
    const lambda = t.lambda(root);
    const out = await lambda.send(
      new InvokeCommand({ FunctionName: 'inline-fn', Payload: Buffer.from('{"n":21}') }),
    );
    expect(JSON.parse(Buffer.from(out.Payload!).toString())).toEqual({ py: 42 });

    const version = provider('AWS::Lambda::Version');
    const vctx = providerContext(t, root, { logicalId: 'Version' });
    const v = await version.create({ FunctionName: 'inline-fn' }, vctx);
    expect([v.physicalId, v.attributes['Version']]).toEqual([
      `arn:aws:lambda:us-east-1:${ACCOUNT}:function:inline-fn:1`,
      '1',
    ]);

    const alias = provider('AWS::Lambda::Alias');
    const actx = providerContext(t, root, { logicalId: 'Live' });
    const aprops = { FunctionName: 'inline-fn', Name: 'live', FunctionVersion: '1' };
    const a = await alias.create(aprops, actx);
    expect(a.physicalId).toBe(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:inline-fn:live`);
    const next = { ...aprops, FunctionVersion: '$LATEST', Description: 'moved' };
    await alias.update(a.physicalId, next, aprops, actx);
    const got = await lambda.send(new GetAliasCommand({ FunctionName: 'inline-fn', Name: 'live' }));
    expect([got.FunctionVersion, got.Description]).toEqual(['$LATEST', 'moved']);
    await alias.delete(a.physicalId, next, actx);
    const noAlias = await rejection(
      lambda.send(new GetAliasCommand({ FunctionName: 'inline-fn', Name: 'live' })),
    );
    expect(noAlias.name).toBe('ResourceNotFoundException');
    await alias.delete(a.physicalId, next, actx);

    const permission = provider('AWS::Lambda::Permission');
    const pctx = providerContext(t, root, { logicalId: 'InvokePermission' });
    const pprops = {
      Action: 'lambda:InvokeFunction',
      FunctionName: fn.attributes['Arn'],
      Principal: 'config.amazonaws.com',
      SourceAccount: ACCOUNT,
    };
    const p = await permission.create(pprops, pctx);
    expect(p.physicalId).toMatch(/^app-InvokePermission-[A-Z0-9]{12}$/);
    const policy = await lambda.send(new GetPolicyCommand({ FunctionName: 'inline-fn' }));
    expect(JSON.parse(policy.Policy!).Statement.map((s: { Sid: string }) => s.Sid)).toEqual([p.physicalId]);
    await permission.delete(p.physicalId, pprops, pctx);
    expect((await rejection(lambda.send(new GetPolicyCommand({ FunctionName: 'inline-fn' })))).name).toBe(
      'ResourceNotFoundException',
    );
    await permission.delete(p.physicalId, pprops, pctx);

    await version.delete(v.physicalId, { FunctionName: 'inline-fn' }, vctx);
    await provider('AWS::Lambda::Function').delete('inline-fn', {}, ctx);
    await version.delete(v.physicalId, { FunctionName: 'inline-fn' }, vctx);
  });

  it('creates a Config rule for a function whose evaluations come back', async () => {
    const ctx = providerContext(t, root, { logicalId: 'RuleFunction' });
    const fn = await provider('AWS::Lambda::Function').create(
      {
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: roleArn,
        Code: { ZipFile: RULE_FUNCTION },
      },
      ctx,
    );
    await provider('AWS::Lambda::Permission').create(
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: fn.attributes['Arn'],
        Principal: 'config.amazonaws.com',
        SourceAccount: ACCOUNT,
      },
      providerContext(t, root, { logicalId: 'ConfigPermission' }),
    );
    const rule = provider('AWS::Config::ConfigRule');
    const rctx = providerContext(t, root, { logicalId: 'ConfigRule' });
    const props = {
      Source: {
        Owner: 'CUSTOM_LAMBDA',
        SourceIdentifier: fn.attributes['Arn'],
        SourceDetails: [{ EventSource: 'aws.config', MessageType: 'ScheduledNotification' }],
      },
      MaximumExecutionFrequency: 'TwentyFour_Hours',
      InputParameters: { verdict: 'COMPLIANT' },
    };
    const created = await rule.create(props, rctx);
    expect(created.physicalId).toMatch(/^app-ConfigRule-[A-Z0-9]{12}$/);
    const config = t.config(root);
    const described = await config.send(
      new DescribeConfigRulesCommand({ ConfigRuleNames: [created.physicalId] }),
    );
    const stored = described.ConfigRules![0]!;
    expect(created.attributes).toMatchObject({
      Arn: stored.ConfigRuleArn,
      ConfigRuleId: stored.ConfigRuleId,
    });
    expect(JSON.parse(stored.InputParameters!)).toEqual({ verdict: 'COMPLIANT' });

    const next = { ...props, InputParameters: '{"verdict":"NON_COMPLIANT"}' };
    await rule.update(created.physicalId, next, props, rctx);
    await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: [created.physicalId] }));
    const results = await t.results(root, created.physicalId, 1);
    expect(results.map((r) => r.ComplianceType)).toEqual(['NON_COMPLIANT']);

    await rule.delete(created.physicalId, next, rctx);
    const gone = await rejection(
      config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: [created.physicalId] })),
    );
    expect(gone.name).toBe('NoSuchConfigRuleException');
    await rule.delete(created.physicalId, next, rctx);
  });

  it('creates a scheduled Events rule whose Lambda target runs', async () => {
    const ctx = providerContext(t, root, { logicalId: 'Target' });
    const fn = await provider('AWS::Lambda::Function').create(
      {
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: roleArn,
        Code: { S3Bucket: 'code-bucket', S3Key: 'v1.zip' },
      },
      ctx,
    );
    const events = new EventBridgeClient(sdkConfig(t.cloud, t.clock, root));
    const rule = provider('AWS::Events::Rule');
    const rctx = providerContext(t, root, { logicalId: 'Schedule' });
    const props = {
      ScheduleExpression: 'rate(1 day)',
      State: 'ENABLED',
      Targets: [{ Id: 'fn', Arn: fn.attributes['Arn'], Input: { hello: 'world' } }],
    };
    const created = await rule.create(props, rctx);
    expect(created.physicalId).toMatch(/^app-Schedule-[A-Z0-9]{12}$/);
    expect(created.attributes['Arn']).toBe(`arn:aws:events:us-east-1:${ACCOUNT}:rule/${created.physicalId}`);
    await provider('AWS::Lambda::Permission').create(
      {
        Action: 'lambda:InvokeFunction',
        FunctionName: fn.physicalId,
        Principal: 'events.amazonaws.com',
        SourceArn: created.attributes['Arn'],
      },
      providerContext(t, root, { logicalId: 'SchedulePermission' }),
    );
    const next = { ...props, Description: 'daily' };
    await rule.update(created.physicalId, next, props, rctx);
    const described = await events.send(new DescribeRuleCommand({ Name: created.physicalId }));
    expect([described.Description, described.ScheduleExpression]).toEqual(['daily', 'rate(1 day)']);

    const internal = t.cloud.internal.events;
    internal.fireScheduledRule(ACCOUNT, 'us-east-1', created.physicalId, t.clock.now());
    await internal.idle();
    await t.cloud.internal.lambda.idle();
    const deliveries = internal.deliveries(ACCOUNT, 'us-east-1', { ruleName: created.physicalId });
    expect(deliveries.map((d) => [d.targetId, d.status, d.input])).toEqual([
      ['fn', 'Delivered', '{"hello":"world"}'],
    ]);

    await rule.delete(created.physicalId, next, rctx);
    expect((await rejection(events.send(new DescribeRuleCommand({ Name: created.physicalId })))).name).toBe(
      'ResourceNotFoundException',
    );
    await rule.delete(created.physicalId, next, rctx);
  });
});
