/**
 * Pipelines: CreatePipeline, GetPipeline, UpdatePipeline, DeletePipeline, ListPipelines,
 * GetPipelineState. Pipelines are stored and described; they do not run.
 */
import type { ServiceDeps } from '../../deps.js';
import { type CodeCall, checkServiceRole, requestTagKeys, tagList } from '../call.js';
import { PipelineErrors } from '../errors.js';
import { findPipeline, pipelineArn, pipelinesIn, requirePipeline } from '../lookup.js';
import { paginate } from '../../shared/paging.js';
import { codePipelineSlice, scopeKey, type StoredPipeline } from '../state.js';
import { PIPELINE_NAME, type PipelineDeclaration, readPipeline } from '../structure.js';
import { readTags } from '../tags.js';
import type { PipelineOperations } from './types.js';

export const SERVICE_PRINCIPAL = 'codepipeline.amazonaws.com';
const TAG_NAMES = { key: 'key', value: 'value' };

function checkRole(deps: ServiceDeps, call: CodeCall, declaration: PipelineDeclaration): void {
  checkServiceRole({
    store: deps.store,
    call,
    roleArn: declaration.roleArn,
    servicePrincipal: SERVICE_PRINCIPAL,
    notAssumable: () => PipelineErrors.roleNotAssumable(declaration.roleArn),
  });
}

function metadata(call: CodeCall, pipeline: StoredPipeline) {
  return {
    pipelineArn: pipelineArn(call.where, pipeline.declaration.name),
    created: new Date(pipeline.created),
    updated: new Date(pipeline.updated),
  };
}

export const pipelineOperations: PipelineOperations = {
  CreatePipeline(deps, f, call) {
    const declaration = readPipeline(f.requiredObject('pipeline'), { region: call.where.region, version: 1 });
    const tags = readTags(f, 'tags', TAG_NAMES, PipelineErrors.invalidTags) ?? {};
    call.authorize({
      action: 'codepipeline:CreatePipeline',
      resource: pipelineArn(call.where, declaration.name),
      resourceAccount: call.where.accountId,
      contextKeys: requestTagKeys(tags),
    });
    if (findPipeline(deps.store, call.where, declaration.name))
      throw PipelineErrors.nameInUse(declaration.name);
    checkRole(deps, call, declaration);
    deps.store.dispatch(codePipelineSlice, 'create', {
      scope: scopeKey(call.where),
      declaration,
      at: call.now.getTime(),
      tags,
    });
    return {
      pipeline: declaration,
      tags: Object.keys(tags).length > 0 ? tagList(tags, TAG_NAMES) : undefined,
    };
  },

  GetPipeline(deps, f, call) {
    const name = f.requiredString('name', PIPELINE_NAME);
    const version = f.integer('version', { min: 1 });
    const pipeline = requirePipeline(
      deps.store,
      call,
      { where: call.where, name },
      'codepipeline:GetPipeline',
    );
    const declaration = version === undefined ? pipeline.declaration : pipeline.versions[version];
    if (!declaration) throw PipelineErrors.versionNotFound(name, version!);
    return { pipeline: declaration, metadata: metadata(call, pipeline) };
  },

  UpdatePipeline(deps, f, call) {
    const input = f.requiredObject('pipeline');
    const name = input.requiredString('name', PIPELINE_NAME);
    const current = requirePipeline(
      deps.store,
      call,
      { where: call.where, name },
      'codepipeline:UpdatePipeline',
    );
    const declaration = readPipeline(input, {
      region: call.where.region,
      version: current.declaration.version + 1,
    });
    checkRole(deps, call, declaration);
    deps.store.dispatch(codePipelineSlice, 'update', {
      scope: scopeKey(call.where),
      declaration,
      at: call.now.getTime(),
    });
    return { pipeline: declaration };
  },

  /** Deleting a pipeline that does not exist succeeds, as on AWS. */
  DeletePipeline(deps, f, call) {
    const name = f.requiredString('name', PIPELINE_NAME);
    call.authorize({
      action: 'codepipeline:DeletePipeline',
      resource: pipelineArn(call.where, name),
      resourceAccount: call.where.accountId,
    });
    deps.store.dispatch(codePipelineSlice, 'delete', { scope: scopeKey(call.where), name });
    return undefined;
  },

  ListPipelines(deps, f, call) {
    const limit = f.integer('maxResults', { min: 1, max: 1000 }) ?? 100;
    const token = f.string('nextToken', { min: 1, max: 2048 });
    call.authorize({
      action: 'codepipeline:ListPipelines',
      resource: pipelineArn(call.where, '*'),
      resourceAccount: call.where.accountId,
    });
    const page = paginate({
      items: pipelinesIn(deps.store, call.where),
      sortKey: (p) => p.declaration.name,
      limit,
      token,
      invalidToken: PipelineErrors.invalidToken,
    });
    return {
      pipelines: page.items.map((p) => ({
        name: p.declaration.name,
        version: p.declaration.version,
        pipelineType: p.declaration.pipelineType,
        executionMode: p.declaration.executionMode,
        created: new Date(p.created),
        updated: new Date(p.updated),
      })),
      nextToken: page.nextToken,
    };
  },

  /** Stages and actions with no executions yet (pipelines do not run here). */
  GetPipelineState(deps, f, call) {
    const name = f.requiredString('name', PIPELINE_NAME);
    const pipeline = requirePipeline(
      deps.store,
      call,
      { where: call.where, name },
      'codepipeline:GetPipelineState',
    );
    const d = pipeline.declaration;
    return {
      pipelineName: d.name,
      pipelineVersion: d.version,
      stageStates: d.stages.map((stage, index) => ({
        stageName: stage.name,
        inboundTransitionState: index === 0 ? undefined : { enabled: true },
        actionStates: stage.actions.map((action) => ({ actionName: action.name })),
      })),
      created: new Date(pipeline.created),
      updated: new Date(pipeline.updated),
    };
  },
};
