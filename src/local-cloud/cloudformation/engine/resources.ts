/**
 * One resource's transitions, as CloudFormation runs them: create, update (in place or by replacement),
 * delete — each recorded with its events. Failures become the resource's ResourceStatusReason.
 */
import { isDeepStrictEqual } from 'node:util';
import type { ActingCredentials, ProviderContext, ResourceProvider } from '../providers/types.js';
import { validateProperties } from '../schemas/validate.js';
import type { StoredResource } from '../state.js';
import { type ResolveContext, resolveResource } from '../template/index.js';
import type { Plan } from './plan.js';
import type { Recorder } from './recorder.js';
import { type StackPolicy, stackPolicyDecision, stackPolicyReason } from './stack-policy.js';

/** A failure that still leaves a physical resource behind (a nested stack that failed). */
export class PhysicalResourceError extends Error {
  constructor(
    message: string,
    readonly physicalId: string,
  ) {
    super(message);
    this.name = 'PhysicalResourceError';
  }
}

export interface ResourceRunner {
  provider(type: string): ResourceProvider;
  providerContext(rec: Recorder, logicalId: string, credentials: ActingCredentials): ProviderContext;
  /** Throws once the cloud is closing: no new resource work starts. */
  checkOpen(): void;
}

export const REPLACEMENT_REASON =
  'Requested update requires the creation of a new physical resource; hence creating one.';

export function reasonOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function physicalOf(err: unknown): string {
  return err instanceof PhysicalResourceError ? err.physicalId : '';
}

type Base = Omit<StoredResource, 'status' | 'statusReason' | 'updatedAt'>;

export interface Step {
  runner: ResourceRunner;
  rec: Recorder;
  plan: Plan;
  context: ResolveContext;
  credentials: ActingCredentials;
  /** The stack policy updates must pass (none for creates and rollbacks). */
  policy?: StackPolicy;
  /** Set when the operation is a rollback; `skip` as given to ContinueUpdateRollback. */
  rollback?: { skip: readonly string[] };
}

/**
 * True once another resource of the operation failed (or it was cancelled): a resource still in flight
 * then ends "Resource creation cancelled" / "Resource update cancelled", as on AWS, and is rolled back with
 * the rest.
 */
export type Halted = () => boolean;

export const CREATION_CANCELLED = 'Resource creation cancelled';
export const UPDATE_CANCELLED = 'Resource update cancelled';

/** The ContinueUpdateRollback skips that name resources inside nested stack `logicalId`, relative to it. */
export function nestedSkips(skip: readonly string[], logicalId: string): string[] {
  const prefix = `${logicalId}.`;
  return skip.filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length));
}

function resolveBase(step: Step, logicalId: string): Base {
  const resolved = resolveResource(step.plan.template, logicalId, step.context);
  return {
    logicalId,
    physicalId: '',
    type: resolved.type,
    properties: resolved.properties,
    attributes: {},
    dependsOn: step.plan.graph.dependencies[logicalId] ?? [],
    deletionPolicy: resolved.deletionPolicy,
  };
}

/** Properties checked against AWS's resource schema for the type, failing as AWS words it. */
function checkProperties(base: Base): void {
  const reason = validateProperties({
    type: base.type,
    logicalId: base.logicalId,
    properties: base.properties,
  });
  if (reason !== undefined) throw new Error(reason);
}

/** Creates a resource; false when it failed (recorded as CREATE_FAILED). */
export async function createResource(step: Step, logicalId: string, halted?: Halted): Promise<boolean> {
  const declared = step.plan.template.resources[logicalId]!;
  let base: Base = {
    logicalId,
    physicalId: '',
    type: declared.type,
    properties: {},
    attributes: {},
    dependsOn: step.plan.graph.dependencies[logicalId] ?? [],
    deletionPolicy: 'Delete',
  };
  try {
    base = resolveBase(step, logicalId);
    step.rec.transition({ resource: base, status: 'CREATE_IN_PROGRESS' });
    checkProperties(base);
    step.runner.checkOpen();
    const provider = step.runner.provider(base.type);
    const ctx = step.runner.providerContext(step.rec, logicalId, step.credentials);
    const result = await provider.create(base.properties, ctx);
    const created = { ...base, physicalId: result.physicalId, attributes: result.attributes };
    if (halted?.()) {
      step.rec.transition({ resource: created, status: 'CREATE_FAILED', reason: CREATION_CANCELLED });
      return false;
    }
    step.rec.transition({ resource: created, status: 'CREATE_COMPLETE' });
    return true;
  } catch (err) {
    step.rec.transition({
      resource: { ...base, physicalId: physicalOf(err) },
      status: 'CREATE_FAILED',
      reason: reasonOf(err),
    });
    return false;
  }
}

