/**
 * Change sets' stored state: what was submitted (template, parameters, capabilities, role) and the changes
 * computed from it, with AWS's Status / ExecutionStatus values.
 */
import type { SliceDefinition } from '../state/store.js';
import type { ResourceChange } from './engine/changes.js';
import type { StoredParameter } from './state.js';

export interface StoredChangeSet {
  changeSetId: string;
  changeSetName: string;
  stackId: string;
  stackName: string;
  accountId: string;
  region: string;
  type: 'CREATE' | 'UPDATE';
  status: 'CREATE_PENDING' | 'CREATE_IN_PROGRESS' | 'CREATE_COMPLETE' | 'FAILED' | 'DELETE_COMPLETE';
  executionStatus: 'AVAILABLE' | 'UNAVAILABLE' | 'EXECUTE_IN_PROGRESS' | 'EXECUTE_COMPLETE' | 'OBSOLETE';
  statusReason?: string;
  description?: string;
  createdAt: string;
  templateBody: string;
  /** As submitted (UsePreviousValue kept), for the execution. */
  given: Array<{ ParameterKey: string; ParameterValue?: string; UsePreviousValue?: boolean }>;
  parameters: StoredParameter[];
  capabilities: string[];
  roleArn?: string;
  tags: Array<{ Key: string; Value: string }>;
  changes: ResourceChange[];
  includeNestedStacks?: boolean;
  /** Set on the change sets of nested stacks (IncludeNestedStacks): only the root one can be executed. */
  parentChangeSetId?: string;
  rootChangeSetId?: string;
  /** A nested CREATE change set whose stack was made for it (REVIEW_IN_PROGRESS until executed). */
  reviewStack?: boolean;
}

/** The change sets that go when `changeSetIds` go: they and their nested stacks' change sets. */
export function withNested(state: ChangeSetsState, changeSetIds: readonly string[]): StoredChangeSet[] {
  const roots = new Set(changeSetIds);
  return Object.values(state.changeSets).filter(
    (c) => roots.has(c.changeSetId) || (c.rootChangeSetId !== undefined && roots.has(c.rootChangeSetId)),
  );
}

export interface ChangeSetsState {
  changeSets: Record<string, StoredChangeSet>;
}

export const changeSetsSlice: SliceDefinition<ChangeSetsState> = {
  name: 'cloudformation-change-sets',
  initial: () => ({ changeSets: {} }),
  reducers: {
    created(state, changeSet: StoredChangeSet) {
      state.changeSets[changeSet.changeSetId] = changeSet;
    },
    executed(state, p: { changeSetId: string }) {
      const executed = state.changeSets[p.changeSetId];
      if (!executed) return;
      // AWS removes the stack's other change sets (and their nested ones) once one is executed.
      const others = Object.values(state.changeSets)
        .filter((c) => c.stackId === executed.stackId && c.changeSetId !== p.changeSetId)
        .map((c) => c.changeSetId);
      for (const gone of withNested(state, others)) delete state.changeSets[gone.changeSetId];
      executed.executionStatus = 'EXECUTE_COMPLETE';
      for (const nested of Object.values(state.changeSets)) {
        if (nested.rootChangeSetId === p.changeSetId) nested.executionStatus = 'EXECUTE_COMPLETE';
      }
    },
    /** CREATE_PENDING → CREATE_IN_PROGRESS → CREATE_COMPLETE / FAILED. */
    progressed(
      state,
      p: Pick<StoredChangeSet, 'changeSetId' | 'status' | 'executionStatus' | 'statusReason'>,
    ) {
      const changeSet = state.changeSets[p.changeSetId];
      if (!changeSet) return;
      changeSet.status = p.status;
      changeSet.executionStatus = p.executionStatus;
      if (p.statusReason === undefined) delete changeSet.statusReason;
      else changeSet.statusReason = p.statusReason;
    },
    deleted(state, p: { changeSetId: string }) {
      delete state.changeSets[p.changeSetId];
      // A root change set takes its nested stacks' change sets with it.
      for (const [id, other] of Object.entries(state.changeSets)) {
        if (other.rootChangeSetId === p.changeSetId) delete state.changeSets[id];
      }
    },
  },
};
