/**
 * CodePipeline through the SDK: creating (with AWS's structure checks), reading, versioned updates,
 * listing with pagination, state, tags, deletion, and the role checks (PassRole, trust).
 */
import {
  type CreatePipelineCommandInput,
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineCommand,
  GetPipelineStateCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  type PipelineDeclaration,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePipelineCommand,
} from '@aws-sdk/client-codepipeline';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowPolicy, rejection, trustPolicy } from '../core/fixture.js';
import { type CodeCloud, startCodeCloud, TOOLS } from './harness.js';

/** An account of its own, so the listing sees only this test's pipelines. */
const DEV = '300000000001';
let t: CodeCloud;
let roleArn: string;

beforeAll(async () => {
  t = await startCodeCloud();
  roleArn = await t.serviceRole(t.root('tools'), 'pipeline-role', 'codepipeline.amazonaws.com');
});
afterAll(async () => {
  await t.close();
});

const client = () => t.pipelines(t.root('tools'));

function pipeline(name: string, overrides: Partial<PipelineDeclaration> = {}): PipelineDeclaration {
  return {
    name,
    roleArn,
    artifactStore: { type: 'S3', location: 'artifacts-bucket' },
    stages: [
      {
        name: 'Source',
        actions: [
          {
            name: 'Checkout',
            actionTypeId: {
              category: 'Source',
              owner: 'AWS',
              provider: 'CodeStarSourceConnection',
              version: '1',
            },
            configuration: {
              ConnectionArn: `arn:aws:codestar-connections:us-east-1:${TOOLS}:connection/abc`,
              FullRepositoryId: 'org/repo',
              BranchName: 'main',
            },
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
            outputArtifacts: [{ name: 'cfn' }],
          },
        ],
      },
    ],
    ...overrides,
  };
}

async function createFails(input: CreatePipelineCommandInput) {
  return rejection(client().send(new CreatePipelineCommand(input)));
}

describe('CreatePipeline / GetPipeline', () => {
  it('stores a pipeline with defaults filled in and describes it with metadata', async () => {
    const created = await client().send(
      new CreatePipelineCommand({ pipeline: pipeline('app'), tags: [{ key: 'team', value: 'platform' }] }),
    );
    expect(created.pipeline?.version).toBe(1);
    expect(created.pipeline?.pipelineType).toBe('V1');
    expect(created.pipeline?.executionMode).toBe('SUPERSEDED');
    expect(created.pipeline?.stages?.[0]?.actions?.[0]?.runOrder).toBe(1);
    expect(created.pipeline?.stages?.[0]?.actions?.[0]?.inputArtifacts).toEqual([]);
    expect(created.tags).toEqual([{ key: 'team', value: 'platform' }]);

    const got = await client().send(new GetPipelineCommand({ name: 'app' }));
    expect(got.metadata?.pipelineArn).toBe(`arn:aws:codepipeline:us-east-1:${TOOLS}:app`);
    expect(got.metadata?.created).toBeInstanceOf(Date);
    expect(got.pipeline?.stages?.map((s) => s.name)).toEqual(['Source', 'Build']);
    expect(got.pipeline?.artifactStore).toEqual({ type: 'S3', location: 'artifacts-bucket' });
  });

  it('refuses a second pipeline of the same name', async () => {
    await client().send(new CreatePipelineCommand({ pipeline: pipeline('dup') }));
    const err = await createFails({ pipeline: pipeline('dup') });
    expect(err.name).toBe('PipelineNameInUseException');
  });

  it('answers PipelineNotFoundException for an unknown pipeline', async () => {
    const err = await rejection(client().send(new GetPipelineCommand({ name: 'nope' })));
    expect(err.name).toBe('PipelineNotFoundException');
    expect(err.message).toContain(TOOLS);
  });
});

