import { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { PutRuleCommand, PutTargetsCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { AddPermissionCommand, GetPolicyCommand, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, sdkConfig } from '../../core/fixture.js';
import { type LambdaCloud, LOGS_POLICY, MANAGEMENT, startLambdaCloud, TOOLS } from './harness.js';

let t: LambdaCloud;
let role: string;
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${MANAGEMENT}:function:${name}`;

beforeAll(async () => {
  t = await startLambdaCloud();
  role = await t.role(t.root('management'), { name: 'exec', policy: LOGS_POLICY });
});
afterAll(() => t.close());

describe('resource policies for AWS services', () => {
  it('lets config.amazonaws.com invoke for the right source account only', async () => {
    const root = t.root('management');
    await t.createFunction(root, {
      FunctionName: 'rule',
      Role: role,
      files: { 'index.js': 'exports.handler = async (e) => ({ seen: e.invokingEvent });' },
    });
    const invoke = (sourceAccount: string) =>
      t.cloud.internal.lambda.invokeAsService({
        functionArn: fnArn('rule'),
        servicePrincipal: 'config.amazonaws.com',
        sourceAccount,
        payload: { invokingEvent: 'x' },
      });
    await expect(invoke(MANAGEMENT)).rejects.toThrow(/config\.amazonaws\.com is not authorized/);
    const added = await t.lambda(root).send(
      new AddPermissionCommand({
        FunctionName: 'rule',
        StatementId: 'config',
        Action: 'lambda:InvokeFunction',
        Principal: 'config.amazonaws.com',
        SourceAccount: MANAGEMENT,
      }),
    );
    expect(added.$metadata.httpStatusCode).toBe(201);
    expect(JSON.parse(added.Statement!)).toEqual({
      Sid: 'config',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: fnArn('rule'),
      Condition: { StringEquals: { 'AWS:SourceAccount': MANAGEMENT } },
    });
    expect(await invoke(MANAGEMENT)).toEqual({ statusCode: 200, payload: { seen: 'x' } });
    await expect(invoke(TOOLS)).rejects.toThrow(/not authorized/);
    await expect(
      t.cloud.internal.lambda.invokeAsService({
        functionArn: fnArn('rule'),
        servicePrincipal: 'events.amazonaws.com',
        sourceAccount: MANAGEMENT,
        payload: {},
      }),
    ).rejects.toThrow(/events\.amazonaws\.com is not authorized/);

    const policy = await t.lambda(root).send(new GetPolicyCommand({ FunctionName: 'rule' }));
    expect(JSON.parse(policy.Policy!)).toMatchObject({ Version: '2012-10-17', Id: 'default' });
    const duplicate = await rejection(
      t.lambda(root).send(
        new AddPermissionCommand({
          FunctionName: 'rule',
          StatementId: 'config',
          Action: 'lambda:InvokeFunction',
          Principal: 'config.amazonaws.com',
        }),
      ),
    );
    expect(duplicate.name).toBe('ResourceConflictException');
    expect(duplicate.message).toContain('The statement id (config) provided already exists');
    await t.lambda(root).send(new RemovePermissionCommand({ FunctionName: 'rule', StatementId: 'config' }));
    await expect(invoke(MANAGEMENT)).rejects.toThrow(/not authorized/);
    const none = await rejection(t.lambda(root).send(new GetPolicyCommand({ FunctionName: 'rule' })));
    expect(none.name).toBe('ResourceNotFoundException');
  });

  it('runs a Lambda target of a scheduled EventBridge rule', async () => {
    const root = t.root('management');
    await t.createFunction(root, {
      FunctionName: 'nightly',
      Role: role,
      files: { 'index.js': "exports.handler = async (e) => { console.log('tick', e['detail-type']); };" },
    });
    const events = new EventBridgeClient(sdkConfig(t.cloud, t.clock, root));
    const rule = await events.send(
      new PutRuleCommand({ Name: 'nightly', ScheduleExpression: 'rate(1 day)' }),
    );
    await events.send(
      new PutTargetsCommand({ Rule: 'nightly', Targets: [{ Id: 'fn', Arn: fnArn('nightly') }] }),
    );

    t.cloud.internal.events.fireScheduledRule(MANAGEMENT, 'us-east-1', 'nightly', t.clock.now());
    await t.cloud.internal.events.idle();
    const refused = t.cloud.internal.events.deliveries(MANAGEMENT, 'us-east-1', { ruleName: 'nightly' });
    expect(refused.map((d) => d.status)).toEqual(['Failed']);

    await t.lambda(root).send(
      new AddPermissionCommand({
        FunctionName: 'nightly',
        StatementId: 'events',
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: rule.RuleArn,
      }),
    );
    t.cloud.internal.events.fireScheduledRule(MANAGEMENT, 'us-east-1', 'nightly', t.clock.now());
    await t.cloud.internal.events.idle();
    await t.cloud.internal.lambda.idle();
    const deliveries = t.cloud.internal.events.deliveries(MANAGEMENT, 'us-east-1', { ruleName: 'nightly' });
    expect(deliveries.map((d) => d.status)).toEqual(['Failed', 'Delivered']);
    const ran = await t.logs(root).send(
      new FilterLogEventsCommand({
        logGroupName: '/aws/lambda/nightly',
        filterPattern: '"tick Scheduled Event"',
      }),
    );
    expect(ran.events).toHaveLength(1);
  });
});
