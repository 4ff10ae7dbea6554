import {
  DescribeComplianceByConfigRuleCommand,
  DescribeComplianceByResourceCommand,
  DescribeConfigRuleEvaluationStatusCommand,
  GetComplianceSummaryByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  PutConfigRuleCommand,
  PutEvaluationsCommand,
  PutResourceConfigCommand,
  StartConfigRulesEvaluationCommand,
} from '@aws-sdk/client-config-service';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { AddPermissionCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../core/fixture.js';
import {
  type ConfigCloud,
  MANAGEMENT,
  RULE_FUNCTION,
  RULE_ROLE_POLICY,
  startConfigCloud,
} from './harness.js';

let t: ConfigCloud;
let fnArn: string;
const root = () => t.root('management');

beforeAll(async () => {
  t = await startConfigCloud();
  const role = await t.role(root(), { name: 'rule-exec', policy: RULE_ROLE_POLICY });
  fnArn = await t.createFunction(root(), {
    FunctionName: 'rule-fn',
    Role: role,
    Timeout: 30,
    files: { 'index.js': RULE_FUNCTION },
  });
  await t.lambda(root()).send(
    new AddPermissionCommand({
      FunctionName: 'rule-fn',
      StatementId: 'config',
      Action: 'lambda:InvokeFunction',
      Principal: 'config.amazonaws.com',
      SourceAccount: MANAGEMENT,
    }),
  );
  await t.createFunction(root(), {
    FunctionName: 'no-permission',
    Role: role,
    files: { 'index.js': RULE_FUNCTION },
  });
}, 60_000);
afterAll(() => t.close());

describe('custom Lambda rules', () => {
  it('runs a periodic rule on StartConfigRulesEvaluation and records its evaluations', async () => {
    const config = t.config(root());
    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: 'periodic',
          InputParameters: JSON.stringify({ verdict: 'NON_COMPLIANT' }),
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: fnArn,
            SourceDetails: [
              {
                EventSource: 'aws.config',
                MessageType: 'ScheduledNotification',
                MaximumExecutionFrequency: 'One_Hour',
              },
            ],
          },
        },
      }),
    );
    const before = await config.send(
      new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: ['periodic'] }),
    );
    expect(before.ComplianceByConfigRules).toEqual([
      { ConfigRuleName: 'periodic', Compliance: { ComplianceType: 'INSUFFICIENT_DATA' } },
    ]);

    await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: ['periodic'] }));
    const results = await t.results(root(), 'periodic', 1);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: {
          ConfigRuleName: 'periodic',
          ResourceType: 'AWS::::Account',
          ResourceId: MANAGEMENT,
        },
      },
      ComplianceType: 'NON_COMPLIANT',
      Annotation: 'ScheduledNotification 1.0 periodic false',
    });
    expect(results[0]!.ResultRecordedTime).toBeInstanceOf(Date);

    const after = await config.send(
      new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: ['periodic'] }),
    );
    expect(after.ComplianceByConfigRules![0]!.Compliance).toEqual({
      ComplianceType: 'NON_COMPLIANT',
      ComplianceContributorCount: { CappedCount: 1, CapExceeded: false },
    });
    const status = await config.send(
      new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: ['periodic'] }),
    );
    expect(status.ConfigRulesEvaluationStatus![0]).toMatchObject({
      ConfigRuleName: 'periodic',
      FirstEvaluationStarted: true,
    });
    expect(status.ConfigRulesEvaluationStatus![0]!.LastSuccessfulInvocationTime).toBeInstanceOf(Date);
    expect(status.ConfigRulesEvaluationStatus![0]!.LastErrorCode).toBeUndefined();
  }, 60_000);

  it('evaluates S3 buckets made through the S3 API on a change-triggered rule', async () => {
    const s3 = t.s3(root());
    const key = await t.kms(root()).send(new CreateKeyCommand({}));
    await s3.send(new CreateBucketCommand({ Bucket: 'cfg-encrypted' }));
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'cfg-encrypted',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: key.KeyMetadata!.Arn,
              },
            },
          ],
        },
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'cfg-plain' }));
    const config = t.config(root());
    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: 'bucket-encryption',
          Scope: { ComplianceResourceTypes: ['AWS::S3::Bucket'] },
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: fnArn,
            SourceDetails: [
              { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
            ],
          },
        },
      }),
    );
    await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: ['bucket-encryption'] }));
    const results = await t.results(root(), 'bucket-encryption', 2);
    const verdicts = results.map((r) => [
      r.EvaluationResultIdentifier!.EvaluationResultQualifier!.ResourceId,
      r.ComplianceType,
      r.Annotation,
    ]);
    expect(verdicts).toEqual([
      [
        'cfg-encrypted',
        'COMPLIANT',
        'ConfigurationItemChangeNotification 1.3 bucket-encryption false aws:kms',
      ],
      [
        'cfg-plain',
        'NON_COMPLIANT',
        'ConfigurationItemChangeNotification 1.3 bucket-encryption false AES256',
      ],
    ]);

    const byResource = await config.send(
      new DescribeComplianceByResourceCommand({ ResourceType: 'AWS::S3::Bucket', ResourceId: 'cfg-plain' }),
    );
    expect(byResource.ComplianceByResources).toEqual([
      {
        ResourceType: 'AWS::S3::Bucket',
        ResourceId: 'cfg-plain',
        Compliance: {
          ComplianceType: 'NON_COMPLIANT',
          ComplianceContributorCount: { CappedCount: 1, CapExceeded: false },
        },
      },
    ]);
    const history = await config.send(
      new GetResourceConfigHistoryCommand({ resourceType: 'AWS::S3::Bucket', resourceId: 'cfg-encrypted' }),
    );
    const item = history.configurationItems![0]!;
    expect(item.arn).toBe('arn:aws:s3:::cfg-encrypted');
    expect(JSON.parse(item.supplementaryConfiguration!['ServerSideEncryptionConfiguration']!)).toEqual({
      rules: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: 'aws:kms',
            kmsMasterKeyID: key.KeyMetadata!.Arn,
          },
          bucketKeyEnabled: false,
        },
      ],
    });
  }, 60_000);

  it('evaluates items given by PutResourceConfig as they change, within the rule scope', async () => {
    const config = t.config(root());
    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: 'widgets',
          Scope: { ComplianceResourceTypes: ['MyCorp::Shop::Widget'], TagKey: 'team', TagValue: 'a' },
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: fnArn,
            SourceDetails: [
              { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
            ],
          },
        },
      }),
    );
    const put = (id: string, ok: boolean, team: string) =>
      config.send(
        new PutResourceConfigCommand({
          ResourceType: 'MyCorp::Shop::Widget',
          SchemaVersionId: '1',
          ResourceId: id,
          Configuration: JSON.stringify({ ok }),
          Tags: { team },
        }),
      );
    await put('w1', true, 'a');
    await put('w2', false, 'a');
    await put('w3', false, 'b');
    const first = await t.results(root(), 'widgets', 2);
    expect(
      first.map((r) => [
        r.EvaluationResultIdentifier!.EvaluationResultQualifier!.ResourceId,
        r.ComplianceType,
      ]),
    ).toEqual([
      ['w1', 'COMPLIANT'],
      ['w2', 'NON_COMPLIANT'],
    ]);
    t.clock.advance(1000);
    await put('w2', true, 'a');
    await t.cloud.internal.config.idle();
    await t.cloud.internal.lambda.idle();
    const second = await t.results(root(), 'widgets', 2);
    expect(second.map((r) => r.ComplianceType)).toEqual(['COMPLIANT', 'COMPLIANT']);
    const summary = await config.send(new GetComplianceSummaryByConfigRuleCommand({}));
    expect(summary.ComplianceSummary!.CompliantResourceCount!.CappedCount).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('does not deliver to a function without a resource policy for config.amazonaws.com', async () => {
    const config = t.config(root());
    await config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: 'unreachable',
          Source: {
            Owner: 'CUSTOM_LAMBDA',
            SourceIdentifier: `arn:aws:lambda:us-east-1:${MANAGEMENT}:function:no-permission`,
            SourceDetails: [{ EventSource: 'aws.config', MessageType: 'ScheduledNotification' }],
          },
        },
      }),
    );
    await config.send(new StartConfigRulesEvaluationCommand({ ConfigRuleNames: ['unreachable'] }));
    expect(await t.results(root(), 'unreachable', 1)).toEqual([]);
    const status = await config.send(
      new DescribeConfigRuleEvaluationStatusCommand({ ConfigRuleNames: ['unreachable'] }),
    );
    const entry = status.ConfigRulesEvaluationStatus![0]!;
    expect(entry.LastErrorCode).toBe('AccessDeniedException');
    expect(entry.LastErrorMessage).toContain('config.amazonaws.com is not authorized');
    expect(entry.LastFailedInvocationTime).toBeInstanceOf(Date);
    expect(entry.LastSuccessfulInvocationTime).toBeUndefined();
  }, 60_000);

  it('accepts evaluations only with a token issued to an invocation', async () => {
    const config = t.config(root());
    const bad = await rejection(
      config.send(
        new PutEvaluationsCommand({
          ResultToken: 'not-a-token',
          Evaluations: [
            {
              ComplianceResourceType: 'AWS::::Account',
              ComplianceResourceId: MANAGEMENT,
              ComplianceType: 'COMPLIANT',
              OrderingTimestamp: new Date(),
            },
          ],
        }),
      ),
    );
    expect(bad.name).toBe('InvalidResultTokenException');
  });
});