describe('structure checks', () => {
  it('needs at least two stages', async () => {
    const one = pipeline('one');
    const err = await createFails({ pipeline: { ...one, stages: one.stages!.slice(0, 1) } });
    expect(err.name).toBe('InvalidStructureException');
    expect(err.message).toBe(
      'Pipeline has only 1 stage(s). There should be a minimum of 2 stages in a pipeline',
    );
  });

  it('allows only source actions in the first stage, and none elsewhere', async () => {
    const base = pipeline('order');
    const [source, build] = base.stages!;
    const err = await createFails({ pipeline: { ...base, stages: [build!, source!] } });
    expect(err.name).toBe('InvalidStructureException');
    expect(err.message).toContain("Stage 'Build' is the first stage");
    const twoSources = { ...source!, name: 'More' };
    const err2 = await createFails({ pipeline: { ...base, stages: [source!, twoSources] } });
    expect(err2.message).toContain('source actions may only be in the first stage');
  });

  it('needs unique action names within a stage', async () => {
    const base = pipeline('names');
    const build = base.stages![1]!;
    const second = { ...build.actions![0]!, inputArtifacts: [{ name: 'src' }], outputArtifacts: [] };
    const err = await createFails({
      pipeline: { ...base, stages: [base.stages![0]!, { ...build, actions: [build.actions![0]!, second] }] },
    });
    expect(err.name).toBe('InvalidStructureException');
    expect(err.message).toBe("Action name 'Synth' is used more than once in stage 'Build'");
  });

  it('needs an artifact store, not both kinds', async () => {
    const err = await createFails({ pipeline: pipeline('nostore', { artifactStore: undefined }) });
    expect(err.name).toBe('InvalidStructureException');
    const both = await createFails({
      pipeline: pipeline('both', { artifactStores: { 'us-east-1': { type: 'S3', location: 'b-1' } } }),
    });
    expect(both.message).toBe('Pipeline cannot contain both artifactStore and artifactStores');
  });

  it('accepts per-region artifact stores covering every action region', async () => {
    const base = pipeline('regions', {
      artifactStore: undefined,
      artifactStores: { 'us-east-1': { type: 'S3', location: 'b-east' } },
    });
    const build = base.stages![1]!;
    const west = { ...build, actions: [{ ...build.actions![0]!, region: 'eu-west-1' }] };
    const missing = await createFails({ pipeline: { ...base, stages: [base.stages![0]!, west] } });
    expect(missing.message).toBe('artifactStores must contain an artifact store for region eu-west-1');
    const out = await client().send(
      new CreatePipelineCommand({
        pipeline: {
          ...base,
          artifactStores: { ...base.artifactStores, 'eu-west-1': { type: 'S3', location: 'b-west' } },
          stages: [base.stages![0]!, west],
        },
      }),
    );
    expect(Object.keys(out.pipeline?.artifactStores ?? {}).sort()).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('checks action types, their configuration and artifacts', async () => {
    const base = pipeline('types');
    const build = base.stages![1]!;
    const withAction = (action: object) => ({
      pipeline: {
        ...base,
        stages: [base.stages![0]!, { ...build, actions: [{ ...build.actions![0]!, ...action }] }],
      },
    });
    const unknown = await createFails(
      withAction({ actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuld', version: '1' } }),
    );
    expect(unknown.name).toBe('InvalidActionDeclarationException');
    expect(unknown.message).toContain("is not available in region 'US_EAST_1'");
    const noProject = await createFails(withAction({ configuration: {} }));
    expect(noProject.message).toBe(
      "Action configuration for action 'Synth' is missing required configuration 'ProjectName'",
    );
    const badInput = await createFails(withAction({ inputArtifacts: [{ name: 'nothing' }] }));
    expect(badInput.message).toContain("Input Artifact 'nothing' of action 'Synth'");
    const badOrder = await createFails(withAction({ runOrder: 1000 }));
    expect(badOrder.name).toBe('ValidationException');
  });

  it('checks pipelineType and what only V2 allows', async () => {
    const err = await createFails({ pipeline: pipeline('queued', { executionMode: 'QUEUED' }) });
    expect(err.name).toBe('ValidationException');
    const v2 = await client().send(
      new CreatePipelineCommand({
        pipeline: pipeline('v2', { pipelineType: 'V2', executionMode: 'QUEUED' }),
      }),
    );
    expect(v2.pipeline?.pipelineType).toBe('V2');
    const bad = await rejection(
      client().send(
        new CreatePipelineCommand({ pipeline: pipeline('v3', { pipelineType: 'V3' as unknown as 'V2' }) }),
      ),
    );
    expect(bad.name).toBe('ValidationException');
  });
});

describe('the pipeline role', () => {
  it('must exist and trust CodePipeline', async () => {
    const missing = `arn:aws:iam::${TOOLS}:role/missing`;
    const err = await createFails({ pipeline: pipeline('norole', { roleArn: missing }) });
    expect(err.name).toBe('InvalidStructureException');
    expect(err.message).toBe(`CodePipeline is not authorized to perform AssumeRole on role ${missing}`);
    const other = await t.serviceRole(t.root('tools'), 'build-only', 'codebuild.amazonaws.com');
    const untrusted = await createFails({ pipeline: pipeline('untrusted', { roleArn: other }) });
    expect(untrusted.name).toBe('InvalidStructureException');
  });

  it('must be passable by the caller (iam:PassRole)', async () => {
    const iam = t.iam(t.root('tools'));
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${TOOLS}:root` } }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'deployer',
        PolicyName: 'pipelines',
        PolicyDocument: allowPolicy('codepipeline:*'),
      }),
    );
    const creds = await t.assume(t.root('tools'), {
      RoleArn: `arn:aws:iam::${TOOLS}:role/deployer`,
      RoleSessionName: 'deploy',
    });
    const err = await rejection(
      t.pipelines(creds).send(new CreatePipelineCommand({ pipeline: pipeline('pass') })),
    );
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toContain('iam:PassRole');
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'deployer',
        PolicyName: 'pass',
        PolicyDocument: allowPolicy('iam:PassRole', roleArn),
      }),
    );
    const ok = await t.pipelines(creds).send(new CreatePipelineCommand({ pipeline: pipeline('pass') }));
    expect(ok.pipeline?.name).toBe('pass');
  });
});

describe('UpdatePipeline / GetPipelineState / DeletePipeline', () => {
  it('increments the version and keeps earlier versions readable', async () => {
    await client().send(new CreatePipelineCommand({ pipeline: pipeline('upd') }));
    t.clock.advance(60_000);
    const updated = await client().send(
      new UpdatePipelineCommand({
        pipeline: pipeline('upd', { artifactStore: { type: 'S3', location: 'other' } }),
      }),
    );
    expect(updated.pipeline?.version).toBe(2);
    const current = await client().send(new GetPipelineCommand({ name: 'upd' }));
    expect(current.pipeline?.artifactStore?.location).toBe('other');
    expect(current.metadata!.updated!.getTime()).toBeGreaterThan(current.metadata!.created!.getTime());
    const first = await client().send(new GetPipelineCommand({ name: 'upd', version: 1 }));
    expect(first.pipeline?.artifactStore?.location).toBe('artifacts-bucket');
    const err = await rejection(client().send(new GetPipelineCommand({ name: 'upd', version: 7 })));
    expect(err.name).toBe('PipelineVersionNotFoundException');
    const missing = await rejection(
      client().send(new UpdatePipelineCommand({ pipeline: pipeline('ghost') })),
    );
    expect(missing.name).toBe('PipelineNotFoundException');
  });

  it('describes the state of a pipeline that never ran', async () => {
    const state = await client().send(new GetPipelineStateCommand({ name: 'app' }));
    expect(state.pipelineVersion).toBe(1);
    expect(
      state.stageStates?.map((s) => [s.stageName, s.inboundTransitionState?.enabled, s.latestExecution]),
    ).toEqual([
      ['Source', undefined, undefined],
      ['Build', true, undefined],
    ]);
    expect(state.stageStates?.[1]?.actionStates).toEqual([{ actionName: 'Synth' }]);
  });

  it('deletes, idempotently', async () => {
    await client().send(new CreatePipelineCommand({ pipeline: pipeline('gone') }));
    await client().send(new DeletePipelineCommand({ name: 'gone' }));
    await client().send(new DeletePipelineCommand({ name: 'gone' }));
    const err = await rejection(client().send(new GetPipelineCommand({ name: 'gone' })));
    expect(err.name).toBe('PipelineNotFoundException');
  });
});

describe('ListPipelines and tags', () => {
  it('pages through pipelines in name order and refuses a forged token', async () => {
    const other = t.pipelines(t.root(DEV));
    const role = await t.serviceRole(t.root(DEV), 'pipeline-role', 'codepipeline.amazonaws.com');
    for (const name of ['c', 'a', 'b']) {
      await other.send(new CreatePipelineCommand({ pipeline: pipeline(name, { roleArn: role }) }));
    }
    const first = await other.send(new ListPipelinesCommand({ maxResults: 2 }));
    expect(first.pipelines?.map((p) => p.name)).toEqual(['a', 'b']);
    expect(first.pipelines?.[0]?.version).toBe(1);
    const second = await other.send(new ListPipelinesCommand({ maxResults: 2, nextToken: first.nextToken }));
    expect(second.pipelines?.map((p) => p.name)).toEqual(['c']);
    expect(second.nextToken).toBeUndefined();
    const err = await rejection(other.send(new ListPipelinesCommand({ nextToken: 'forged' })));
    expect(err.name).toBe('InvalidNextTokenException');
  });

  it('tags and untags by ARN', async () => {
    const arn = `arn:aws:codepipeline:us-east-1:${TOOLS}:app`;
    await client().send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'env', value: 'tools' }] }));
    await client().send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['team'] }));
    const tags = await client().send(new ListTagsForResourceCommand({ resourceArn: arn }));
    expect(tags.tags).toEqual([{ key: 'env', value: 'tools' }]);
    const missing = await rejection(
      client().send(
        new ListTagsForResourceCommand({ resourceArn: `arn:aws:codepipeline:us-east-1:${TOOLS}:none` }),
      ),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
    const reserved = await rejection(
      client().send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'aws:x', value: 'y' }] })),
    );
    expect(reserved.name).toBe('InvalidTagsException');
  });
});
