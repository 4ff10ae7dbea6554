/**
 * CreateChangeSet (CREATE / UPDATE), DescribeChangeSet, ExecuteChangeSet, DeleteChangeSet, ListChangeSets.
 * The changes are computed when the change set is created; an UPDATE change set that changes nothing is
 * FAILED with AWS's reason, as AWS answers it.
 */
import { randomUUID } from 'node:crypto';
import { AwsError, type QueryParams, type RequestContext, type XmlValue } from '../../http/index.js';
import { type ChangeSetsState, changeSetsSlice, type StoredChangeSet, withNested } from '../change-sets.js';
import { nestedSuffix, parametersOf, templateUrlOf } from '../engine/nested.js';
import { STACK_TYPE } from '../engine/recorder.js';
import { templateLocation } from '../engine/template-url.js';
import type { SsmAccess } from '../engine/engine.js';
import { findStack, type StoredStack } from '../state.js';
import { partitionOf, type TemplateSource } from '../template/index.js';
import type { ApiEnv } from './handlers.js';
import { acting, authorize, givenRole, ssmAccess, whereOf } from './handlers.js';
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
  const roleArn = givenRole(env, ctx, params) ?? stack?.roleArn;
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
      ssmAccess: ssmAccess(env, ctx, where),
      review: true,
    });
  } else if (!stack || stack.status === 'REVIEW_IN_PROGRESS') {
    throw validation(`Stack [${stackName}] does not exist`);
  }
  const made: string[] = [];
  let record: ReturnType<typeof recordChangeSet>;
  try {
    record = recordChangeSet(env, ctx, {
      made,
      stack,
      changeSetName,
      type,
      template,
      given,
      capabilities,
      tags: tagInputs(params),
      description: params.get('Description'),
      roleArn,
      nested: params.bool('IncludeNestedStacks') === true,
      ssmAccess: ssmAccess(env, ctx, where),
    });
  } catch (err) {
    for (const stackId of made) env.engine.discardReview(stackId);
    throw err;
  }
  // Stored once all of them were computed: a failure leaves no partial tree behind.
  storePending(env, record.tree);
  return { Id: record.root.changeSetId, StackId: stack.stackId };
};

interface ChangeSetInput {
  stack: StoredStack;
  changeSetName: string;
  type: 'CREATE' | 'UPDATE';
  template: { body: string; source: TemplateSource };
  given: StoredChangeSet['given'];
  capabilities: string[];
  tags: StoredChangeSet['tags'];
  description: string | undefined;
  roleArn: string | undefined;
  /** IncludeNestedStacks: modified nested stacks get change sets of their own, recursively. */
  nested: boolean;
  parentChangeSetId?: string;
  rootChangeSetId?: string;
  /** Stacks made in review for added nested stacks (dropped again if the change set cannot be made). */
  made: string[];
  /** The caller's access to SSM parameters (the root's parameters; nested ones are CloudFormation's). */
  ssmAccess?: SsmAccess;
}

