/**
 * CloudFormation's stored state: stacks by StackId (every account and region in one slice), with their
 * template, parameters, resources, events (stored oldest first; the API answers newest first) and outputs.
 * Reducers never read the clock: timestamps come in the payloads.
 */
import type { SliceDefinition } from '../state/store.js';

export interface StoredParameter {
  ParameterKey: string;
  ParameterValue: string;
  ResolvedValue?: string;
}

export interface StoredOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

export interface StoredResource {
  logicalId: string;
  physicalId: string;
  type: string;
  status: string;
  statusReason?: string;
  /** Properties as resolved for the provider. */
  properties: Record<string, unknown>;
  attributes: Record<string, unknown>;
  /** Resources this one depends on (deleted after it). */
  dependsOn: string[];
  deletionPolicy: string;
  updatedAt: string;
}

export interface StoredEvent {
  EventId: string;
  StackId: string;
  StackName: string;
  LogicalResourceId: string;
  PhysicalResourceId: string;
  ResourceType: string;
  Timestamp: string;
  ResourceStatus: string;
  ResourceStatusReason?: string;
  ResourceProperties?: string;
  ClientRequestToken?: string;
}

export interface StoredStack {
  stackId: string;
  stackName: string;
  accountId: string;
  region: string;
  status: string;
  statusReason?: string;
  createdAt: string;
  updatedAt?: string;
  deletedAt?: string;
  description?: string;
  templateBody: string;
  parameters: StoredParameter[];
  /** Parameter values as given (NoEcho ones unmasked), for UsePreviousValue. */
  parameterValues: Record<string, string>;
  capabilities: string[];
  roleArn?: string;
  disableRollback: boolean;
  tags: Array<{ Key: string; Value: string }>;
  parentId?: string;
  rootId?: string;
  /** A nested stack's logical ID in its parent (kept for stacks a nested change set made in review). */
  logicalResourceId?: string;
  /** EnableTerminationProtection: DeleteStack is refused while it is on (nested stacks follow their root). */
  terminationProtection?: boolean;
  /** The stack policy document (JSON), applied to every update. */
  stackPolicy?: string;
  /** Export names the stack's template imports (Fn::ImportValue), as of its last successful operation. */
  imports?: string[];
  resources: Record<string, StoredResource>;
  outputs: StoredOutput[];
  events: StoredEvent[];
}

export interface CloudFormationState {
  stacks: Record<string, StoredStack>;
}

export type StackPatch = Partial<Omit<StoredStack, 'stackId' | 'resources' | 'events'>>;

export const cloudformationSlice: SliceDefinition<CloudFormationState> = {
  name: 'cloudformation',
  initial: () => ({ stacks: {} }),
  reducers: {
    created(state, stack: StoredStack) {
      state.stacks[stack.stackId] = stack;
    },
    patched(state, p: { stackId: string; patch: StackPatch }) {
      const stack = state.stacks[p.stackId];
      if (stack) Object.assign(stack, p.patch);
    },
    resourceSet(state, p: { stackId: string; resource: StoredResource }) {
      const stack = state.stacks[p.stackId];
      if (stack) stack.resources[p.resource.logicalId] = p.resource;
    },
    resourceRemoved(state, p: { stackId: string; logicalId: string }) {
      const stack = state.stacks[p.stackId];
      if (stack) delete stack.resources[p.logicalId];
    },
    event(state, event: StoredEvent) {
      state.stacks[event.StackId]?.events.push(event);
    },
  },
};

/** Stacks of one account and region (deleted ones included). */
export function stacksIn(
  state: CloudFormationState,
  where: { accountId: string; region: string },
): StoredStack[] {
  return Object.values(state.stacks).filter(
    (s) => s.accountId === where.accountId && s.region === where.region,
  );
}

/** A stack by name (live stacks only) or by StackId (deleted ones too), as DescribeStacks finds them. */
export function findStack(
  state: CloudFormationState,
  where: { accountId: string; region: string },
  nameOrId: string,
): StoredStack | undefined {
  if (nameOrId.startsWith('arn:')) {
    const stack = state.stacks[nameOrId];
    return stack && stack.accountId === where.accountId && stack.region === where.region ? stack : undefined;
  }
  return stacksIn(state, where).find((s) => s.stackName === nameOrId && s.status !== 'DELETE_COMPLETE');
}