/** An update that went through, unless the operation was halted meanwhile (then it is rolled back). */
function updated(halted: Halted | undefined): { status: string; reason?: string } {
  return halted?.() ? { status: 'UPDATE_FAILED', reason: UPDATE_CANCELLED } : { status: 'UPDATE_COMPLETE' };
}

export type UpdateOutcome =
  | { kind: 'unchanged' }
  | { kind: 'created' }
  | { kind: 'updated'; previous: StoredResource }
  | { kind: 'replaced'; previous: StoredResource; replacement: StoredResource }
  | { kind: 'failed'; previous?: StoredResource };

/** Updates (or creates, or replaces) a resource of an UPDATE operation. */
export async function updateResource(step: Step, logicalId: string, halted?: Halted): Promise<UpdateOutcome> {
  const existing = step.rec.resource(logicalId);
  if (!existing?.physicalId)
    return (await createResource(step, logicalId, halted)) ? { kind: 'created' } : { kind: 'failed' };
  if (step.rollback?.skip.includes(logicalId)) {
    // ContinueUpdateRollback's ResourcesToSkip: marked complete, left as it is.
    step.rec.transition({ resource: existing, status: 'UPDATE_COMPLETE' });
    return { kind: 'unchanged' };
  }
  let base: Base | undefined;
  try {
    base = resolveBase(step, logicalId);
    if (base.type === existing.type && isDeepStrictEqual(base.properties, existing.properties)) {
      return { kind: 'unchanged' };
    }
    checkProperties(base);
    step.runner.checkOpen();
    const provider = step.runner.provider(base.type);
    const replace =
      base.type !== existing.type ||
      provider.replaceOn.some((key) => !isDeepStrictEqual(base!.properties[key], existing.properties[key]));
    if (step.policy) {
      const action = replace ? 'Update:Replace' : 'Update:Modify';
      const decision = stackPolicyDecision(step.policy, { action, logicalId, resourceType: existing.type });
      if (decision !== 'allow') throw new Error(stackPolicyReason(decision, action));
    }
    const ctx = step.runner.providerContext(step.rec, logicalId, step.credentials);
    if (step.rollback) ctx.rollback = { skip: nestedSkips(step.rollback.skip, logicalId) };
    if (replace) {
      step.rec.transition({
        resource: { ...base, physicalId: existing.physicalId },
        status: 'UPDATE_IN_PROGRESS',
        reason: REPLACEMENT_REASON,
      });
      const result = await provider.create(base.properties, ctx);
      step.rec.transition({
        resource: { ...base, physicalId: result.physicalId, attributes: result.attributes },
        ...updated(halted),
      });
      return { kind: 'replaced', previous: existing, replacement: step.rec.resource(logicalId)! };
    }
    step.rec.transition({
      resource: { ...base, physicalId: existing.physicalId },
      status: 'UPDATE_IN_PROGRESS',
    });
    const result = await provider.update(existing.physicalId, base.properties, existing.properties, ctx);
    step.rec.transition({
      resource: { ...base, physicalId: result.physicalId, attributes: result.attributes },
      ...updated(halted),
    });
    return { kind: 'updated', previous: existing };
  } catch (err) {
    step.rec.transition({
      resource: { ...(base ?? existing), physicalId: existing.physicalId },
      status: 'UPDATE_FAILED',
      reason: reasonOf(err),
    });
    return { kind: 'failed', previous: existing };
  }
}

/**
 * Deletes a physical resource. `record: false` only writes events (the old resource of a replacement,
 * whose logical ID now names the new one). False when the deletion failed.
 */
export async function deleteResource(
  input: { runner: ResourceRunner; rec: Recorder; credentials: ActingCredentials },
  resource: StoredResource,
  options: { record: boolean } = { record: true },
): Promise<boolean> {
  const { rec } = input;
  const remove = options.record;
  const eventOnly = !options.record;
  if (!resource.physicalId) {
    if (!eventOnly) rec.transition({ resource, status: 'DELETE_COMPLETE', remove });
    return true;
  }
  if (resource.deletionPolicy === 'Retain') {
    rec.transition({ resource, status: 'DELETE_SKIPPED', remove, eventOnly });
    return true;
  }
  rec.transition({ resource, status: 'DELETE_IN_PROGRESS', eventOnly });
  try {
    const provider = input.runner.provider(resource.type);
    const ctx = input.runner.providerContext(rec, resource.logicalId, input.credentials);
    await provider.delete(resource.physicalId, resource.properties, ctx);
    rec.transition({ resource, status: 'DELETE_COMPLETE', remove, eventOnly });
    return true;
  } catch (err) {
    rec.transition({ resource, status: 'DELETE_FAILED', reason: reasonOf(err), eventOnly });
    return false;
  }
}
