/**
 * The CloudFormation query API over the stack engine: stacks in the caller's account and the request's
 * region, each operation authorized as `cloudformation:<Action>` on the stack's ARN.
 */
import type { Identity } from '../../core/identity.js';
import {
  AwsError,
  type QueryHandler,
  type QueryParams,
  type RequestContext,
  type XmlValue,
} from '../../http/index.js';
import type { ServiceDeps } from '../../services/deps.js';
import type { S3Internal } from '../../services/s3/index.js';
import { callerCredentials, roleCredentials } from '../engine/acting.js';
import type { SsmAccess, StackEngine } from '../engine/engine.js';
import type { ActingCredentials } from '../providers/types.js';
import { findStack, type StoredStack, stacksIn } from '../state.js';
import { partitionOf, parseTemplate, templateSummary, validateTemplate } from '../template/index.js';
import { templateLocation } from '../engine/template-url.js';
import { parameterInputs, required, tagInputs, templateInput, validation } from './input.js';
import { page } from './paging.js';
import { eventShape, resourceShape, stackShape, stackSummaryShape } from './shapes.js';

export interface ApiEnv {
  deps: ServiceDeps;
  engine: StackEngine;
  identity: Identity;
  s3: S3Internal;
  /** How long a new change set stays CREATE_PENDING, then CREATE_IN_PROGRESS (ms each). */
  changeSetDelayMs: number;
}

interface Where {
  accountId: string;
  region: string;
}

export function whereOf(env: ApiEnv, ctx: RequestContext): Where {
  const caller = env.deps.callerOf(ctx);
  if (!caller)
    throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', {
      status: 403,
    });
  return { accountId: caller.accountId, region: ctx.region };
}

function stackArnPattern(where: Where, name: string): string {
  if (name.startsWith('arn:')) return name;
  return `arn:aws:cloudformation:${where.region}:${where.accountId}:stack/${name}/*`;
}

export function authorize(
  env: ApiEnv,
  ctx: RequestContext,
  action: string,
  where: Where,
  name?: string,
): void {
  env.deps.authorize(ctx, {
    action: `cloudformation:${action}`,
    resource: name === undefined ? '*' : stackArnPattern(where, name),
  });
}

function requireStack(env: ApiEnv, where: Where, name: string): StoredStack {
  const stack = findStack(env.engine.state, where, name);
  if (!stack) throw validation(`Stack with id ${name} does not exist`);
  return stack;
}

/**
 * The RoleARN of the request, which the caller must be allowed to pass to CloudFormation (`iam:PassRole`
 * with `iam:PassedToService`). A role already stored with the stack is used without that check, as on AWS.
 */
export function givenRole(env: ApiEnv, ctx: RequestContext, params: QueryParams): string | undefined {
  const roleArn = params.get('RoleARN');
  if (roleArn === undefined) return undefined;
  env.deps.authorize(ctx, {
    action: 'iam:PassRole',
    resource: roleArn,
    contextKeys: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
  });
  return roleArn;
}

/**
 * SSM parameter types are read with the caller's permissions: without `ssm:GetParameters` on the
 * parameter, the call is refused with AWS's words.
 */
export function ssmAccess(env: ApiEnv, ctx: RequestContext, where: Where): SsmAccess {
  return (name) => {
    const path = name.startsWith('/') ? name.slice(1) : name;
    try {
      env.deps.authorize(ctx, {
        action: 'ssm:GetParameters',
        resource: `arn:${partitionOf(where.region)}:ssm:${where.region}:${where.accountId}:parameter/${path}`,
      });
    } catch (err) {
      if (!(err instanceof AwsError) || !/AccessDenied/.test(err.code)) throw err;
      throw validation("AccessDenied. User doesn't have permission to call ssm:GetParameters");
    }
  };
}

/** Who CloudFormation acts as: the RoleARN's session (assumed as cloudformation.amazonaws.com) or the caller. */
export function acting(env: ApiEnv, ctx: RequestContext, roleArn: string | undefined): ActingCredentials {
  if (roleArn === undefined) return callerCredentials(ctx);
  return roleCredentials({ store: env.deps.store, identity: env.identity, roleArn, now: env.deps.now() });
}

type Handler = (env: ApiEnv, params: QueryParams, ctx: RequestContext) => XmlValue;

