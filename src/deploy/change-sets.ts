/**
 * Change sets of one stack: create one with its nested stacks' change sets, wait for it, read its
 * changes (nested change sets followed and flattened), delete it.
 */
import {
  CreateChangeSetCommand,
  type DescribeChangeSetCommandOutput,
  DeleteChangeSetCommand,
  DescribeChangeSetCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { NESTED_STACK_TYPE } from './stack-events.js';
import type { CloudFormationApi, PlannedChange } from './types.js';
import type { Waiter } from './waiter.js';

const PENDING = new Set(['CREATE_PENDING', 'CREATE_IN_PROGRESS']);

/** CloudFormation's reasons for a change set that changes nothing. */
const NO_CHANGES = [/didn't contain changes/, /No updates are to be performed/];

export function isNoChangeReason(reason: string | undefined): boolean {
  return NO_CHANGES.some((pattern) => pattern.test(reason ?? ''));
}

const options = (signal: AbortSignal | undefined) => (signal ? { abortSignal: signal } : {});

const sortedPairs = (record: Record<string, string> | undefined): [string, string][] =>
  Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export async function createChangeSet(
  cfn: CloudFormationApi,
  input: {
    stackName: string;
    changeSetName: string;
    type: 'CREATE' | 'UPDATE';
    templateUrl: string;
    parameters: Record<string, string>;
    capabilities: readonly string[];
    tags?: Record<string, string>;
    signal?: AbortSignal;
  },
): Promise<{ changeSetId: string; stackId: string }> {
  const out = await cfn.send(
    new CreateChangeSetCommand({
      StackName: input.stackName,
      ChangeSetName: input.changeSetName,
      ChangeSetType: input.type,
      TemplateURL: input.templateUrl,
      Parameters: sortedPairs(input.parameters).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
      Capabilities: [...input.capabilities] as CreateChangeSetCommand['input']['Capabilities'],
      Tags: sortedPairs(input.tags).map(([Key, Value]) => ({ Key, Value })),
      IncludeNestedStacks: true,
    }),
    options(input.signal),
  );
  return { changeSetId: out.Id ?? '', stackId: out.StackId ?? '' };
}

/** Polls the change set until CloudFormation has computed it; its first page. */
export function waitForChangeSet(
  cfn: CloudFormationApi,
  waiter: Waiter,
  input: { changeSetId: string; timedOut: (status: string, waitedMs: number) => Error },
): Promise<DescribeChangeSetCommandOutput> {
  return waiter.until({
    read: () =>
      cfn.send(new DescribeChangeSetCommand({ ChangeSetName: input.changeSetId }), options(waiter.signal)),
    settled: (out) => !PENDING.has(out.Status ?? ''),
    timedOut: (out, waited) => input.timedOut(out.Status ?? 'unknown', waited),
  });
}

async function* changesOf(cfn: CloudFormationApi, changeSetId: string, signal?: AbortSignal) {
  let nextToken: string | undefined;
  do {
    const page = await cfn.send(
      new DescribeChangeSetCommand({ ChangeSetName: changeSetId, NextToken: nextToken }),
      options(signal),
    );
    for (const change of page.Changes ?? []) if (change.ResourceChange) yield change.ResourceChange;
    nextToken = page.NextToken;
  } while (nextToken);
}

/**
 * The change set's changes with its nested stacks' changes after each nested stack's own entry, depth
 * first. A nested stack listed as `Modify` whose own change set changes nothing is left out (AWS lists
 * nested stacks as modified whenever their parent changes).
 */
export async function plannedChanges(
  cfn: CloudFormationApi,
  changeSetId: string,
  signal?: AbortSignal,
  path: readonly string[] = [],
): Promise<PlannedChange[]> {
  const planned: PlannedChange[] = [];
  for await (const change of changesOf(cfn, changeSetId, signal)) {
    const logicalId = change.LogicalResourceId ?? '';
    const entry: PlannedChange = {
      path: [...path, logicalId],
      action: change.Action ?? '',
      logicalId,
      resourceType: change.ResourceType ?? '',
    };
    if (change.Replacement) entry.replacement = change.Replacement;
    if (change.PhysicalResourceId) entry.physicalId = change.PhysicalResourceId;
    if (change.ResourceType !== NESTED_STACK_TYPE || !change.ChangeSetId) {
      planned.push(entry);
      continue;
    }
    const below = await plannedChanges(cfn, change.ChangeSetId, signal, entry.path);
    if (change.Action === 'Modify' && below.length === 0) continue;
    planned.push(entry, ...below);
  }
  return planned;
}

function isNotFound(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === 'ChangeSetNotFoundException' || err.name === 'ChangeSetNotFound')
  );
}

/** Deletes a change set (with its nested ones); one that is already gone is fine. */
export async function deleteChangeSet(
  cfn: CloudFormationApi,
  input: { stackName: string; changeSetName: string; signal?: AbortSignal },
): Promise<void> {
  try {
    await cfn.send(
      new DeleteChangeSetCommand({ StackName: input.stackName, ChangeSetName: input.changeSetName }),
      options(input.signal),
    );
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** The names of a stack's change sets (root change sets only: nested ones go with their root). */
export async function changeSetNames(
  cfn: CloudFormationApi,
  input: { stackName: string; signal?: AbortSignal },
): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await cfn.send(
      new ListChangeSetsCommand({ StackName: input.stackName, NextToken: nextToken }),
      options(input.signal),
    );
    for (const summary of page.Summaries ?? []) {
      if (summary.ParentChangeSetId === undefined && summary.ChangeSetName) names.push(summary.ChangeSetName);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return names;
}
