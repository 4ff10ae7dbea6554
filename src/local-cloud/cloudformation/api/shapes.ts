/**
 * Stored stacks, resources and events as the CloudFormation query API answers them (XML-ready objects).
 */
import type { XmlValue } from '../../http/index.js';
import type { StoredEvent, StoredResource, StoredStack } from '../state.js';

const date = (iso: string | undefined): Date | undefined => (iso === undefined ? undefined : new Date(iso));

export function stackShape(stack: StoredStack): XmlValue {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    Description: stack.description,
    Parameters: stack.parameters.map((p) => ({ ...p })),
    CreationTime: date(stack.createdAt),
    LastUpdatedTime: date(stack.updatedAt),
    DeletionTime: date(stack.deletedAt),
    RollbackConfiguration: {},
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: stack.disableRollback,
    NotificationARNs: [],
    Capabilities: stack.capabilities,
    Outputs: stack.outputs.map((o) => ({ ...o })),
    RoleARN: stack.roleArn,
    Tags: stack.tags.map((t) => ({ ...t })),
    EnableTerminationProtection: stack.terminationProtection ?? false,
    ParentId: stack.parentId,
    RootId: stack.rootId,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function stackSummaryShape(stack: StoredStack): XmlValue {
  return {
    StackId: stack.stackId,
    StackName: stack.stackName,
    TemplateDescription: stack.description,
    CreationTime: date(stack.createdAt),
    LastUpdatedTime: date(stack.updatedAt),
    DeletionTime: date(stack.deletedAt),
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    ParentId: stack.parentId,
    RootId: stack.rootId,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

export function eventShape(event: StoredEvent): XmlValue {
  return { ...event, Timestamp: new Date(event.Timestamp) };
}

/** DescribeStackResource's StackResourceDetail, DescribeStackResources' StackResource, or a summary. */
export function resourceShape(
  stack: StoredStack,
  resource: StoredResource,
  form: 'detail' | 'resource' | 'summary',
): XmlValue {
  const common = {
    LogicalResourceId: resource.logicalId,
    PhysicalResourceId: resource.physicalId || undefined,
    ResourceType: resource.type,
    ResourceStatus: resource.status,
    ResourceStatusReason: resource.statusReason,
    DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
  };
  if (form === 'summary') return { ...common, LastUpdatedTimestamp: new Date(resource.updatedAt) };
  const withStack = { StackName: stack.stackName, StackId: stack.stackId, ...common };
  if (form === 'detail') return { ...withStack, LastUpdatedTimestamp: new Date(resource.updatedAt) };
  return { ...withStack, Timestamp: new Date(resource.updatedAt) };
}