/** Computes a change set and, with IncludeNestedStacks, its nested stacks' change sets (`tree`, root last). */
function recordChangeSet(
  env: ApiEnv,
  ctx: RequestContext,
  input: ChangeSetInput,
): { root: StoredChangeSet; tree: StoredChangeSet[] } {
  const tree: StoredChangeSet[] = [];
  const { stack } = input;
  const preview = env.engine.preview({
    stack,
    templateBody: input.template.body,
    source: input.template.source,
    parameters: input.given,
    capabilities: input.capabilities,
    ...(input.ssmAccess ? { ssmAccess: input.ssmAccess } : {}),
  });
  const changeSetId = `arn:${partitionOf(stack.region)}:cloudformation:${stack.region}:${stack.accountId}:changeSet/${input.changeSetName}/${randomUUID()}`;
  const record: StoredChangeSet = {
    changeSetId,
    changeSetName: input.changeSetName,
    stackId: stack.stackId,
    stackName: stack.stackName,
    accountId: stack.accountId,
    region: stack.region,
    type: input.type,
    status: preview.unchanged ? 'FAILED' : 'CREATE_COMPLETE',
    executionStatus: preview.unchanged ? 'UNAVAILABLE' : 'AVAILABLE',
    createdAt: env.deps.now().toISOString(),
    templateBody: input.template.body,
    given: input.given.map((g) => ({ ...g })),
    parameters: preview.parameters,
    capabilities: input.capabilities,
    tags: input.tags,
    changes: preview.changes,
    includeNestedStacks: input.nested,
  };
  if (preview.unchanged) record.statusReason = NO_CHANGES;
  if (input.description !== undefined) record.description = input.description;
  if (input.roleArn !== undefined) record.roleArn = input.roleArn;
  if (input.parentChangeSetId !== undefined) record.parentChangeSetId = input.parentChangeSetId;
  if (input.rootChangeSetId !== undefined) record.rootChangeSetId = input.rootChangeSetId;
  if (input.nested && !preview.unchanged) {
    for (const change of record.changes) {
      const below = nestedChangeSet(env, ctx, input, change, {
        properties: preview.resolved.get(change.LogicalResourceId),
        parentChangeSetId: changeSetId,
        rootChangeSetId: input.rootChangeSetId ?? changeSetId,
      });
      if (!below) continue;
      change.ChangeSetId = below.root.changeSetId;
      tree.push(...below.tree);
    }
  }
  tree.push(record);
  return { root: record, tree };
}

/**
 * The change set of a nested stack the parent's change set adds or modifies (undefined for other
 * resources, or when its properties are known only at execution). An added nested stack is made now, in
 * REVIEW_IN_PROGRESS, as a CREATE change set's stack is; executing the root change set creates that stack.
 */
