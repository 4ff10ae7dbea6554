/**
 * The tools account's pipeline as one CloudFormation stack (connection, artifact bucket, roles, CodeBuild
 * project, CodePipeline, notification rule), created, updated and deleted by the stack engine; and a
 * resource with a misspelt property failing as AWS's schema validation words it.
 */
import {
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type Stack,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { BatchGetProjectsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodePipelineClient, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import {
  CodestarNotificationsClient,
  DescribeNotificationRuleCommand,
} from '@aws-sdk/client-codestar-notifications';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, startTestCloud, type TestCloud } from './helpers.js';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t.close();
});

function clients() {
  const creds = t.cloud.credentialsFor('management');
  const config = { endpoint: t.cloud.endpoint, region: creds.region, credentials: creds, maxAttempts: 1 };
  return {
    pipelines: new CodePipelineClient(config),
    builds: new CodeBuildClient(config),
    notifications: new CodestarNotificationsClient(config),
  };
}

const trust = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

function pipelineTemplate(branch: string): string {
  return JSON.stringify({
    Parameters: { Repository: { Type: 'String', Default: 'org/fleet' } },
    Resources: {
      Connection: {
        Type: 'AWS::CodeStarConnections::Connection',
        Properties: { ConnectionName: 'github', ProviderType: 'GitHub' },
      },
      Artifacts: { Type: 'AWS::S3::Bucket', Properties: {} },
      Events: { Type: 'AWS::SNS::Topic', Properties: {} },
      BuildRole: {
        Type: 'AWS::IAM::Role',
        Properties: { AssumeRolePolicyDocument: trust('codebuild.amazonaws.com') },
      },
      PipelineRole: {
        Type: 'AWS::IAM::Role',
        Properties: { AssumeRolePolicyDocument: trust('codepipeline.amazonaws.com') },
      },
      Synth: {
        Type: 'AWS::CodeBuild::Project',
        Properties: {
          ServiceRole: { 'Fn::GetAtt': ['BuildRole', 'Arn'] },
          Source: { Type: 'CODEPIPELINE', BuildSpec: 'version: 0.2' },
          Artifacts: { Type: 'CODEPIPELINE' },
          Environment: {
            Type: 'LINUX_CONTAINER',
            Image: 'aws/codebuild/standard:7.0',
            ComputeType: 'BUILD_GENERAL1_SMALL',
          },
        },
      },
      Pipeline: {
        Type: 'AWS::CodePipeline::Pipeline',
        Properties: {
          RoleArn: { 'Fn::GetAtt': ['PipelineRole', 'Arn'] },
          PipelineType: 'V2',
          ArtifactStore: { Type: 'S3', Location: { Ref: 'Artifacts' } },
          Stages: [
            {
              Name: 'Source',
              Actions: [
                {
                  Name: 'GitHub',
                  ActionTypeId: {
                    Category: 'Source',
                    Owner: 'AWS',
                    Provider: 'CodeStarSourceConnection',
                    Version: '1',
                  },
                  Configuration: {
                    ConnectionArn: { Ref: 'Connection' },
                    FullRepositoryId: { Ref: 'Repository' },
                    BranchName: branch,
                  },
                  OutputArtifacts: [{ Name: 'src' }],
                },
              ],
            },
            {
              Name: 'Build',
              Actions: [
                {
                  Name: 'Synth',
                  ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
                  Configuration: { ProjectName: { Ref: 'Synth' } },
                  InputArtifacts: [{ Name: 'src' }],
                  OutputArtifacts: [{ Name: 'cfn' }],
                },
              ],
            },
          ],
        },
      },
      Failures: {
        Type: 'AWS::CodeStarNotifications::NotificationRule',
        Properties: {
          Name: 'pipeline-failures',
          DetailType: 'FULL',
          Resource: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: Fn::Sub syntax
            'Fn::Sub': 'arn:${AWS::Partition}:codepipeline:${AWS::Region}:${AWS::AccountId}:${Pipeline}',
          },
          EventTypeIds: ['codepipeline-pipeline-pipeline-execution-failed'],
          Targets: [{ TargetType: 'SNS', TargetAddress: { Ref: 'Events' } }],
        },
      },
    },
    Outputs: {
      PipelineName: { Value: { Ref: 'Pipeline' } },
      ProjectName: { Value: { Ref: 'Synth' } },
      RuleArn: { Value: { Ref: 'Failures' } },
      ConnectionArn: { Value: { Ref: 'Connection' } },
    },
  });
}

