/**
 * Projects: CreateProject, UpdateProject, BatchGetProjects, DeleteProject, ListProjects. Authorized as
 * `codebuild:<Action>` on `arn:aws:codebuild:<region>:<account>:project/<name>`; the service role must be
 * passable (`iam:PassRole`) and trust `codebuild.amazonaws.com`.
 */
import type { StateStore } from '../../../state/store.js';
import type { ServiceDeps } from '../../deps.js';
import {
  type CodeCall,
  checkServiceRole,
  requestTagKeys,
  tagList,
  type Where,
} from '../../codepipeline/call.js';
import type { Fields } from '../../shared/fields.js';
import { paginate } from '../../shared/paging.js';
import { readTags } from '../../codepipeline/tags.js';
import { BuildErrors } from '../errors.js';
import {
  checkPipelinePairing,
  PROJECT_NAME,
  readArtifacts,
  readEnvironment,
  readSource,
} from '../project.js';
import {
  type CodeBuildState,
  codeBuildSlice,
  type ProjectBody,
  scopeKey,
  type StoredProject,
} from '../state.js';

export const SERVICE_PRINCIPAL = 'codebuild.amazonaws.com';
const TAG_NAMES = { key: 'key', value: 'value' };
const ROLE: { min: number; max: number } = { min: 1, max: 2048 };

export type BuildOperation = (deps: ServiceDeps, f: Fields, call: CodeCall) => unknown;

export function projectArn(where: Where, name: string): string {
  return `arn:aws:codebuild:${where.region}:${where.accountId}:project/${name}`;
}

/** A project name, or a project ARN of the caller's account and region. */
function nameOf(ref: string, where: Where): string {
  const prefix = projectArn(where, '');
  return ref.startsWith(prefix) ? ref.slice(prefix.length) : ref;
}

function projectsIn(store: StateStore, where: Where): Record<string, StoredProject> {
  return store.get<CodeBuildState>(codeBuildSlice).scopes[scopeKey(where)] ?? {};
}

/** A role name is taken as a role of the caller's account, as CodeBuild does. */
function roleArnOf(role: string, where: Where): string {
  return role.startsWith('arn:') ? role : `arn:aws:iam::${where.accountId}:role/${role}`;
}

function describe(stored: StoredProject) {
  return {
    ...stored.project,
    tags: tagList(stored.tags, TAG_NAMES),
    created: new Date(stored.created),
    lastModified: new Date(stored.lastModified),
  };
}

/** The members of a project request over `base` (UpdateProject) or the defaults (CreateProject). */
function projectFrom(f: Fields, call: CodeCall, name: string, base: ProjectBody | undefined): ProjectBody {
  const source = f.object('source');
  const artifacts = f.object('artifacts');
  const environment = f.object('environment');
  const role = f.string('serviceRole', ROLE);
  const project: Record<string, unknown> = base
    ? { ...base }
    : {
        name,
        arn: projectArn(call.where, name),
        timeoutInMinutes: 60,
        queuedTimeoutInMinutes: 480,
        encryptionKey: `arn:aws:kms:${call.where.region}:${call.where.accountId}:alias/aws/s3`,
        badge: { badgeEnabled: false },
        projectVisibility: 'PRIVATE',
      };
  if (!base) {
    if (!source) throw f.constraint('source', undefined, 'Member must not be null');
    if (!artifacts) throw f.constraint('artifacts', undefined, 'Member must not be null');
    if (!environment) throw f.constraint('environment', undefined, 'Member must not be null');
    if (role === undefined) throw f.constraint('serviceRole', undefined, 'Member must not be null');
  }
  if (source) project['source'] = readSource(source);
  if (artifacts) project['artifacts'] = readArtifacts(artifacts);
  if (environment) project['environment'] = readEnvironment(environment);
  if (role !== undefined) project['serviceRole'] = roleArnOf(role, call.where);
  const description = f.string('description', { min: 0, max: 255 });
  if (description !== undefined) project['description'] = description;
  const timeout = f.integer('timeoutInMinutes', { min: 5, max: 2160 });
  if (timeout !== undefined) project['timeoutInMinutes'] = timeout;
  const queued = f.integer('queuedTimeoutInMinutes', { min: 5, max: 480 });
  if (queued !== undefined) project['queuedTimeoutInMinutes'] = queued;
  const key = f.string('encryptionKey', { min: 1 });
  if (key !== undefined) project['encryptionKey'] = key;
  const badge = f.boolean('badgeEnabled');
  if (badge !== undefined) project['badge'] = { badgeEnabled: badge };
  for (const member of ['secondarySources', 'secondaryArtifacts', 'logsConfig', 'cache', 'vpcConfig']) {
    if (f.has(member)) project[member] = f.body[member];
  }
  checkPipelinePairing(
    project['source'] as Record<string, unknown>,
    project['artifacts'] as Record<string, unknown>,
  );
  return project as ProjectBody;
}

