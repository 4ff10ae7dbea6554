/**
 * The tools-account pipeline providers driven directly against a test cloud (CodeStar Notifications added
 * as an extra service): CodeBuild projects, CodePipeline pipelines, CodeStar connections and notification
 * rules are created, described through the SDK (PascalCase properties converted to the camelCase API),
 * updated, deleted and deleted again; a session without a permission fails with CloudFormation's reason.
 */
import { BatchGetProjectsCommand, CodeBuildClient } from '@aws-sdk/client-codebuild';
import {
  CodePipelineClient,
  GetPipelineCommand,
  ListTagsForResourceCommand as ListPipelineTagsCommand,
} from '@aws-sdk/client-codepipeline';
import {
  CodeStarConnectionsClient,
  GetConnectionCommand,
  ListTagsForResourceCommand as ListConnectionTagsCommand,
} from '@aws-sdk/client-codestar-connections';
import { DescribeNotificationRuleCommand } from '@aws-sdk/client-codestar-notifications';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codebuildProjectProvider } from '../../../../src/local-cloud/cloudformation/providers/codebuild-project.js';
import { codepipelinePipelineProvider } from '../../../../src/local-cloud/cloudformation/providers/codepipeline-pipeline.js';
import { codestarConnectionProvider } from '../../../../src/local-cloud/cloudformation/providers/codestar-connection.js';
import { codestarNotificationRuleProvider } from '../../../../src/local-cloud/cloudformation/providers/codestar-notification-rule.js';
import { ProviderError } from '../../../../src/local-cloud/cloudformation/providers/index.js';
import { allowPolicy, type Credentials, rejection, sdkConfig, trustPolicy } from '../../core/fixture.js';
import { type NotificationsCloud, startNotificationsCloud } from '../../codestar-notifications/harness.js';
import { ACCOUNT, providerContext } from './context.js';

let t: NotificationsCloud;
let root: Credentials;
let pipelineRole: string;
let buildRole: string;

async function serviceRole(name: string, service: string): Promise<string> {
  const out = await t.iam(root).send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: trustPolicy({ Principal: { Service: service } }),
    }),
  );
  return out.Role!.Arn!;
}

beforeAll(async () => {
  t = await startNotificationsCloud();
  root = t.root(ACCOUNT);
  pipelineRole = await serviceRole('pipeline-role', 'codepipeline.amazonaws.com');
  buildRole = await serviceRole('build-role', 'codebuild.amazonaws.com');
});
afterAll(() => t.close());

const builds = (creds: Credentials = root) => new CodeBuildClient(sdkConfig(t.cloud, t.clock, creds));
const pipelines = (creds: Credentials = root) => new CodePipelineClient(sdkConfig(t.cloud, t.clock, creds));
const connections = (creds: Credentials = root) =>
  new CodeStarConnectionsClient(sdkConfig(t.cloud, t.clock, creds));

const ENVIRONMENT = {
  Type: 'LINUX_CONTAINER',
  Image: 'aws/codebuild/standard:7.0',
  ComputeType: 'BUILD_GENERAL1_SMALL',
  PrivilegedMode: 'true',
  EnvironmentVariables: [{ Name: 'STAGE', Value: 'tools', Type: 'PLAINTEXT' }],
};

function projectProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    Source: { Type: 'CODEPIPELINE', BuildSpec: 'version: 0.2' },
    Artifacts: { Type: 'CODEPIPELINE' },
    Environment: ENVIRONMENT,
    ServiceRole: buildRole,
    ...overrides,
  };
}

function pipelineProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    RoleArn: pipelineRole,
    PipelineType: 'V2',
    ExecutionMode: 'QUEUED',
    ArtifactStore: {
      Type: 'S3',
      Location: 'tools-artifacts',
      EncryptionKey: { Id: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/artifacts`, Type: 'KMS' },
    },
    Variables: [{ Name: 'Stage', DefaultValue: 'tools', Description: 'where' }],
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
              ConnectionArn: `arn:aws:codestar-connections:us-east-1:${ACCOUNT}:connection/abc`,
              FullRepositoryId: 'org/fleet',
              BranchName: 'main',
              DetectChanges: false,
            },
            OutputArtifacts: [{ Name: 'src' }],
            Namespace: 'SourceVariables',
          },
        ],
      },
      {
        Name: 'Build',
        Actions: [
          {
            Name: 'Synth',
            ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
            Configuration: { ProjectName: 'synth' },
            InputArtifacts: [{ Name: 'src' }],
            OutputArtifacts: [{ Name: 'cfn' }],
            RunOrder: '2',
          },
        ],
      },
    ],
    ...overrides,
  };
}

describe('replacement', () => {
  it('replaces on the properties AWS documents as requiring replacement', () => {
    expect(codepipelinePipelineProvider.replaceOn).toEqual(['Name']);
    expect(codebuildProjectProvider.replaceOn).toEqual(['Name']);
    expect(codestarConnectionProvider.replaceOn).toEqual(['ConnectionName', 'ProviderType', 'HostArn']);
    expect(codestarNotificationRuleProvider.replaceOn).toEqual(['Resource']);
  });
});

describe('AWS::CodeBuild::Project', () => {
  it('creates with a generated name, converts to camelCase, updates, deletes and deletes again', async () => {
    const ctx = providerContext(t, root, { logicalId: 'Synth' });
    const props = projectProps({
      TimeoutInMinutes: '30',
      Cache: { Type: 'LOCAL', Modes: ['LOCAL_DOCKER_LAYER_CACHE'] },
      LogsConfig: { CloudWatchLogs: { Status: 'ENABLED', GroupName: '/tools/synth' } },
      Tags: [{ Key: 'team', Value: 'platform' }],
      Visibility: 'PRIVATE',
    });
    const created = await codebuildProjectProvider.create(props, ctx);
    expect(created.physicalId).toMatch(/^app-Synth-[A-Z0-9]{12}$/);
    expect(created.attributes).toEqual({
      Arn: `arn:aws:codebuild:us-east-1:${ACCOUNT}:project/${created.physicalId}`,
    });
    const name = created.physicalId;
    const got = (await builds().send(new BatchGetProjectsCommand({ names: [name] }))).projects![0]!;
    expect(got.source).toEqual({ type: 'CODEPIPELINE', buildspec: 'version: 0.2' });
    expect(got.environment).toMatchObject({
      type: 'LINUX_CONTAINER',
      image: 'aws/codebuild/standard:7.0',
      computeType: 'BUILD_GENERAL1_SMALL',
      privilegedMode: true,
      environmentVariables: [{ name: 'STAGE', value: 'tools', type: 'PLAINTEXT' }],
    });
    expect(got.timeoutInMinutes).toBe(30);
    expect(got.cache).toEqual({ type: 'LOCAL', modes: ['LOCAL_DOCKER_LAYER_CACHE'] });
    expect(got.logsConfig).toEqual({ cloudWatchLogs: { status: 'ENABLED', groupName: '/tools/synth' } });
    expect(got.serviceRole).toBe(buildRole);
    expect(got.tags).toEqual([{ key: 'team', value: 'platform' }]);

    const next = projectProps({ TimeoutInMinutes: 45, Tags: [{ Key: 'owner', Value: 'ci' }] });
    await codebuildProjectProvider.update(name, next, props, ctx);
    const updated = (await builds().send(new BatchGetProjectsCommand({ names: [name] }))).projects![0]!;
    expect(updated.timeoutInMinutes).toBe(45);
    expect(updated.cache).toEqual({ type: 'NO_CACHE' });
    expect(updated.logsConfig).toEqual({
      cloudWatchLogs: { status: 'ENABLED' },
      s3Logs: { status: 'DISABLED' },
    });
    expect(updated.tags).toEqual([{ key: 'owner', value: 'ci' }]);

    await codebuildProjectProvider.delete(name, next, ctx);
    const gone = await builds().send(new BatchGetProjectsCommand({ names: [name] }));
    expect(gone.projectsNotFound).toEqual([name]);
    await codebuildProjectProvider.delete(name, next, ctx);
  });

  it('fails on a property the type does not have, naming it', async () => {
    const err = await rejection(
      codebuildProjectProvider.create(
        projectProps({ Name: 'typo', Source: { Type: 'CODEPIPELINE', Buildspec: 'x' } }),
        providerContext(t, root, { logicalId: 'Typo' }),
      ),
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toBe('Encountered unsupported property Source.Buildspec');
  });
});

const arnOf = (name: string) => `arn:aws:codepipeline:us-east-1:${ACCOUNT}:${name}`;

describe('AWS::CodePipeline::Pipeline', () => {
  it('creates, converts the nested structure, updates with a new version, deletes and deletes again', async () => {
    const ctx = providerContext(t, root, { logicalId: 'Pipeline' });
    const props = pipelineProps({
      Name: 'fleet',
      DisableInboundStageTransitions: [{ StageName: 'Build', Reason: 'not yet' }],
      RestartExecutionOnUpdate: true,
      Tags: [
        { Key: 'team', Value: 'platform' },
        { Key: 'cost', Value: 'ci' },
      ],
    });
    const created = await codepipelinePipelineProvider.create(props, ctx);
    expect(created).toEqual({ physicalId: 'fleet', attributes: { Version: '1', Arn: arnOf('fleet') } });
    const got = await pipelines().send(new GetPipelineCommand({ name: 'fleet' }));
    const pipeline = got.pipeline!;
    expect(pipeline.pipelineType).toBe('V2');
    expect(pipeline.executionMode).toBe('QUEUED');
    expect(pipeline.artifactStore).toEqual({
      type: 'S3',
      location: 'tools-artifacts',
      encryptionKey: { id: `arn:aws:kms:us-east-1:${ACCOUNT}:alias/artifacts`, type: 'KMS' },
    });
    expect(pipeline.variables).toEqual([{ name: 'Stage', defaultValue: 'tools', description: 'where' }]);
    expect(pipeline.stages![0]!.actions![0]).toEqual({
      name: 'GitHub',
      actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeStarSourceConnection', version: '1' },
      runOrder: 1,
      configuration: {
        ConnectionArn: `arn:aws:codestar-connections:us-east-1:${ACCOUNT}:connection/abc`,
        FullRepositoryId: 'org/fleet',
        BranchName: 'main',
        DetectChanges: 'false',
      },
      outputArtifacts: [{ name: 'src' }],
      inputArtifacts: [],
      namespace: 'SourceVariables',
    });
    expect(pipeline.stages![1]!.actions![0]).toMatchObject({
      name: 'Synth',
      runOrder: 2,
      inputArtifacts: [{ name: 'src' }],
      outputArtifacts: [{ name: 'cfn' }],
    });
    const arn = arnOf('fleet');
    const tags = await pipelines().send(new ListPipelineTagsCommand({ resourceArn: arn }));
    expect(tags.tags).toEqual([
      { key: 'cost', value: 'ci' },
      { key: 'team', value: 'platform' },
    ]);

    const next = pipelineProps({
      Name: 'fleet',
      ExecutionMode: 'SUPERSEDED',
      Tags: [
        { Key: 'team', Value: 'tools' },
        { Key: 'owner', Value: 'ci' },
      ],
    });
    const updated = await codepipelinePipelineProvider.update('fleet', next, props, ctx);
    expect(updated).toEqual({ physicalId: 'fleet', attributes: { Version: '2', Arn: arnOf('fleet') } });
    const after = await pipelines().send(new GetPipelineCommand({ name: 'fleet' }));
    expect(after.pipeline!.executionMode).toBe('SUPERSEDED');
    const afterTags = await pipelines().send(new ListPipelineTagsCommand({ resourceArn: arn }));
    expect(afterTags.tags).toEqual([
      { key: 'owner', value: 'ci' },
      { key: 'team', value: 'tools' },
    ]);

    await codepipelinePipelineProvider.delete('fleet', next, ctx);
    const gone = await rejection(pipelines().send(new GetPipelineCommand({ name: 'fleet' })));
    expect(gone.name).toBe('PipelineNotFoundException');
    await codepipelinePipelineProvider.delete('fleet', next, ctx);
  });

  it('generates a name and turns ArtifactStores into the per-region map', async () => {
    const ctx = providerContext(t, root, { logicalId: 'Regional' });
    const { ArtifactStore: store, ...rest } = pipelineProps();
    const props = { ...rest, ArtifactStores: [{ Region: 'us-east-1', ArtifactStore: store }] };
    const created = await codepipelinePipelineProvider.create(props, ctx);
    expect(created.physicalId).toMatch(/^app-Regional-[A-Z0-9]{12}$/);
    const got = await pipelines().send(new GetPipelineCommand({ name: created.physicalId }));
    expect(got.pipeline!.artifactStore).toBeUndefined();
    expect(Object.keys(got.pipeline!.artifactStores!)).toEqual(['us-east-1']);
    expect(got.pipeline!.artifactStores!['us-east-1']!.location).toBe('tools-artifacts');
    await codepipelinePipelineProvider.delete(created.physicalId, props, ctx);
  });

  it('refuses DisableInboundStageTransitions naming a stage the pipeline does not have', async () => {
    const err = await rejection(
      codepipelinePipelineProvider.create(
        pipelineProps({
          Name: 'typo',
          DisableInboundStageTransitions: [{ StageName: 'Deploy', Reason: 'x' }],
        }),
        providerContext(t, root, { logicalId: 'Typo' }),
      ),
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.message).toMatch(/names stage Deploy/);
  });
});

describe('AWS::CodeStarConnections::Connection', () => {
  it('creates a PENDING connection, retags it, deletes it and deletes it again', async () => {
    const ctx = providerContext(t, root, { logicalId: 'GitHub' });
    const props = { ConnectionName: 'github', ProviderType: 'GitHub', Tags: [{ Key: 'a', Value: '1' }] };
    const created = await codestarConnectionProvider.create(props, ctx);
    expect(created.physicalId).toMatch(
      new RegExp(`^arn:aws:codestar-connections:us-east-1:${ACCOUNT}:connection/[0-9a-f-]{36}$`),
    );
    expect(created.attributes).toEqual({
      ConnectionArn: created.physicalId,
      ConnectionStatus: 'PENDING',
      OwnerAccountId: ACCOUNT,
    });
    const arn = created.physicalId;
    t.cloud.internal.codestarConnections.setConnectionStatus(arn, 'AVAILABLE');
    const next = { ...props, Tags: [{ Key: 'b', Value: '2' }] };
    const updated = await codestarConnectionProvider.update(arn, next, props, ctx);
    expect(updated.attributes['ConnectionStatus']).toBe('AVAILABLE');
    const tags = await connections().send(new ListConnectionTagsCommand({ ResourceArn: arn }));
    expect(tags.Tags).toEqual([{ Key: 'b', Value: '2' }]);
    await codestarConnectionProvider.delete(arn, next, ctx);
    const gone = await rejection(connections().send(new GetConnectionCommand({ ConnectionArn: arn })));
    expect(gone.name).toBe('ResourceNotFoundException');
    await codestarConnectionProvider.delete(arn, next, ctx);
  });
});

describe('AWS::CodeStarNotifications::NotificationRule', () => {
  it('creates, updates, deletes and deletes again', async () => {
    const ctx = providerContext(t, root, { logicalId: 'Failures' });
    const topic = `arn:aws:sns:us-east-1:${ACCOUNT}:pipeline-events`;
    const props = {
      Name: 'pipeline-failures',
      DetailType: 'FULL',
      Resource: `arn:aws:codepipeline:us-east-1:${ACCOUNT}:fleet`,
      EventTypeIds: ['codepipeline-pipeline-pipeline-execution-failed'],
      Targets: [{ TargetType: 'SNS', TargetAddress: topic }],
      Tags: { team: 'platform', cost: 'ci' },
      CreatedBy: 'someone',
    };
    const created = await codestarNotificationRuleProvider.create(props, ctx);
    expect(created.physicalId).toMatch(
      new RegExp(`^arn:aws:codestar-notifications:us-east-1:${ACCOUNT}:notificationrule/[0-9a-f]{40}$`),
    );
    expect(created.attributes).toEqual({ Arn: created.physicalId });
    const arn = created.physicalId;
    const client = t.notifications(root);
    const got = await client.send(new DescribeNotificationRuleCommand({ Arn: arn }));
    expect(got).toMatchObject({ Name: 'pipeline-failures', Status: 'ENABLED', Tags: props.Tags });

    const next = {
      ...props,
      Name: 'pipeline-events',
      Status: 'DISABLED',
      EventTypeIds: ['codepipeline-pipeline-manual-approval-needed'],
      Tags: { team: 'tools', owner: 'ci' },
    };
    expect(await codestarNotificationRuleProvider.update(arn, next, props, ctx)).toEqual(created);
    const after = await client.send(new DescribeNotificationRuleCommand({ Arn: arn }));
    expect(after).toMatchObject({ Name: 'pipeline-events', Status: 'DISABLED', Tags: next.Tags });
    expect(after.EventTypes!.map((e) => e.EventTypeId)).toEqual([
      'codepipeline-pipeline-manual-approval-needed',
    ]);

    await codestarNotificationRuleProvider.delete(arn, next, ctx);
    const gone = await rejection(client.send(new DescribeNotificationRuleCommand({ Arn: arn })));
    expect(gone.name).toBe('ResourceNotFoundException');
    await codestarNotificationRuleProvider.delete(arn, next, ctx);
  });
});

describe('missing permissions', () => {
  it('fail with the AccessDenied reason CloudFormation shows', async () => {
    const iam = t.iam(root);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'cfn-builds-only',
        AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'cfn-builds-only',
        PolicyName: 'builds',
        PolicyDocument: allowPolicy(['codebuild:*', 'iam:PassRole']),
      }),
    );
    const session = await t.assume(root, {
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/cfn-builds-only`,
      RoleSessionName: 'AWSCloudFormation',
    });
    const principal = `arn:aws:sts::${ACCOUNT}:assumed-role/cfn-builds-only/AWSCloudFormation`;
    const pipelineErr = await rejection(
      codepipelinePipelineProvider.create(
        pipelineProps({ Name: 'denied' }),
        providerContext(t, session, { logicalId: 'Pipeline' }),
      ),
    );
    expect(pipelineErr).toBeInstanceOf(ProviderError);
    expect((pipelineErr as ProviderError).code).toBe('AccessDeniedException');
    expect(pipelineErr.message).toMatch(
      new RegExp(
        `^User: ${principal} is not authorized to perform: codepipeline:CreatePipeline on resource: arn:aws:codepipeline:us-east-1:${ACCOUNT}:denied .*\\(Service: CodePipeline, Status Code: 403, Request ID: [^)]+\\)$`,
      ),
    );
    const ruleErr = await rejection(
      codestarNotificationRuleProvider.create(
        {
          Name: 'denied',
          DetailType: 'BASIC',
          Resource: `arn:aws:codebuild:us-east-1:${ACCOUNT}:project/synth`,
          EventTypeIds: ['codebuild-project-build-state-failed'],
          Targets: [],
        },
        providerContext(t, session, { logicalId: 'Rule' }),
      ),
    );
    expect((ruleErr as ProviderError).code).toBe('AccessDeniedException');
    expect(ruleErr.message).toMatch(
      new RegExp(
        `^User: ${principal} is not authorized to perform: codestar-notifications:CreateNotificationRule on resource: arn:aws:codestar-notifications:.* \\(Service: CodestarNotifications, Status Code: 403, Request ID: [^)]+\\)$`,
      ),
    );
    const allowed = await codebuildProjectProvider.create(
      projectProps({ Name: 'allowed' }),
      providerContext(t, session, { logicalId: 'Project' }),
    );
    expect(allowed.physicalId).toBe('allowed');
  });
});
