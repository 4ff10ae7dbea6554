/**
 * CodePipeline state: pipelines per account and region ("scope" `<account>/<region>`), each with every
 * version of its declaration, creation and update times (epoch milliseconds, from the payloads) and tags.
 * Changed only through the reducers below.
 */
import type { SliceDefinition } from '../../state/store.js';
import type { PipelineDeclaration } from './structure.js';

export interface StoredPipeline {
  /** The current declaration. */
  declaration: PipelineDeclaration;
  /** Every version, by number. */
  versions: Record<string, PipelineDeclaration>;
  created: number;
  updated: number;
  tags: Record<string, string>;
}

export interface CodePipelineState {
  /** By `<account>/<region>`, then by pipeline name. */
  scopes: Record<string, Record<string, StoredPipeline>>;
}

export function scopeKey(where: { accountId: string; region: string }): string {
  return `${where.accountId}/${where.region}`;
}

interface Ref {
  scope: string;
  name: string;
}

function find(state: CodePipelineState, ref: Ref): StoredPipeline | undefined {
  return state.scopes[ref.scope]?.[ref.name];
}

export const codePipelineSlice: SliceDefinition<CodePipelineState> = {
  name: 'codepipeline',
  initial: () => ({ scopes: {} }),
  reducers: {
    create: (
      state,
      payload: { scope: string; declaration: PipelineDeclaration; at: number; tags: Record<string, string> },
    ) => {
      const scope = state.scopes[payload.scope] ?? {};
      state.scopes[payload.scope] = scope;
      const d = payload.declaration;
      scope[d.name] = {
        declaration: d,
        versions: { [d.version]: d },
        created: payload.at,
        updated: payload.at,
        tags: payload.tags,
      };
    },
    update: (state, payload: { scope: string; declaration: PipelineDeclaration; at: number }) => {
      const pipeline = find(state, { scope: payload.scope, name: payload.declaration.name });
      if (!pipeline) return;
      pipeline.declaration = payload.declaration;
      pipeline.versions[payload.declaration.version] = payload.declaration;
      pipeline.updated = payload.at;
    },
    delete: (state, payload: Ref) => {
      const scope = state.scopes[payload.scope];
      if (scope) delete scope[payload.name];
    },
    tag: (state, payload: Ref & { tags: Record<string, string> }) => {
      const pipeline = find(state, payload);
      if (pipeline) Object.assign(pipeline.tags, payload.tags);
    },
    untag: (state, payload: Ref & { keys: string[] }) => {
      const pipeline = find(state, payload);
      if (pipeline) for (const key of payload.keys) delete pipeline.tags[key];
    },
  },
};
