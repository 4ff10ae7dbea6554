/**
 * CodeBuild state: projects per account and region ("scope" `<account>/<region>`), as the response shape
 * minus the times, which are kept as epoch milliseconds (from the payloads). Changed only through the
 * reducers below.
 */
import type { SliceDefinition } from '../../state/store.js';

/** A project as BatchGetProjects describes it (without `created`/`lastModified`). */
export interface ProjectBody extends Record<string, unknown> {
  name: string;
  arn: string;
  serviceRole: string;
}

export interface StoredProject {
  project: ProjectBody;
  tags: Record<string, string>;
  created: number;
  lastModified: number;
}

export interface CodeBuildState {
  /** By `<account>/<region>`, then by project name. */
  scopes: Record<string, Record<string, StoredProject>>;
}

export function scopeKey(where: { accountId: string; region: string }): string {
  return `${where.accountId}/${where.region}`;
}

export const codeBuildSlice: SliceDefinition<CodeBuildState> = {
  name: 'codebuild',
  initial: () => ({ scopes: {} }),
  reducers: {
    /** Creates or replaces a project. */
    put: (state, payload: { scope: string; project: StoredProject }) => {
      const scope = state.scopes[payload.scope] ?? {};
      state.scopes[payload.scope] = scope;
      scope[payload.project.project.name] = payload.project;
    },
    delete: (state, payload: { scope: string; name: string }) => {
      const scope = state.scopes[payload.scope];
      if (scope) delete scope[payload.name];
    },
  },
};