/** A stack policy from `<name>Body` or `<name>URL` (read from local S3 as the caller). */
function policyInput(
  env: ApiEnv,
  params: QueryParams,
  ctx: RequestContext,
  name: string,
): string | undefined {
  const body = params.get(`${name}Body`);
  const url = params.get(`${name}URL`);
  if (body !== undefined && url !== undefined) {
    throw validation(`You cannot specify both ${name}URL and ${name}Body`);
  }
  if (url === undefined) return body;
  try {
    return env.s3.getObject(ctx, templateLocation(url)).toString('utf8');
  } catch (err) {
    throw validation(`S3 error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const createStack: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const stackName = required(params, 'StackName');
  authorize(env, ctx, 'CreateStack', where, stackName);
  const template = templateInput(params, ctx, env.s3)!;
  const roleArn = givenRole(env, ctx, params);
  const onFailure = params.get('OnFailure');
  const stack = env.engine.create({
    ...where,
    stackName,
    templateBody: template.body,
    source: template.source,
    parameters: parameterInputs(params),
    capabilities: params.list('Capabilities'),
    roleArn,
    disableRollback: params.bool('DisableRollback') ?? onFailure === 'DO_NOTHING',
    tags: tagInputs(params),
    clientRequestToken: params.get('ClientRequestToken'),
    terminationProtection: params.bool('EnableTerminationProtection') ?? false,
    ssmAccess: ssmAccess(env, ctx, where),
    stackPolicy: policyInput(env, params, ctx, 'StackPolicy'),
    credentials: acting(env, ctx, roleArn),
  });
  return { StackId: stack.stackId };
};

const updateStack: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  authorize(env, ctx, 'UpdateStack', where, name);
  const stack = findStack(env.engine.state, where, name);
  if (!stack) throw validation(`Stack [${name}] does not exist`);
  const template = params.bool('UsePreviousTemplate')
    ? { body: stack.templateBody, source: 'body' as const }
    : templateInput(params, ctx, env.s3)!;
  const roleArn = givenRole(env, ctx, params) ?? stack.roleArn;
  env.engine.update({
    stack,
    templateBody: template.body,
    source: template.source,
    parameters: parameterInputs(params),
    capabilities: params.list('Capabilities'),
    roleArn,
    clientRequestToken: params.get('ClientRequestToken'),
    stackPolicy: policyInput(env, params, ctx, 'StackPolicy'),
    stackPolicyDuringUpdate: policyInput(env, params, ctx, 'StackPolicyDuringUpdate'),
    ssmAccess: ssmAccess(env, ctx, where),
    credentials: acting(env, ctx, roleArn),
  });
  return { StackId: stack.stackId };
};

const updateTerminationProtection: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  const enabled = params.bool('EnableTerminationProtection');
  if (enabled === undefined) required(params, 'EnableTerminationProtection');
  authorize(env, ctx, 'UpdateTerminationProtection', where, name);
  const stack = requireStack(env, where, name);
  env.engine.setTerminationProtection(stack, enabled === true);
  return { StackId: stack.stackId };
};

const setStackPolicy: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  authorize(env, ctx, 'SetStackPolicy', where, name);
  const stack = requireStack(env, where, name);
  const body = policyInput(env, params, ctx, 'StackPolicy');
  if (body === undefined) throw validation('Either StackPolicyBody or StackPolicyURL must be specified.');
  env.engine.setStackPolicy(stack, body);
  return undefined;
};

const getStackPolicy: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  authorize(env, ctx, 'GetStackPolicy', where, name);
  return { StackPolicyBody: requireStack(env, where, name).stackPolicy };
};

const cancelUpdateStack: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  authorize(env, ctx, 'CancelUpdateStack', where, name);
  env.engine.cancelUpdate(requireStack(env, where, name));
  return undefined;
};

const continueUpdateRollback: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  authorize(env, ctx, 'ContinueUpdateRollback', where, name);
  const stack = requireStack(env, where, name);
  const roleArn = givenRole(env, ctx, params) ?? stack.roleArn;
  env.engine.continueRollback({
    stack,
    skip: params.list('ResourcesToSkip'),
    roleArn,
    clientRequestToken: params.get('ClientRequestToken'),
    credentials: acting(env, ctx, roleArn),
  });
  return {};
};

const deleteStack: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  authorize(env, ctx, 'DeleteStack', where, name);
  const stack = findStack(env.engine.state, where, name);
  if (!stack) return undefined;
  const roleArn = givenRole(env, ctx, params) ?? stack.roleArn;
  env.engine.delete(stack, acting(env, ctx, roleArn), params.get('ClientRequestToken'));
  return undefined;
};

const describeStacks: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = params.get('StackName');
  authorize(env, ctx, 'DescribeStacks', where, name);
  const stacks =
    name === undefined
      ? stacksIn(env.engine.state, where).filter((s) => s.status !== 'DELETE_COMPLETE')
      : [requireStack(env, where, name)];
  const { items, NextToken } = page('DescribeStacks', stacks, params, 100);
  return { Stacks: items.map(stackShape), NextToken };
};

const listStacks: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  authorize(env, ctx, 'ListStacks', where);
  const filter = params.list('StackStatusFilter');
  const stacks = stacksIn(env.engine.state, where).filter(
    (s) => filter.length === 0 || filter.includes(s.status),
  );
  const { items, NextToken } = page('ListStacks', stacks, params, 100);
  return { StackSummaries: items.map(stackSummaryShape), NextToken };
};

const describeStackEvents: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  authorize(env, ctx, 'DescribeStackEvents', where, name);
  const stack = requireStack(env, where, name);
  const { items, NextToken } = page('DescribeStackEvents', [...stack.events].reverse(), params, 100);
  return { StackEvents: items.map(eventShape), NextToken };
};

const describeStackResource: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  const logicalId = required(params, 'LogicalResourceId');
  authorize(env, ctx, 'DescribeStackResource', where, name);
  const stack = requireStack(env, where, name);
  const resource = stack.resources[logicalId];
  if (!resource) throw validation(`Resource ${logicalId} does not exist for stack ${stack.stackName}`);
  return { StackResourceDetail: resourceShape(stack, resource, 'detail') };
};

const describeStackResources: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = params.get('StackName');
  const physicalId = params.get('PhysicalResourceId');
  const logicalId = params.get('LogicalResourceId');
  authorize(env, ctx, 'DescribeStackResources', where, name);
  let stack: StoredStack | undefined;
  if (name !== undefined) stack = requireStack(env, where, name);
  else if (physicalId !== undefined) {
    stack = stacksIn(env.engine.state, where).find((s) =>
      Object.values(s.resources).some((r) => r.physicalId === physicalId),
    );
    if (!stack) throw validation(`Stack for ${physicalId} does not exist`);
  } else throw validation('Either StackName or PhysicalResourceId must be specified.');
  const found = stack;
  const resources = Object.values(found.resources).filter(
    (r) =>
      (logicalId === undefined || r.logicalId === logicalId) &&
      (name === undefined || physicalId === undefined || r.physicalId === physicalId),
  );
  return { StackResources: resources.map((r) => resourceShape(found, r, 'resource')) };
};

const listStackResources: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  authorize(env, ctx, 'ListStackResources', where, name);
  const stack = requireStack(env, where, name);
  const { items, NextToken } = page('ListStackResources', Object.values(stack.resources), params, 100);
  return { StackResourceSummaries: items.map((r) => resourceShape(stack, r, 'summary')), NextToken };
};

const getTemplate: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'StackName');
  authorize(env, ctx, 'GetTemplate', where, name);
  const stack = requireStack(env, where, name);
  return { TemplateBody: stack.templateBody, StagesAvailable: ['Original', 'Processed'] };
};

const getTemplateSummary: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = params.get('StackName');
  authorize(env, ctx, 'GetTemplateSummary', where, name);
  const input =
    name !== undefined
      ? { body: requireStack(env, where, name).templateBody, source: 'body' as const }
      : templateInput(params, ctx, env.s3)!;
  const summary = templateSummary(parseTemplate(input.body, { source: input.source }));
  return {
    ...summary,
    Parameters: summary.Parameters.map((p) => ({
      ...p,
      ParameterConstraints: { ...p.ParameterConstraints },
    })),
  };
};

const validateTemplateHandler: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  authorize(env, ctx, 'ValidateTemplate', where);
  const input = templateInput(params, ctx, env.s3)!;
  const result = validateTemplate(parseTemplate(input.body, { source: input.source }));
  return { ...result, Parameters: result.Parameters.map((p) => ({ ...p })) };
};

const listExports: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  authorize(env, ctx, 'ListExports', where);
  const exports = stacksIn(env.engine.state, where)
    .filter((s) => s.status !== 'DELETE_COMPLETE')
    .flatMap((s) =>
      s.outputs
        .filter((o) => o.ExportName !== undefined)
        .map((o) => ({ ExportingStackId: s.stackId, Name: o.ExportName, Value: o.OutputValue })),
    );
  const { items, NextToken } = page('ListExports', exports, params, 100);
  return { Exports: items, NextToken };
};

const listImports: Handler = (env, params, ctx) => {
  const where = whereOf(env, ctx);
  const name = required(params, 'ExportName');
  authorize(env, ctx, 'ListImports', where);
  const importers = env.engine.importersOf(where, name);
  if (importers.length === 0) throw validation(`Export '${name}' is not imported by any stack.`);
  const { items, NextToken } = page('ListImports', importers, params, 100);
  return { Imports: items, NextToken };
};

export const HANDLERS: Record<string, Handler> = {
  CreateStack: createStack,
  UpdateStack: updateStack,
  DeleteStack: deleteStack,
  DescribeStacks: describeStacks,
  ListStacks: listStacks,
  DescribeStackEvents: describeStackEvents,
  DescribeStackResource: describeStackResource,
  DescribeStackResources: describeStackResources,
  ListStackResources: listStackResources,
  GetTemplate: getTemplate,
  GetTemplateSummary: getTemplateSummary,
  ValidateTemplate: validateTemplateHandler,
  ListExports: listExports,
  ListImports: listImports,
  UpdateTerminationProtection: updateTerminationProtection,
  SetStackPolicy: setStackPolicy,
  GetStackPolicy: getStackPolicy,
  CancelUpdateStack: cancelUpdateStack,
  ContinueUpdateRollback: continueUpdateRollback,
};

export function queryHandler(env: ApiEnv, handler: Handler): QueryHandler {
  return (input, ctx) => handler(env, input.params, ctx);
}