async function stack(name: string): Promise<Stack> {
  return (await t.cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks![0]!;
}

function outputs(s: Stack): Record<string, string> {
  return Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));
}

describe('a pipeline stack', () => {
  it('creates the pipeline with its project, connection and notification rule, updates and deletes it', async () => {
    const c = clients();
    await t.cfn.send(
      new CreateStackCommand({
        StackName: 'tools-pipeline',
        TemplateBody: pipelineTemplate('main'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    await t.idle();
    const created = await stack('tools-pipeline');
    expect(created.StackStatus).toBe('CREATE_COMPLETE');
    const out = outputs(created);
    expect(out.ConnectionArn).toMatch(/^arn:aws:codestar-connections:us-east-1:\d{12}:connection\//);

    const pipeline = await c.pipelines.send(new GetPipelineCommand({ name: out.PipelineName }));
    const source = pipeline.pipeline!.stages![0]!.actions![0]!;
    expect(source.configuration).toMatchObject({
      ConnectionArn: out.ConnectionArn,
      FullRepositoryId: 'org/fleet',
      BranchName: 'main',
    });
    expect(pipeline.pipeline!.stages![1]!.actions![0]!.configuration).toEqual({
      ProjectName: out.ProjectName,
    });
    const projects = await c.builds.send(new BatchGetProjectsCommand({ names: [out.ProjectName!] }));
    expect(projects.projects![0]!.environment!.image).toBe('aws/codebuild/standard:7.0');
    const rule = await c.notifications.send(new DescribeNotificationRuleCommand({ Arn: out.RuleArn }));
    expect(rule.Resource).toBe(pipeline.metadata!.pipelineArn);

    await t.cfn.send(
      new UpdateStackCommand({
        StackName: 'tools-pipeline',
        TemplateBody: pipelineTemplate('release'),
        Capabilities: ['CAPABILITY_IAM'],
      }),
    );
    await t.idle();
    expect((await stack('tools-pipeline')).StackStatus).toBe('UPDATE_COMPLETE');
    const updated = await c.pipelines.send(new GetPipelineCommand({ name: out.PipelineName }));
    expect(updated.pipeline!.version).toBe(2);
    expect(updated.pipeline!.stages![0]!.actions![0]!.configuration!.BranchName).toBe('release');

    const { StackId } = await stack('tools-pipeline');
    await t.cfn.send(new DeleteStackCommand({ StackName: 'tools-pipeline' }));
    await t.idle();
    expect((await stack(StackId!)).StackStatus).toBe('DELETE_COMPLETE');
    const gone = await errorOf(c.pipelines.send(new GetPipelineCommand({ name: out.PipelineName })));
    expect(gone.name).toBe('PipelineNotFoundException');
  });
});

describe('property validation', () => {
  it("fails a resource with a property its type's schema does not have, as AWS words it", async () => {
    await t.cfn.send(
      new CreateStackCommand({
        StackName: 'typo',
        TemplateBody: JSON.stringify({
          Resources: {
            Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDay: 7 } },
          },
        }),
      }),
    );
    await t.idle();
    expect((await stack('typo')).StackStatus).toBe('ROLLBACK_COMPLETE');
    const events = await t.cfn.send(new DescribeStackEventsCommand({ StackName: 'typo' }));
    const failed = events.StackEvents!.find(
      (e) => e.LogicalResourceId === 'Logs' && e.ResourceStatus === 'CREATE_FAILED',
    );
    expect(failed?.ResourceStatusReason).toBe(
      'Properties validation failed for resource Logs with message: [#: extraneous key [RetentionInDay] is not permitted]',
    );
  });
});
