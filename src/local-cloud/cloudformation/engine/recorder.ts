/**
 * Writes a stack's progress to the store: stack status changes and resource transitions, each with its
 * event (what DescribeStackEvents lists), timestamped by the cloud's clock.
 */
import { randomUUID } from 'node:crypto';
import type { StateStore } from '../../state/store.js';
import {
  type CloudFormationState,
  cloudformationSlice,
  type StackPatch,
  type StoredResource,
  type StoredStack,
} from '../state.js';

export const STACK_TYPE = 'AWS::CloudFormation::Stack';

export class Recorder {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => Date,
    readonly stackId: string,
    readonly clientRequestToken?: string,
  ) {}

  get stack(): StoredStack {
    const stack = this.store.get<CloudFormationState>(cloudformationSlice).stacks[this.stackId];
    if (!stack) throw new Error(`stack ${this.stackId} is not stored`);
    return stack;
  }

  resource(logicalId: string): StoredResource | undefined {
    return this.stack.resources[logicalId];
  }

  patch(patch: StackPatch): void {
    this.store.dispatch(cloudformationSlice, 'patched', { stackId: this.stackId, patch });
  }

  /** A new stack status, with its event. */
  status(status: string, reason?: string): void {
    const at = this.now().toISOString();
    const patch: StackPatch = { status, statusReason: reason };
    if (status === 'DELETE_COMPLETE') patch.deletedAt = at;
    this.patch(patch);
    const stack = this.stack;
    this.event({
      logicalId: stack.stackName,
      physicalId: stack.stackId,
      type: STACK_TYPE,
      status,
      reason,
      at,
    });
  }

  /** A resource transition: the resource's record (or its removal) and the event. */
  transition(input: {
    resource: Omit<StoredResource, 'status' | 'statusReason' | 'updatedAt'>;
    status: string;
    reason?: string;
    /** Drop the resource's record (it is gone). */
    remove?: boolean;
    /** Only the event: the record stays as it is (the replaced resource's old physical ID). */
    eventOnly?: boolean;
  }): void {
    const at = this.now().toISOString();
    const { resource } = input;
    if (input.remove && !input.eventOnly) {
      this.store.dispatch(cloudformationSlice, 'resourceRemoved', {
        stackId: this.stackId,
        logicalId: resource.logicalId,
      });
    } else if (!input.eventOnly) {
      const stored: StoredResource = { ...resource, status: input.status, updatedAt: at };
      if (input.reason !== undefined) stored.statusReason = input.reason;
      this.store.dispatch(cloudformationSlice, 'resourceSet', { stackId: this.stackId, resource: stored });
    }
    this.event({
      logicalId: resource.logicalId,
      physicalId: resource.physicalId,
      type: resource.type,
      status: input.status,
      reason: input.reason,
      properties: input.status.endsWith('_IN_PROGRESS') ? resource.properties : undefined,
      at,
    });
  }

  private event(e: {
    logicalId: string;
    physicalId: string;
    type: string;
    status: string;
    reason?: string;
    properties?: Record<string, unknown>;
    at: string;
  }): void {
    const stack = this.stack;
    this.store.dispatch(cloudformationSlice, 'event', {
      EventId: randomUUID(),
      StackId: stack.stackId,
      StackName: stack.stackName,
      LogicalResourceId: e.logicalId,
      PhysicalResourceId: e.physicalId,
      ResourceType: e.type,
      Timestamp: e.at,
      ResourceStatus: e.status,
      ...(e.reason === undefined ? {} : { ResourceStatusReason: e.reason }),
      ...(e.properties === undefined ? {} : { ResourceProperties: JSON.stringify(e.properties) }),
      ...(this.clientRequestToken === undefined ? {} : { ClientRequestToken: this.clientRequestToken }),
    });
  }
}
