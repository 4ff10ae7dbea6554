/**
 * CodeBuild projects through the SDK: create (with input checks and the service-role check), batch get
 * with projectsNotFound, update, list in the orders asked, delete.
 */
import {
  BatchGetProjectsCommand,
  type CreateProjectCommandInput,
  CreateProjectCommand,
  DeleteProjectCommand,
  ListProjectsCommand,
  UpdateProjectCommand,
} from '@aws-sdk/client-codebuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../core/fixture.js';
import { type CodeCloud, startCodeCloud, TOOLS } from '../codepipeline/harness.js';

let t: CodeCloud;
let roleArn: string;

beforeAll(async () => {
  t = await startCodeCloud();
  roleArn = await t.serviceRole(t.root('tools'), 'build-role', 'codebuild.amazonaws.com');
});
afterAll(async () => {
  await t.close();
});

const client = () => t.builds(t.root('tools'));

function project(
  name: string,
  overrides: Partial<CreateProjectCommandInput> = {},
): CreateProjectCommandInput {
  return {
    name,
    source: { type: 'CODEPIPELINE', buildspec: 'buildspec.yml' },
    artifacts: { type: 'CODEPIPELINE' },
    environment: {
      type: 'LINUX_CONTAINER',
      image: 'aws/codebuild/standard:7.0',
      computeType: 'BUILD_GENERAL1_SMALL',
    },
    serviceRole: roleArn,
    ...overrides,
  };
}

describe('CreateProject / BatchGetProjects', () => {
  it('creates a project with AWS defaults and reads it back, reporting unknown names', async () => {
    const out = await client().send(
      new CreateProjectCommand(project('synth', { tags: [{ key: 'team', value: 'platform' }] })),
    );
    expect(out.project?.arn).toBe(`arn:aws:codebuild:us-east-1:${TOOLS}:project/synth`);
    expect(out.project?.timeoutInMinutes).toBe(60);
    expect(out.project?.queuedTimeoutInMinutes).toBe(480);
    expect(out.project?.encryptionKey).toBe(`arn:aws:kms:us-east-1:${TOOLS}:alias/aws/s3`);
    expect(out.project?.environment?.privilegedMode).toBe(false);
    const got = await client().send(new BatchGetProjectsCommand({ names: ['synth', 'missing'] }));
    expect(got.projects?.map((p) => p.name)).toEqual(['synth']);
    expect(got.projects?.[0]?.tags).toEqual([{ key: 'team', value: 'platform' }]);
    expect(got.projects?.[0]?.created).toBeInstanceOf(Date);
    expect(got.projectsNotFound).toEqual(['missing']);
  });

  it('refuses a duplicate name', async () => {
    await client().send(new CreateProjectCommand(project('twice')));
    const err = await rejection(client().send(new CreateProjectCommand(project('twice'))));
    expect(err.name).toBe('ResourceAlreadyExistsException');
    expect(err.message).toBe(`Project already exists: arn:aws:codebuild:us-east-1:${TOOLS}:project/twice`);
  });

  it('checks source, artifacts and environment', async () => {
    const noLocation = await rejection(
      client().send(
        new CreateProjectCommand(
          project('s3src', { source: { type: 'S3' }, artifacts: { type: 'NO_ARTIFACTS' } }),
        ),
      ),
    );
    expect(noLocation.name).toBe('InvalidInputException');
    const mismatch = await rejection(
      client().send(new CreateProjectCommand(project('mix', { artifacts: { type: 'NO_ARTIFACTS' } }))),
    );
    expect(mismatch.name).toBe('InvalidInputException');
    const badCompute = await rejection(
      client().send(
        new CreateProjectCommand(
          project('env', {
            environment: {
              type: 'LINUX_CONTAINER',
              image: 'x',
              computeType: 'HUGE' as 'BUILD_GENERAL1_SMALL',
            },
          }),
        ),
      ),
    );
    expect(badCompute.name).toBe('InvalidInputException');
    expect(badCompute.message).toContain("at 'environment.computeType'");
    const badName = await rejection(client().send(new CreateProjectCommand(project('-bad'))));
    expect(badName.name).toBe('InvalidInputException');
  });

  it('needs a service role that exists and trusts CodeBuild', async () => {
    const missing = `arn:aws:iam::${TOOLS}:role/none`;
    const err = await rejection(
      client().send(new CreateProjectCommand(project('norole', { serviceRole: missing }))),
    );
    expect(err.name).toBe('InvalidInputException');
    expect(err.message).toBe(`CodeBuild is not authorized to perform: sts:AssumeRole on ${missing}`);
  });
});

describe('UpdateProject / ListProjects / DeleteProject', () => {
  it('updates given members only', async () => {
    await client().send(new CreateProjectCommand(project('upd', { description: 'first' })));
    t.clock.advance(1000);
    const out = await client().send(new UpdateProjectCommand({ name: 'upd', timeoutInMinutes: 30 }));
    expect(out.project?.timeoutInMinutes).toBe(30);
    expect(out.project?.description).toBe('first');
    expect(out.project!.lastModified!.getTime()).toBeGreaterThan(out.project!.created!.getTime());
    const missing = await rejection(
      client().send(new UpdateProjectCommand({ name: 'ghost', timeoutInMinutes: 30 })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('lists names in the order asked', async () => {
    const dev = t.builds(t.root('300000000001'));
    const role = await t.serviceRole(t.root('300000000001'), 'build-role', 'codebuild.amazonaws.com');
    for (const name of ['bb', 'aa', 'cc']) {
      await dev.send(new CreateProjectCommand(project(name, { serviceRole: role })));
      t.clock.advance(1000);
    }
    expect((await dev.send(new ListProjectsCommand({}))).projects).toEqual(['aa', 'bb', 'cc']);
    const newest = await dev.send(
      new ListProjectsCommand({ sortBy: 'CREATED_TIME', sortOrder: 'DESCENDING' }),
    );
    expect(newest.projects).toEqual(['cc', 'aa', 'bb']);
  });

  it('deletes, idempotently', async () => {
    await client().send(new CreateProjectCommand(project('del')));
    await client().send(new DeleteProjectCommand({ name: 'del' }));
    await client().send(new DeleteProjectCommand({ name: 'del' }));
    const got = await client().send(new BatchGetProjectsCommand({ names: ['del'] }));
    expect(got.projectsNotFound).toEqual(['del']);
  });
});
