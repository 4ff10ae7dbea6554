/**
 * Runs a stack operation's resources along their dependency graph, as CloudFormation does: a resource
 * starts as soon as every resource it depends on has succeeded, not when a whole "wave" has. After a
 * failure (or once `stopped()` says so: CancelUpdateStack) nothing new starts; what is in flight finishes,
 * and `apply`'s `halted()` tells it so (AWS marks such resources cancelled).
 *
 *   const { failures, stopped } = await runGraph({ nodes, dependencies, apply, failed });
 */
export interface GraphRun<T> {
  /** The resources to run (in a stable order: ties start in this order). */
  nodes: readonly string[];
  /** node → nodes it depends on (entries outside `nodes` are ignored). */
  dependencies: Readonly<Record<string, readonly string[]>>;
  apply: (node: string, halted: () => boolean) => Promise<T>;
  failed: (result: T) => boolean;
  stopped?: () => boolean;
}

export async function runGraph<T>(run: GraphRun<T>): Promise<{ failures: string[]; stopped: boolean }> {
  const included = new Set(run.nodes);
  const waiting = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const node of run.nodes) {
    const deps = new Set((run.dependencies[node] ?? []).filter((d) => included.has(d) && d !== node));
    waiting.set(node, deps);
    for (const dep of deps) dependents.set(dep, [...(dependents.get(dep) ?? []), node]);
  }
  const ready = run.nodes.filter((node) => waiting.get(node)!.size === 0);
  const inFlight = new Map<string, Promise<{ node: string; result: T }>>();
  const failures: string[] = [];
  let halted = false;
  let stopped = false;
  const isHalted = (): boolean => halted || (run.stopped?.() ?? false);
  for (;;) {
    if (!halted && run.stopped?.()) {
      halted = true;
      stopped = true;
    }
    while (!halted && ready.length > 0) {
      const node = ready.shift()!;
      inFlight.set(
        node,
        run.apply(node, isHalted).then((result) => ({ node, result })),
      );
    }
    if (inFlight.size === 0) break;
    const { node, result } = await Promise.race(inFlight.values());
    inFlight.delete(node);
    if (run.failed(result)) {
      failures.push(node);
      halted = true;
      continue;
    }
    for (const dependent of dependents.get(node) ?? []) {
      const deps = waiting.get(dependent)!;
      deps.delete(node);
      if (deps.size === 0) ready.push(dependent);
    }
  }
  if (ready.length === 0 && failures.length === 0 && !stopped) {
    const stuck = run.nodes.filter((node) => waiting.get(node)!.size > 0);
    if (stuck.length > 0) throw new Error(`runGraph: circular dependencies among ${stuck.join(', ')}`);
  }
  return { failures, stopped: stopped || (failures.length === 0 && (run.stopped?.() ?? false)) };
}
