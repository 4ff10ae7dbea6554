/**
 * CreateChangeSet (CREATE / UPDATE), DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, ListChangeSets.
 * The changes are computed when the change set is created; an UPDATE change set that changes nothing is
 * FAILED with AWS's reason, as AWS answers it.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, type QueryParams, type RequestContext, type XmlValue } from '../../http/index.js';
import { type ChangeSetsState, changeSetsSlice, type StoredChangeSet } from '../change-sets.js';
import { findStack, type StoredStack } from '../state.js';
import { partitionOf } from '../template/index.js';
import type { ApiEnv } from './handlers.js';
import { acting, authorize, whereOf } from './handlers.js';
import { parameterInputs, required, tagInputs, templateInput, validation } from './input.js';

export const NO_CHANGES =
  "The submitted information didn't contain changes. Submit different information to create a change set.";

type Handler = (env: ApiEnv, params: QueryParams, ctx: RequestContext) => XmlValue;

function changeSets(env: ApiEnv): ChangeSetsState {
  return env.deps.store.get<ChangeSetsState>(changeSetsSlice);
}

function findChangeSet(env: ApiEnv, params: QueryParams, ctx: RequestContext): StoredChangeSet {
  const where = whereOf(env, ctx);
  const name = required(params, 'ChangeSetName');
  const stackName = params.get('StackName');
  const all = Object.values(changeSets(env).changeSets).filter(
    (c) => c.accountId === where.accountId && c.region === where.region,
  );
  const found = name.startsWith('arn:')
    ? all.find((c) => c.changeSetId === name)
    : all.find((c) => c.changeSetName === name && (c.stackName === stackName || c.stackId === stackName));
  if (!found) {
    throw new AwsError('ChangeSetNotFound', `ChangeSet [${name}] does not exist`, { status: 404 });
  }
  return found;
}

const createChangeSet: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const stackName = required(params, 'StackName');
  const changeSetName = required(params, 'ChangeSetName');
  authorize(env, ctx, 'CreateChangeSet', where, stackName);
  const type = params.get('ChangeSetType') ?? 'UPDATE';
  if (type !== 'CREATE' && type !== 'UPDATE') throw validation(`ChangeSetType ${type} is not supported.`);
  let stack = findStack(env.engine.state, where, stackName);
  const template = params.bool('UsePreviousTemplate')
    ? { body: stack?.templateBody ?? '', source: 'body' as const }
    : templateInput(params, ctx, env.s3)!;
  const given = parameterInputs(params);
  const capabilities = params.list('Capabilities');
  const roleArn = params.get('RoleARN') ?? stack?.roleArn;
  if (type === 'CREATE') {
    if (stack && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw new AwsError('AlreadyExistsException', `Stack [${stackName}] already exists`);
    }
    stack ??= env.engine.create({
      ...where,
      stackName,
      templateBody: template.body,
      source: template.source,
      parameters: given,
      capabilities,
      roleArn,
      tags: tagInputs(params),
      credentials: acting(env, ctx, roleArn),
      review: true,
    });
  } else if (!stack || stack.status === 'REVIEW_IN_PROGRESS') {
    throw validation(`Stack [${stackName}] does not exist`);
  }
  const preview = env.engine.preview({
    stack,
    templateBody: template.body,
    source: template.source,
    parameters: given,
    capabilities,
  });
  const changeSetId = `arn:${partitionOf(where.region)}:cloudformation:${where.region}:${where.accountId}:changeSet/${changeSetName}/${randomUUID()}`;
  const record: StoredChangeSet = {
    changeSetId,
    changeSetName,
    stackId: stack.stackId,
    stackName: stack.stackName,
    ...where,
    type,
    status: preview.unchanged ? 'FAILED' : 'CREATE_COMPLETE',
    executionStatus: preview.unchanged ? 'UNAVAILABLE' : 'AVAILABLE',
    createdAt: env.deps.now().toISOString(),
    templateBody: template.body,
    given: given.map((g) => ({ ...g })),
    parameters: preview.parameters,
    capabilities,
    tags: tagInputs(params),
    changes: preview.changes,
  };
  if (preview.unchanged) record.statusReason = NO_CHANGES;
  const description = params.get('Description');
  if (description !== undefined) record.description = description;
  if (roleArn !== undefined) record.roleArn = roleArn;
  env.deps.store.dispatch(changeSetsSlice, 'created', record);
  return { Id: changeSetId, StackId: stack.stackId };
};

function changeSetShape(c: StoredChangeSet): XmlValue {
  return {
    ChangeSetName: c.changeSetName,
    ChangeSetId: c.changeSetId,
    StackId: c.stackId,
    StackName: c.stackName,
    Description: c.description,
    Parameters: c.parameters.map((p) => ({ ...p })),
    CreationTime: new Date(c.createdAt),
    ExecutionStatus: c.executionStatus,
    Status: c.status,
    StatusReason: c.statusReason,
    NotificationARNs: [],
    RollbackConfiguration: {},
    Capabilities: c.capabilities,
    Tags: c.tags.map((t) => ({ ...t })),
    IncludeNestedStacks: false,
    Changes: c.changes.map((change) => ({
      Type: 'Resource',
      ResourceChange: {
        ...change,
        Details: change.Details.map((d) => ({ ...d, Target: { ...d.Target } })),
      },
    })),
  };
}

const describeChangeSet: Handler = (env, params, ctx) => {
  const found = findChangeSet(env, params, ctx);
  authorize(env, ctx, 'DescribeChangeSet', whereOf(env, ctx), found.stackId);
  return changeSetShape(found);
};

const executeChangeSet: Handler = (env, params, ctx) => {
  const found = findChangeSet(env, params, ctx);
  const where = whereOf(env, ctx);
  authorize(env, ctx, 'ExecuteChangeSet', where, found.stackId);
  if (found.executionStatus !== 'AVAILABLE') {
    throw new AwsError(
      'InvalidChangeSetStatus',
      `ChangeSet [${found.changeSetId}] cannot be executed in its current status of [${found.status}]`,
    );
  }
  const stack: StoredStack = env.engine.stack(found.stackId);
  const credentials = acting(env, ctx, found.roleArn);
  if (found.type === 'CREATE') {
    env.engine.create({
      ...where,
      stackName: stack.stackName,
      templateBody: found.templateBody,
      parameters: found.given,
      capabilities: found.capabilities,
      roleArn: found.roleArn,
      disableRollback: params.bool('DisableRollback') ?? false,
      tags: found.tags,
      clientRequestToken: params.get('ClientRequestToken'),
      credentials,
      reviewed: stack,
    });
  } else {
    env.engine.update({
      stack,
      templateBody: found.templateBody,
      parameters: found.given,
      capabilities: found.capabilities,
      roleArn: found.roleArn,
      clientRequestToken: params.get('ClientRequestToken'),
      credentials,
    });
  }
  env.deps.store.dispatch(changeSetsSlice, 'executed', { changeSetId: found.changeSetId });
  return {};
};

const deleteChangeSet: Handler = (env, params, ctx) => {
  const found = findChangeSet(env, params, ctx);
  authorize(env, ctx, 'DeleteChangeSet', whereOf(env, ctx), found.stackId);
  env.deps.store.dispatch(changeSetsSlice, 'deleted', { changeSetId: found.changeSetId });
  return {};
};

const listChangeSets: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const stackName = required(params, 'StackName');
  authorize(env, ctx, 'ListChangeSets', where, stackName);
  const stack = findStack(env.engine.state, where, stackName);
  if (!stack) throw validation(`Stack [${stackName}] does not exist`);
  const summaries = Object.values(changeSets(env).changeSets)
    .filter((c) => c.stackId === stack.stackId)
    .map((c) => ({
      StackId: c.stackId,
      StackName: c.stackName,
      ChangeSetId: c.changeSetId,
      ChangeSetName: c.changeSetName,
      ExecutionStatus: c.executionStatus,
      Status: c.status,
      StatusReason: c.statusReason,
      CreationTime: new Date(c.createdAt),
      Description: c.description,
      IncludeNestedStacks: false,
    }));
  return { Summaries: summaries };
};

export const CHANGE_SET_HANDLERS: Record<string, Handler> = {
  CreateChangeSet: createChangeSet,
  DescribeChangeSet: describeChangeSet,
  ExecuteChangeSet: executeChangeSet,
  DeleteChangeSet: deleteChangeSet,
  ListChangeSets: listChangeSets,
};