function nestedChangeSet(
  env: ApiEnv,
  ctx: RequestContext,
  input: ChangeSetInput,
  change: StoredChangeSet['changes'][number],
  at: { properties: Record<string, unknown> | undefined; parentChangeSetId: string; rootChangeSetId: string },
): { root: StoredChangeSet; tree: StoredChangeSet[] } | undefined {
  const { properties } = at;
  if (change.ResourceType !== STACK_TYPE || !properties) return undefined;
  if (change.Action !== 'Modify' && change.Action !== 'Add') return undefined;
  const existing =
    change.Action === 'Modify' ? env.engine.state.stacks[change.PhysicalResourceId ?? ''] : undefined;
  if (change.Action === 'Modify' && !existing) return undefined;
  const url = templateUrlOf(properties);
  let body: string;
  try {
    body = env.s3.getObject(ctx, templateLocation(url)).toString('utf8');
  } catch (err) {
    throw validation(
      `Nested stack ${change.LogicalResourceId}: TemplateURL ${url} cannot be read: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const given = parametersOf(properties);
  const parent = input.stack;
  const child =
    existing ??
    env.engine.create({
      accountId: parent.accountId,
      region: parent.region,
      stackName: `${parent.stackName}-${change.LogicalResourceId}-${nestedSuffix()}`,
      templateBody: body,
      source: 'url',
      parameters: given,
      capabilities: input.capabilities,
      roleArn: input.roleArn,
      parentId: parent.stackId,
      rootId: parent.rootId ?? parent.stackId,
      logicalResourceId: change.LogicalResourceId,
      tags: parent.tags,
      credentials: acting(env, ctx, input.roleArn),
      review: true,
    });
  if (!existing) input.made.push(child.stackId);
  const { ssmAccess: _caller, ...nestedInput } = input;
  const below = recordChangeSet(env, ctx, {
    ...nestedInput,
    stack: child,
    changeSetName: `${input.changeSetName}-${change.LogicalResourceId}`.slice(0, 128),
    type: existing ? 'UPDATE' : 'CREATE',
    template: { body, source: 'url' },
    given,
    tags: [],
    description: undefined,
    parentChangeSetId: at.parentChangeSetId,
    rootChangeSetId: at.rootChangeSetId,
  });
  if (!existing) below.root.reviewStack = true;
  return below;
}

/**
 * Change sets are computed at once, but stored CREATE_PENDING and moved through CREATE_IN_PROGRESS to
 * their outcome a few milliseconds later, as AWS moves them: a client must wait for CREATE_COMPLETE
 * before it executes one, here as there.
 */
function storePending(env: ApiEnv, tree: readonly StoredChangeSet[]): void {
  const step = (status: 'CREATE_PENDING' | 'CREATE_IN_PROGRESS') =>
    tree.map((c) => ({ changeSetId: c.changeSetId, status, executionStatus: 'UNAVAILABLE' as const }));
  for (const changeSet of tree) {
    const { statusReason: _final, ...pending } = changeSet;
    env.deps.store.dispatch(changeSetsSlice, 'created', {
      ...pending,
      status: 'CREATE_PENDING',
      executionStatus: 'UNAVAILABLE',
    });
  }
  const root = tree[tree.length - 1]!.changeSetId;
  const delay = env.changeSetDelayMs;
  env.engine.defer(`change-set:${root}`, delay, () => {
    for (const p of step('CREATE_IN_PROGRESS')) env.deps.store.dispatch(changeSetsSlice, 'progressed', p);
    env.engine.defer(`change-set:${root}:done`, delay, () => {
      for (const c of tree) {
        env.deps.store.dispatch(changeSetsSlice, 'progressed', {
          changeSetId: c.changeSetId,
          status: c.status,
          executionStatus: c.executionStatus,
          statusReason: c.statusReason,
        });
      }
    });
  });
}

/** The stacks nested change sets made in review, dropped with their change sets. */
function discardReviews(env: ApiEnv, changeSetIds: readonly string[]): void {
  for (const c of withNested(changeSets(env), changeSetIds))
    if (c.reviewStack) env.engine.discardReview(c.stackId);
}

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
    IncludeNestedStacks: c.includeNestedStacks ?? false,
    ParentChangeSetId: c.parentChangeSetId,
    RootChangeSetId: c.rootChangeSetId,
    // AWS lists the changes once they are computed.
    Changes: (c.status === 'CREATE_PENDING' || c.status === 'CREATE_IN_PROGRESS' ? [] : c.changes).map(
      (change) => ({
        Type: 'Resource',
        ResourceChange: {
          ...change,
          Details: change.Details.map((d) => ({ ...d, Target: { ...d.Target } })),
        },
      }),
    ),
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
  if (found.rootChangeSetId !== undefined) {
    throw validation(
      `ChangeSet [${found.changeSetId}] belongs to a nested stack: execute its root change set [${found.rootChangeSetId}] instead.`,
    );
  }
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
  const others = Object.values(changeSets(env).changeSets)
    .filter((c) => c.stackId === found.stackId && c.changeSetId !== found.changeSetId)
    .map((c) => c.changeSetId);
  discardReviews(env, others);
  env.deps.store.dispatch(changeSetsSlice, 'executed', { changeSetId: found.changeSetId });
  return {};
};

const deleteChangeSet: Handler = (env, params, ctx) => {
  const found = findChangeSet(env, params, ctx);
  authorize(env, ctx, 'DeleteChangeSet', whereOf(env, ctx), found.stackId);
  if (found.rootChangeSetId !== undefined) {
    throw validation(
      `ChangeSet [${found.changeSetId}] belongs to a nested stack: delete its root change set [${found.rootChangeSetId}] instead.`,
    );
  }
  discardReviews(env, [found.changeSetId]);
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
      IncludeNestedStacks: c.includeNestedStacks ?? false,
      ParentChangeSetId: c.parentChangeSetId,
      RootChangeSetId: c.rootChangeSetId,
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
