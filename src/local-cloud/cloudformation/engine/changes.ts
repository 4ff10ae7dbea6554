/**
 * What a change set would do to a stack's resources: Add, Modify (with Replacement True / False /
 * Conditional and the changed properties), Remove — computed from the new plan and the stack's resources.
 */
import { isDeepStrictEqual } from 'node:util';
import type { StoredResource } from '../state.js';
import { type ResolveContext, resolveResource } from '../template/index.js';
import type { Plan } from './plan.js';

export interface ResourceChange {
  Action: 'Add' | 'Modify' | 'Remove';
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Replacement?: 'True' | 'False' | 'Conditional';
  Scope: string[];
  /** For a nested stack with IncludeNestedStacks: the nested stack's own change set. */
  ChangeSetId?: string;
  Details: Array<{
    Target: { Attribute: 'Properties'; Name: string; RequiresRecreation: 'Always' | 'Never' };
    Evaluation: 'Static' | 'Dynamic';
    ChangeSource: 'DirectModification';
  }>;
}

export function resourceChanges(input: {
  plan: Plan;
  existing: Readonly<Record<string, StoredResource>>;
  context: ResolveContext;
  replaceOn: (type: string) => readonly string[] | undefined;
  /** Filled with the new properties of each modified resource (and added nested stack) that resolved. */
  resolved?: Map<string, Record<string, unknown>>;
}): ResourceChange[] {
  const { plan, existing } = input;
  const changes: ResourceChange[] = [];
  const kept = new Set(plan.graph.resources);
  for (const id of plan.graph.resources) {
    const type = plan.template.resources[id]!.type;
    const current = existing[id];
    if (!current?.physicalId) {
      changes.push({ Action: 'Add', LogicalResourceId: id, ResourceType: type, Scope: [], Details: [] });
      // Only nested stacks need their new properties (for their own change sets).
      if (input.resolved && type === 'AWS::CloudFormation::Stack') {
        try {
          input.resolved.set(id, resolveResource(plan.template, id, input.context).properties);
        } catch {
          // Depends on resources still to be created: known only at execution.
        }
      }
      continue;
    }
    const change = modification(input, id, current);
    if (change) changes.push(change);
  }
  for (const [id, current] of Object.entries(existing)) {
    if (kept.has(id)) continue;
    changes.push({
      Action: 'Remove',
      LogicalResourceId: id,
      PhysicalResourceId: current.physicalId,
      ResourceType: current.type,
      Scope: [],
      Details: [],
    });
  }
  return changes;
}

function modification(
  input: Parameters<typeof resourceChanges>[0],
  id: string,
  current: StoredResource,
): ResourceChange | undefined {
  const base = {
    Action: 'Modify' as const,
    LogicalResourceId: id,
    PhysicalResourceId: current.physicalId,
    ResourceType: current.type,
    Scope: ['Properties'],
  };
  let properties: Record<string, unknown>;
  let type: string;
  try {
    const resolved = resolveResource(input.plan.template, id, input.context);
    properties = resolved.properties;
    type = resolved.type;
  } catch {
    // A value that depends on resources still to be created: known only at execution.
    return { ...base, Replacement: 'Conditional', Details: [] };
  }
  if (type !== current.type) return { ...base, ResourceType: type, Replacement: 'True', Details: [] };
  if (isDeepStrictEqual(properties, current.properties)) return undefined;
  input.resolved?.set(id, properties);
  const replaceOn = input.replaceOn(type) ?? [];
  const names = [...new Set([...Object.keys(properties), ...Object.keys(current.properties)])]
    .filter((name) => !isDeepStrictEqual(properties[name], current.properties[name]))
    .sort();
  const recreates = names.some((name) => replaceOn.includes(name));
  return {
    ...base,
    Replacement: recreates ? 'True' : 'False',
    Details: names.map((name) => ({
      Target: {
        Attribute: 'Properties',
        Name: name,
        RequiresRecreation: replaceOn.includes(name) ? 'Always' : 'Never',
      },
      Evaluation: 'Static',
      ChangeSource: 'DirectModification',
    })),
  };
}
