/**
 * The resource dependency graph: a resource depends on what its Ref / Fn::GetAtt / Fn::Sub references
 * name and on its DependsOn. From it come creation "waves" (every resource of a wave can be created in
 * parallel once the earlier waves are done), deletion waves (dependents first) and cycle detection worded
 * as CloudFormation's "Circular dependency between resources: [...]".
 *
 * With condition values, resources whose Condition is false are left out, Fn::If contributes only the
 * branch it selects, and a remaining reference to a left-out resource is an unresolved dependency, as on
 * AWS. Without them, the graph covers every resource and both branches (what ValidateTemplate checks).
 */
import { TemplateError, TemplateMessages as M } from './errors.js';
import { collectReferences } from './references.js';
import type { ResourceDeclaration, Template, TemplateValue } from './types.js';
import { compareStrings } from './values.js';

export interface GraphOptions {
  /** Condition values (see `evaluateConditions`); omit to consider every resource. */
  conditions?: Readonly<Record<string, boolean>>;
}

export interface DependencyGraph {
  /** Resources in the graph, in template order. */
  resources: string[];
  /** Direct dependencies of each resource, sorted. */
  dependencies: Record<string, string[]>;
  /** Direct dependents of each resource, sorted. */
  dependents: Record<string, string[]>;
}

/** Logical IDs of the resources created under these condition values, in template order. */
export function includedResources(
  template: Template,
  conditions?: Readonly<Record<string, boolean>>,
): string[] {
  return Object.entries(template.resources)
    .filter(([, resource]) => isIncluded(resource, conditions))
    .map(([id]) => id);
}

function isIncluded(resource: ResourceDeclaration, conditions?: Readonly<Record<string, boolean>>): boolean {
  if (resource.condition === undefined || conditions === undefined) return true;
  const value = conditions[resource.condition];
  if (value === undefined) throw new TemplateError(M.conditionNotDefined(resource.condition));
  return value;
}

/** The parts of a resource whose references make dependencies. */
function resourceValues(resource: ResourceDeclaration): TemplateValue[] {
  const values: TemplateValue[] = [resource.properties];
  for (const value of [
    resource.metadata,
    resource.creationPolicy,
    resource.updatePolicy,
    resource.deletionPolicy,
    resource.updateReplacePolicy,
  ]) {
    if (value !== undefined) values.push(value);
  }
  return values;
}

/** Names of the resources one resource refers to (Ref, GetAtt, Sub, DependsOn), whether or not included. */
export function referencedResources(
  resource: ResourceDeclaration,
  resourceIds: ReadonlySet<string>,
  conditions?: Readonly<Record<string, boolean>>,
): string[] {
  const found = new Set<string>(resource.dependsOn);
  const options = conditions === undefined ? {} : { conditionValues: conditions };
  for (const value of resourceValues(resource)) {
    const refs = collectReferences(value, options);
    for (const name of refs.refs) if (resourceIds.has(name)) found.add(name);
    for (const { resource: name } of refs.getAtts) if (resourceIds.has(name)) found.add(name);
  }
  return [...found].sort(compareStrings);
}

/**
 * Builds the graph. Throws "Unresolved resource dependencies" for a DependsOn naming no resource, or a
 * reference to a resource its condition leaves out.
 */
export function dependencyGraph(template: Template, options: GraphOptions = {}): DependencyGraph {
  const allIds = new Set(Object.keys(template.resources));
  const resources = includedResources(template, options.conditions);
  const included = new Set(resources);
  const dependencies: Record<string, string[]> = {};
  const dependents: Record<string, string[]> = Object.fromEntries(resources.map((id) => [id, []]));
  const unresolved = new Set<string>();
  for (const id of resources) {
    const resource = template.resources[id]!;
    for (const name of resource.dependsOn) if (!allIds.has(name)) unresolved.add(name);
    const deps = referencedResources(resource, allIds, options.conditions).filter((name) => allIds.has(name));
    for (const name of deps) if (!included.has(name)) unresolved.add(name);
    dependencies[id] = deps.filter((name) => included.has(name));
    for (const dep of dependencies[id]) dependents[dep]!.push(id);
  }
  if (unresolved.size > 0)
    throw new TemplateError(M.unresolvedInResources([...unresolved].sort(compareStrings)));
  for (const id of resources) dependents[id]!.sort(compareStrings);
  return { resources, dependencies, dependents };
}

/**
 * Creation waves: wave 0 has no dependencies; each later wave depends only on earlier ones. Each wave is
 * sorted. Throws "Circular dependency between resources: [...]" naming every resource that cannot be
 * ordered (those in a cycle and those waiting on one), as CloudFormation does.
 */
export function createOrder(template: Template, options: GraphOptions = {}): string[][] {
  const graph = dependencyGraph(template, options);
  return waves(graph.resources, graph.dependencies);
}

/** Deletion waves: a resource is deleted only after every resource that depends on it. */
export function deleteOrder(template: Template, options: GraphOptions = {}): string[][] {
  const graph = dependencyGraph(template, options);
  return waves(graph.resources, graph.dependents);
}

/** Kahn's algorithm by levels over `before` (node → nodes that must come first). */
export function waves(
  nodes: readonly string[],
  before: Readonly<Record<string, readonly string[]>>,
): string[][] {
  const remaining = new Map(nodes.map((node) => [node, new Set(before[node] ?? [])]));
  const result: string[][] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, waiting]) => waiting.size === 0).map(([node]) => node);
    if (ready.length === 0)
      throw new TemplateError(M.circularDependency([...remaining.keys()].sort(compareStrings)));
    ready.sort(compareStrings);
    for (const node of ready) remaining.delete(node);
    for (const waiting of remaining.values()) for (const node of ready) waiting.delete(node);
    result.push(ready);
  }
  return result;
}
