/**
 * The `aws` CLI against the local CodePipeline and CodeBuild, and their state surviving a restart of the
 * cloud. (CLI v1 sends CodeStar Connections targets as `com.amazonaws.codestar.connections.CodeStar_…`,
 * which the wire core's `registry.json` does not accept yet, so that service is covered by the SDK tests.)
 */
import { CreateProjectCommand } from '@aws-sdk/client-codebuild';
import { CreatePipelineCommand, GetPipelineCommand } from '@aws-sdk/client-codepipeline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runAws } from '../core/fixture.js';
import { type CodeCloud, startCodeCloud, TOOLS } from './harness.js';

let t: CodeCloud;
let home: { path: string; remove(): Promise<void> };
let state: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  home = await makeTempDir();
  state = await makeTempDir();
  t = await startCodeCloud({ stateDir: state.path });
  const creds = t.root('tools');
  const pipelineRole = await t.serviceRole(creds, 'pipeline-role', 'codepipeline.amazonaws.com');
  const buildRole = await t.serviceRole(creds, 'build-role', 'codebuild.amazonaws.com');
  await t.builds(creds).send(
    new CreateProjectCommand({
      name: 'synth',
      source: { type: 'CODEPIPELINE' },
      artifacts: { type: 'CODEPIPELINE' },
      environment: {
        type: 'LINUX_CONTAINER',
        image: 'aws/codebuild/standard:7.0',
        computeType: 'BUILD_GENERAL1_SMALL',
      },
      serviceRole: buildRole,
    }),
  );
  await t.pipelines(creds).send(
    new CreatePipelineCommand({
      pipeline: {
        name: 'fleet',
        roleArn: pipelineRole,
        artifactStore: { type: 'S3', location: 'artifacts' },
        stages: [
          {
            name: 'Source',
            actions: [
              {
                name: 'Zip',
                actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' },
                configuration: { S3Bucket: 'src', S3ObjectKey: 'src.zip' },
                outputArtifacts: [{ name: 'src' }],
              },
            ],
          },
          {
            name: 'Build',
            actions: [
              {
                name: 'Synth',
                actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
                configuration: { ProjectName: 'synth' },
                inputArtifacts: [{ name: 'src' }],
              },
            ],
          },
        ],
      },
    }),
  );
});
afterAll(async () => {
  await t.close();
  await home.remove();
  await state.remove();
});

async function aws(...args: string[]): Promise<unknown> {
  const out = await runAws(['--endpoint-url', t.cloud.endpoint, '--output', 'json', ...args], {
    creds: t.root('tools'),
    home: home.path,
  });
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return out.stdout.trim() === '' ? undefined : JSON.parse(out.stdout);
}

describe('aws CLI', () => {
  it('codepipeline list-pipelines and get-pipeline', async () => {
    const list = (await aws('codepipeline', 'list-pipelines')) as {
      pipelines: { name: string; version: number }[];
    };
    expect(list.pipelines.map((p) => [p.name, p.version])).toEqual([['fleet', 1]]);
    const got = (await aws('codepipeline', 'get-pipeline', '--name', 'fleet')) as {
      metadata: { pipelineArn: string };
    };
    expect(got.metadata.pipelineArn).toBe(`arn:aws:codepipeline:us-east-1:${TOOLS}:fleet`);
  });

  it('codebuild batch-get-projects', async () => {
    const got = (await aws('codebuild', 'batch-get-projects', '--names', 'synth', 'other')) as {
      projects: { name: string; serviceRole: string }[];
      projectsNotFound: string[];
    };
    expect(got.projects.map((p) => p.name)).toEqual(['synth']);
    expect(got.projectsNotFound).toEqual(['other']);
  });
});

describe('restart', () => {
  it('keeps pipelines across a restart of the cloud', async () => {
    await t.close();
    t = await startCodeCloud({ stateDir: state.path });
    const got = await t.pipelines(t.root('tools')).send(new GetPipelineCommand({ name: 'fleet' }));
    expect(got.pipeline?.stages?.map((s) => s.name)).toEqual(['Source', 'Build']);
  });
});