function authorizeOn(
  call: CodeCall,
  name: string,
  action: string,
  contextKeys?: Record<string, string | string[]>,
) {
  call.authorize({
    action,
    resource: projectArn(call.where, name),
    resourceAccount: call.where.accountId,
    contextKeys,
  });
}

function checkRole(deps: ServiceDeps, call: CodeCall, roleArn: string): void {
  checkServiceRole({
    store: deps.store,
    call,
    roleArn,
    servicePrincipal: SERVICE_PRINCIPAL,
    notAssumable: () => BuildErrors.roleNotAssumable(roleArn),
  });
}

export const projectOperations: Readonly<Record<string, BuildOperation>> = {
  CreateProject(deps, f, call) {
    const name = f.requiredString('name', PROJECT_NAME);
    const tags = readTags(f, 'tags', TAG_NAMES, BuildErrors.invalidInput) ?? {};
    const project = projectFrom(f, call, name, undefined);
    authorizeOn(call, name, 'codebuild:CreateProject', requestTagKeys(tags));
    if (projectsIn(deps.store, call.where)[name]) throw BuildErrors.alreadyExists(project.arn);
    checkRole(deps, call, project.serviceRole);
    const at = call.now.getTime();
    const stored: StoredProject = { project, tags, created: at, lastModified: at };
    deps.store.dispatch(codeBuildSlice, 'put', { scope: scopeKey(call.where), project: stored });
    return { project: describe(stored) };
  },

  UpdateProject(deps, f, call) {
    const name = nameOf(f.requiredString('name', { min: 1, max: 2048 }), call.where);
    const tags = readTags(f, 'tags', TAG_NAMES, BuildErrors.invalidInput);
    authorizeOn(call, name, 'codebuild:UpdateProject', tags ? requestTagKeys(tags) : undefined);
    const current = projectsIn(deps.store, call.where)[name];
    if (!current) throw BuildErrors.notFound(projectArn(call.where, name));
    const project = projectFrom(f, call, name, current.project);
    if (project.serviceRole !== current.project.serviceRole) checkRole(deps, call, project.serviceRole);
    const stored: StoredProject = {
      ...current,
      project,
      tags: tags ?? current.tags,
      lastModified: call.now.getTime(),
    };
    deps.store.dispatch(codeBuildSlice, 'put', { scope: scopeKey(call.where), project: stored });
    return { project: describe(stored) };
  },

  BatchGetProjects(deps, f, call) {
    const refs = f.stringList('names', { min: 1, max: 100 });
    if (refs === undefined) throw f.constraint('names', undefined, 'Member must not be null');
    const projects = projectsIn(deps.store, call.where);
    const found: ReturnType<typeof describe>[] = [];
    const notFound: string[] = [];
    for (const ref of refs) {
      const name = nameOf(ref, call.where);
      authorizeOn(call, name, 'codebuild:BatchGetProjects');
      const stored = projects[name];
      if (stored) found.push(describe(stored));
      else notFound.push(ref);
    }
    return { projects: found, projectsNotFound: notFound };
  },

  /** Deleting a project that does not exist succeeds, as on AWS. */
  DeleteProject(deps, f, call) {
    const name = nameOf(f.requiredString('name', { min: 1, max: 2048 }), call.where);
    authorizeOn(call, name, 'codebuild:DeleteProject');
    deps.store.dispatch(codeBuildSlice, 'delete', { scope: scopeKey(call.where), name });
    return undefined;
  },

  ListProjects(deps, f, call) {
    const sortBy = f.enumOf('sortBy', ['NAME', 'CREATED_TIME', 'LAST_MODIFIED_TIME']) ?? 'NAME';
    const sortOrder = f.enumOf('sortOrder', ['ASCENDING', 'DESCENDING']) ?? 'ASCENDING';
    const token = f.string('nextToken', { min: 1 });
    call.authorize({ action: 'codebuild:ListProjects', resource: '*' });
    const time = (ms: number) => String(ms).padStart(16, '0');
    const sortKey = (p: StoredProject) =>
      sortBy === 'NAME'
        ? p.project.name
        : `${time(sortBy === 'CREATED_TIME' ? p.created : p.lastModified)}/${p.project.name}`;
    const page = paginate({
      items: Object.values(projectsIn(deps.store, call.where)),
      sortKey,
      limit: 100,
      token,
      descending: sortOrder === 'DESCENDING',
      invalidToken: () => BuildErrors.invalidInput('Invalid pagination token'),
    });
    return { projects: page.items.map((p) => p.project.name), nextToken: page.nextToken };
  },
};
