/**
 * Finding pipelines and authorizing calls on them: `codepipeline:<Action>` on
 * `arn:aws:codepipeline:<region>:<account>:<name>`.
 */
import type { StateStore } from '../../state/store.js';
import type { CodeCall, Where } from './call.js';
import { PipelineErrors } from './errors.js';
import { type CodePipelineState, codePipelineSlice, scopeKey, type StoredPipeline } from './state.js';

export function pipelineArn(where: Where, name: string): string {
  return `arn:aws:codepipeline:${where.region}:${where.accountId}:${name}`;
}

const ARN = /^arn:aws[a-z-]*:codepipeline:([a-z0-9-]+):(\d{12}):([A-Za-z0-9.@\-_]+)$/;

export function parsePipelineArn(arn: string): (Where & { name: string }) | undefined {
  const m = ARN.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export function findPipeline(store: StateStore, where: Where, name: string): StoredPipeline | undefined {
  return store.get<CodePipelineState>(codePipelineSlice).scopes[scopeKey(where)]?.[name];
}

export function pipelinesIn(store: StateStore, where: Where): StoredPipeline[] {
  return Object.values(store.get<CodePipelineState>(codePipelineSlice).scopes[scopeKey(where)] ?? {});
}

/** Authorizes the action on the pipeline's ARN, then returns the pipeline (PipelineNotFound if none). */
export function requirePipeline(
  store: StateStore,
  call: CodeCall,
  target: { where: Where; name: string },
  action: string,
  contextKeys?: Record<string, string | string[]>,
): StoredPipeline {
  call.authorize({
    action,
    resource: pipelineArn(target.where, target.name),
    resourceAccount: target.where.accountId,
    contextKeys,
  });
  const pipeline = findPipeline(store, target.where, target.name);
  if (!pipeline) throw PipelineErrors.notFound(target.name, target.where.accountId);
  return pipeline;
}
