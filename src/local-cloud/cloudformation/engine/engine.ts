/**
 * The stack engine: validates a stack operation synchronously (so the API can answer with its errors),
 * records the stack, and runs the operation in the background — resources along their dependency graph
 * in parallel, with AWS's status values and events, and rollback on failure. `idle()` waits for every
 * operation started so far; `close()` lets running operations finish without starting new resources.
 *
 *   const engine = new StackEngine({ store, now, providers, endpoint });
 *   const stack = engine.create({ accountId, region, stackName, templateBody, credentials, ... });
 *   await engine.idle();
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { AwsError } from '../../http/index.js';
import type { StateStore } from '../../state/store.js';
import type { ActingCredentials, ProviderContext, ResourceProvider } from '../providers/types.js';
import {
  type CloudFormationState,
  cloudformationSlice,
  findStack,
  type StoredOutput,
  type StoredStack,
  stacksIn,
} from '../state.js';
import {
  checkExportChanges,
  createOrder,
  type ParameterInput,
  partitionOf,
  type ResolveContext,
  resolveOutputs,
  type SsmParameterValue,
  type TemplateSource,
  type TemplateValue,
  waves,
} from '../template/index.js';
import { type ResourceChange, resourceChanges } from './changes.js';
import { nestedStackProvider } from './nested.js';
import { makePlan, type Plan, type PlanInput, parameterValues, storedParameters } from './plan.js';
import { Recorder, STACK_TYPE } from './recorder.js';
import { runGraph } from './schedule.js';
import {
  createResource,
  deleteResource,
  type ResourceRunner,
  type Step,
  type UpdateOutcome,
  updateResource,
} from './resources.js';
import {
  parseStackPolicy,
  type StackPolicy,
  stackPolicyDecision,
  stackPolicyReason,
} from './stack-policy.js';

export interface EngineOptions {
  store: StateStore;
  now: () => Date;
  providers: ReadonlyMap<string, ResourceProvider>;
  /** The local cloud's own endpoint, for providers. */
  endpoint: () => string;
  /** SSM Parameter Store, for `AWS::SSM::Parameter::Value<…>` parameters. */
  ssm?: (where: { accountId: string; region: string }, name: string) => SsmParameterValue | undefined;
}

export interface CreateInput {
  accountId: string;
  region: string;
  stackName: string;
  templateBody: string;
  source?: TemplateSource;
  parameters?: readonly ParameterInput[];
  capabilities?: readonly string[];
  roleArn?: string;
  disableRollback?: boolean;
  tags?: Array<{ Key: string; Value: string }>;
  clientRequestToken?: string;
  description?: string;
  parentId?: string;
  rootId?: string;
  /** A nested stack's logical ID in its parent. */
  logicalResourceId?: string;
  terminationProtection?: boolean;
  /** A stack policy document (JSON). */
  stackPolicy?: string;
  /** Checks that the caller may read an SSM parameter the template's parameters name (throws if not). */
  ssmAccess?: SsmAccess;
  /** Who CloudFormation acts as for this operation. */
  credentials: ActingCredentials;
}

export interface UpdateInput {
  stack: StoredStack;
  templateBody: string;
  source?: TemplateSource;
  parameters?: readonly ParameterInput[];
  capabilities?: readonly string[];
  roleArn?: string;
  clientRequestToken?: string;
  credentials: ActingCredentials;
  /** A new stack policy for the stack (StackPolicyBody). */
  stackPolicy?: string;
  /** A policy for this update only, in place of the stack's (StackPolicyDuringUpdateBody). */
  stackPolicyDuringUpdate?: string;
  ssmAccess?: SsmAccess;
  /**
   * The update is a rollback: back to a previous template after a parent's failed update, or
   * ContinueUpdateRollback (with its ResourcesToSkip). Statuses are UPDATE_ROLLBACK_*; a failure ends in
   * UPDATE_ROLLBACK_FAILED, with nothing further rolled back.
   */
  rollback?: { skip: readonly string[] };
}

/** Throws when the caller may not read the SSM parameter `name`. */
export type SsmAccess = (name: string) => void;

function validation(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

const TERMINAL_FAILURES = new Set(['CREATE_FAILED', 'ROLLBACK_COMPLETE', 'ROLLBACK_FAILED', 'DELETE_FAILED']);

function exportsOf(outputs: readonly StoredOutput[]): Record<string, string> {
  return Object.fromEntries(
    outputs.flatMap((o) => (o.ExportName === undefined ? [] : [[o.ExportName, o.OutputValue]])),
  );
}

/** The status a stack interrupted in `status` is left in. */
export function interruptedStatus(status: string): string {
  if (status === 'CREATE_IN_PROGRESS') return 'CREATE_FAILED';
  if (status === 'DELETE_IN_PROGRESS') return 'DELETE_FAILED';
  if (status.startsWith('ROLLBACK_')) return 'ROLLBACK_FAILED';
  // Only the cleanup was left: the stack is as its operation made it (some old resources may remain).
  if (status === 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS') return 'UPDATE_COMPLETE';
  if (status === 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS') return 'UPDATE_ROLLBACK_COMPLETE';
  return 'UPDATE_ROLLBACK_FAILED';
}

function failedList(ids: readonly string[], verb: string): string {
  return `The following resource(s) failed to ${verb}: [${[...ids].sort().join(', ')}]. `;
}

/** An update that succeeded and waits for its cleanup (nested stacks wait for their root's update). */
interface PendingUpdate {
  rec: Recorder;
  plan: Plan;
  old: StoredStack;
  outcomes: Map<string, UpdateOutcome>;
  credentials: ActingCredentials;
}

/** A nested stack resource's attributes: the child's outputs. */
function resultAttributes(child: StoredStack): Record<string, unknown> {
  return Object.fromEntries(child.outputs.map((o) => [`Outputs.${o.OutputKey}`, o.OutputValue]));
}

export class StackEngine implements ResourceRunner {
  private readonly running = new Map<string, Promise<void>>();
  /** Nested stacks' updates waiting for their root's to finish before they clean up (by StackId). */
  private readonly pending = new Map<string, PendingUpdate>();
  /** Root stacks whose update CancelUpdateStack cancelled (their nested stacks stop too). */
  private readonly cancelled = new Set<string>();
  private readonly nested: ResourceProvider;
  private closing = false;

  constructor(private readonly options: EngineOptions) {
    this.nested = nestedStackProvider(this);
  }

  get state(): CloudFormationState {
    return this.options.store.get<CloudFormationState>(cloudformationSlice);
  }

  stack(stackId: string): StoredStack {
    const stack = this.state.stacks[stackId];
    if (!stack) throw new Error(`no stack ${stackId}`);
    return stack;
  }

  // ResourceRunner ---------------------------------------------------------------------------------------

  provider(type: string): ResourceProvider {
    if (type === STACK_TYPE) return this.nested;
    const provider = this.options.providers.get(type);
    if (!provider) throw new Error(`Resource type ${type} is not supported by the local cloud.`);
    return provider;
  }

  providerContext(rec: Recorder, logicalId: string, credentials: ActingCredentials): ProviderContext {
    const stack = rec.stack;
    const ctx: ProviderContext = {
      endpoint: this.options.endpoint(),
      region: stack.region,
      accountId: stack.accountId,
      partition: partitionOf(stack.region),
      stackId: stack.stackId,
      stackName: stack.stackName,
      logicalId,
      credentials,
      now: this.options.now,
    };
    if (rec.clientRequestToken !== undefined) ctx.clientRequestToken = rec.clientRequestToken;
    return ctx;
  }

  private ssmIn(where: { accountId: string; region: string }, access?: SsmAccess): PlanInput['ssm'] {
    const lookup = this.options.ssm;
    return (
      lookup &&
      ((name) => {
        access?.(name);
        return lookup({ accountId: where.accountId, region: where.region }, name);
      })
    );
  }

  checkOpen(): void {
    if (this.closing) throw new Error('Resource handler was cancelled: the local cloud is shutting down.');
  }

  // Operations -------------------------------------------------------------------------------------------

  /**
   * Validates and records a new stack, then creates its resources in the background. With `review` the
   * stack is only recorded, in REVIEW_IN_PROGRESS (a CREATE change set's stack); `reviewed` creates such a
   * stack (the change set's execution).
   */
  create(input: CreateInput & { review?: boolean; reviewed?: StoredStack }): StoredStack {
    this.requireOpen();
    const where = { accountId: input.accountId, region: input.region };
    if (!input.reviewed && findStack(this.state, where, input.stackName)) {
      throw new AwsError('AlreadyExistsException', `Stack [${input.stackName}] already exists`);
    }
    const stackId =
      input.reviewed?.stackId ??
      `arn:${partitionOf(input.region)}:cloudformation:${input.region}:${input.accountId}:stack/${input.stackName}/${randomUUID()}`;
    const plan = makePlan({
      templateBody: input.templateBody,
      source: input.source ?? 'body',
      given: input.parameters ?? [],
      capabilities: input.capabilities ?? [],
      accountId: input.accountId,
      region: input.region,
      stackName: input.stackName,
      stackId,
      ssm: this.ssmIn(input, input.ssmAccess),
    });
    if (input.stackPolicy !== undefined) parseStackPolicy(input.stackPolicy);
    const stack: StoredStack = {
      stackId,
      stackName: input.stackName,
      accountId: input.accountId,
      region: input.region,
      status: input.review ? 'REVIEW_IN_PROGRESS' : 'CREATE_IN_PROGRESS',
      statusReason: 'User Initiated',
      createdAt: input.reviewed?.createdAt ?? this.options.now().toISOString(),
      templateBody: input.templateBody,
      parameters: storedParameters(plan),
      parameterValues: parameterValues(plan),
      capabilities: [...(input.capabilities ?? [])],
      disableRollback: input.disableRollback ?? false,
      tags: input.tags ?? [],
      resources: {},
      outputs: [],
      events: input.reviewed?.events ?? [],
    };
    if (plan.template.description !== undefined) stack.description = plan.template.description;
    if (input.roleArn !== undefined) stack.roleArn = input.roleArn;
    if (input.parentId !== undefined) stack.parentId = input.parentId;
    if (input.rootId !== undefined) stack.rootId = input.rootId;
    if (input.logicalResourceId !== undefined) stack.logicalResourceId = input.logicalResourceId;
    if (input.terminationProtection) stack.terminationProtection = true;
    if (input.stackPolicy !== undefined) stack.stackPolicy = input.stackPolicy;
    this.options.store.dispatch(cloudformationSlice, 'created', stack);
    const rec = new Recorder(this.options.store, this.options.now, stackId, input.clientRequestToken);
    if (input.review) {
      rec.status('REVIEW_IN_PROGRESS', 'User Initiated');
      return rec.stack;
    }
    rec.status('CREATE_IN_PROGRESS', 'User Initiated');
    this.track(stackId, () => this.runCreate(rec, plan, input.credentials));
    return rec.stack;
  }

  /** Validates a change set's template and parameters against a stack; the changes it would make. */
  preview(input: {
    stack: StoredStack;
    templateBody: string;
    source: TemplateSource;
    parameters: readonly ParameterInput[];
    capabilities: readonly string[];
    ssmAccess?: SsmAccess;
  }): {
    changes: ResourceChange[];
    unchanged: boolean;
    parameters: StoredStack['parameters'];
    /** New properties of the modified resources (those that resolve before execution). */
    resolved: Map<string, Record<string, unknown>>;
  } {
    const { stack } = input;
    const plan = makePlan({
      templateBody: input.templateBody,
      source: input.source,
      given: input.parameters,
      previous: stack.parameterValues,
      capabilities: input.capabilities,
      accountId: stack.accountId,
      region: stack.region,
      stackName: stack.stackName,
      stackId: stack.stackId,
      ssm: this.ssmIn(stack, input.ssmAccess),
    });
    const rec = new Recorder(this.options.store, this.options.now, stack.stackId);
    const resolved = new Map<string, Record<string, unknown>>();
    const changes = resourceChanges({
      resolved,
      plan,
      existing: stack.status === 'REVIEW_IN_PROGRESS' ? {} : stack.resources,
      context: this.context(rec, plan),
      replaceOn: (type) => (type === STACK_TYPE ? [] : this.options.providers.get(type)?.replaceOn),
    });
    const unchanged =
      stack.status !== 'REVIEW_IN_PROGRESS' &&
      changes.length === 0 &&
      isDeepStrictEqual(parameterValues(plan), stack.parameterValues);
    return { changes, unchanged, parameters: storedParameters(plan), resolved };
  }

  /** Validates an update (ValidationError "No updates are to be performed." when nothing changes). */
  update(input: UpdateInput): StoredStack {
    this.requireOpen();
    const old = input.stack;
    const { rollback } = input;
    if (old.status.endsWith('_IN_PROGRESS') || (!rollback && !this.updatable(old.status))) {
      throw validation(`Stack:${old.stackId} is in ${old.status} state and can not be updated.`);
    }
    const policyBody = input.stackPolicyDuringUpdate ?? old.stackPolicy;
    const policy = rollback || policyBody === undefined ? undefined : parseStackPolicy(policyBody);
    if (input.stackPolicy !== undefined) parseStackPolicy(input.stackPolicy);
    const plan = makePlan({
      templateBody: input.templateBody,
      source: input.source ?? 'body',
      given: input.parameters ?? [],
      previous: old.parameterValues,
      capabilities: input.capabilities ?? [],
      accountId: old.accountId,
      region: old.region,
      stackName: old.stackName,
      stackId: old.stackId,
      ssm: this.ssmIn(old, input.ssmAccess),
    });
    const sameRole = (input.roleArn ?? old.roleArn) === old.roleArn;
    if (
      !rollback &&
      plan.templateBody === old.templateBody &&
      isDeepStrictEqual(parameterValues(plan), old.parameterValues) &&
      sameRole
    ) {
      throw new AwsError('ValidationError', 'No updates are to be performed.');
    }
    const rec = new Recorder(this.options.store, this.options.now, old.stackId, input.clientRequestToken);
    const snapshot = structuredClone(old);
    rec.patch({
      templateBody: input.templateBody,
      parameters: storedParameters(plan),
      parameterValues: parameterValues(plan),
      capabilities: [...(input.capabilities ?? [])],
      roleArn: input.roleArn ?? old.roleArn,
      updatedAt: this.options.now().toISOString(),
      description: plan.template.description,
      stackPolicy: input.stackPolicy ?? old.stackPolicy,
    });
    rec.status(rollback ? 'UPDATE_ROLLBACK_IN_PROGRESS' : 'UPDATE_IN_PROGRESS', 'User Initiated');
    this.track(old.stackId, () =>
      this.runUpdate(rec, plan, snapshot, { credentials: input.credentials, policy, rollback }),
    );
    return rec.stack;
  }

  /** Deletes a stack in the background (after any operation still running on it). */
  delete(stack: StoredStack, credentials: ActingCredentials, clientRequestToken?: string): void {
    this.requireOpen();
    if (stack.status === 'DELETE_COMPLETE') return;
    const root = stack.rootId === undefined ? stack : this.state.stacks[stack.rootId];
    if (stack.parentId === undefined ? stack.terminationProtection : root?.terminationProtection) {
      throw validation(`Stack [${stack.stackName}] cannot be deleted while TerminationProtection is enabled`);
    }
    const rec = new Recorder(this.options.store, this.options.now, stack.stackId, clientRequestToken);
    const previous = this.running.get(stack.stackId) ?? Promise.resolve();
    this.track(stack.stackId, async () => {
      await previous;
      if (rec.stack.status === 'DELETE_COMPLETE') return;
      await this.runDelete(rec, credentials);
    });
  }

  /** The stack a nested change set made in review for a parent's nested stack resource, if any. */
  reviewChild(parentId: string, logicalId: string): StoredStack | undefined {
    return Object.values(this.state.stacks)
      .filter((s) => s.parentId === parentId && s.logicalResourceId === logicalId)
      .filter((s) => s.status === 'REVIEW_IN_PROGRESS')
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))[0];
  }

  /** Drops a stack still in review (its change set went without being executed). */
  discardReview(stackId: string): void {
    const stack = this.state.stacks[stackId];
    if (stack?.status !== 'REVIEW_IN_PROGRESS') return;
    new Recorder(this.options.store, this.options.now, stackId).status('DELETE_COMPLETE');
  }

  /** UpdateTerminationProtection: on a root stack only (nested stacks follow their root). */
  setTerminationProtection(stack: StoredStack, enabled: boolean): void {
    if (stack.parentId !== undefined) {
      throw validation(
        `Stack [${stack.stackName}] is a nested stack: termination protection can only be set on its root stack.`,
      );
    }
    new Recorder(this.options.store, this.options.now, stack.stackId).patch({
      terminationProtection: enabled,
    });
  }

  /** SetStackPolicy. */
  setStackPolicy(stack: StoredStack, body: string): void {
    parseStackPolicy(body);
    new Recorder(this.options.store, this.options.now, stack.stackId).patch({ stackPolicy: body });
  }

  /**
   * CancelUpdateStack: the update starts no further resources (resources in flight finish),
   * then rolls back; the root's nested stacks stop with it.
   */
  cancelUpdate(stack: StoredStack): void {
    if (stack.status !== 'UPDATE_IN_PROGRESS' || stack.parentId !== undefined) {
      throw validation('CancelUpdateStack cannot be called from current stack status');
    }
    this.cancelled.add(stack.stackId);
  }

  /**
   * ContinueUpdateRollback: rolls a root stack in UPDATE_ROLLBACK_FAILED back again, to the template it is
   * rolling back to. `skip` names resources whose rollback failed (`Nested.Resource` for ones in nested
   * stacks): they are marked UPDATE_COMPLETE and left as they are.
   */
  continueRollback(input: {
    stack: StoredStack;
    skip: readonly string[];
    roleArn?: string;
    clientRequestToken?: string;
    credentials: ActingCredentials;
  }): void {
    const { stack } = input;
    if (stack.parentId !== undefined) {
      throw validation(
        `Stack [${stack.stackName}] is a nested stack: continue the rollback of its root stack instead.`,
      );
    }
    if (stack.status !== 'UPDATE_ROLLBACK_FAILED') {
      throw validation(
        `Stack:${stack.stackId} is in ${stack.status} state and can not continue update rollback. Only stacks in UPDATE_ROLLBACK_FAILED can continue it.`,
      );
    }
    for (const entry of input.skip) this.checkSkip(stack, entry, entry);
    const update: UpdateInput = {
      stack,
      templateBody: stack.templateBody,
      source: 'url',
      parameters: Object.entries(stack.parameterValues).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
      capabilities: stack.capabilities,
      credentials: input.credentials,
      rollback: { skip: input.skip },
    };
    if (input.roleArn !== undefined) update.roleArn = input.roleArn;
    if (input.clientRequestToken !== undefined) update.clientRequestToken = input.clientRequestToken;
    this.update(update);
  }

  private checkSkip(stack: StoredStack, entry: string, path: string): void {
    const dot = entry.indexOf('.');
    const logicalId = dot < 0 ? entry : entry.slice(0, dot);
    const resource = stack.resources[logicalId];
    if (resource?.status !== 'UPDATE_FAILED') {
      throw validation(
        `ResourcesToSkip: ${path} cannot be skipped: only resources whose rollback failed (in UPDATE_FAILED) can be skipped.`,
      );
    }
    if (dot < 0) return;
    const child = resource.type === STACK_TYPE ? this.state.stacks[resource.physicalId] : undefined;
    if (!child) throw validation(`ResourcesToSkip: ${path}: ${logicalId} is not a nested stack.`);
    this.checkSkip(child, entry.slice(dot + 1), path);
  }

  /**
   * After a crash, stacks whose operation was running stay IN_PROGRESS forever; they are marked failed
   * (CREATE_FAILED, UPDATE_ROLLBACK_FAILED, DELETE_FAILED, ROLLBACK_FAILED) so they can be deleted.
   */
  recoverInterrupted(): void {
    for (const stack of Object.values(this.state.stacks)) {
      if (!stack.status.endsWith('_IN_PROGRESS') || stack.status === 'REVIEW_IN_PROGRESS') continue;
      const failed = interruptedStatus(stack.status);
      new Recorder(this.options.store, this.options.now, stack.stackId).status(
        failed,
        'The local cloud stopped while this operation was running.',
      );
    }
  }

  /** Resolves once the stack's current operation has finished. */
  async settled(stackId: string): Promise<StoredStack> {
    for (;;) {
      const running = this.running.get(stackId);
      if (!running) return this.stack(stackId);
      await running;
    }
  }

  /**
   * Runs `work` after `ms` milliseconds, counted as running work (`idle()` waits for it; a closing
   * engine runs it at once).
   */
  defer(key: string, ms: number, work: () => void): void {
    const promise = new Promise<void>((resolve) => {
      setTimeout(resolve, this.closing ? 0 : ms);
    })
      .then(work)
      .finally(() => {
        if (this.running.get(key) === promise) this.running.delete(key);
      });
    this.running.set(key, promise);
  }

  /** Resolves once every operation started so far (and those they started) has finished. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  /** No new operations or resources; resolves once running operations have wound down. */
  async close(): Promise<void> {
    this.closing = true;
    await this.idle();
  }

  exportValue(where: { accountId: string; region: string }, name: string): string | undefined {
    for (const stack of stacksIn(this.state, where)) {
      if (stack.status === 'DELETE_COMPLETE') continue;
      const output = stack.outputs.find((o) => o.ExportName === name);
      if (output) return output.OutputValue;
    }
    return undefined;
  }

  // Runs -------------------------------------------------------------------------------------------------

  private updatable(status: string): boolean {
    return ![
      'ROLLBACK_COMPLETE',
      'ROLLBACK_FAILED',
      'DELETE_COMPLETE',
      'DELETE_FAILED',
      'CREATE_FAILED',
      'UPDATE_ROLLBACK_FAILED',
    ].includes(status);
  }

  private requireOpen(): void {
    if (this.closing)
      throw new AwsError('ServiceUnavailable', 'The local cloud is shutting down.', { status: 503 });
  }

  private track(stackId: string, run: () => Promise<void>): void {
    const promise = run()
      .catch((err: unknown) => {
        // A bug in the engine: the stack must not stay IN_PROGRESS forever.
        const rec = new Recorder(this.options.store, this.options.now, stackId);
        const status = rec.stack.status.replace(/_IN_PROGRESS$/, '_FAILED');
        rec.status(status, err instanceof Error ? err.message : String(err));
      })
      .finally(() => {
        if (this.running.get(stackId) === promise) this.running.delete(stackId);
      });
    this.running.set(stackId, promise);
  }

  private context(rec: Recorder, plan: Plan, imports?: Set<string>): ResolveContext {
    const stack = rec.stack;
    const where = { accountId: stack.accountId, region: stack.region };
    return {
      parameters: plan.parameters.values,
      pseudo: plan.pseudo,
      conditions: plan.conditions,
      mappings: plan.template.mappings,
      resourceIds: new Set(Object.keys(plan.template.resources)),
      ref: (id) => rec.resource(id)?.physicalId || undefined,
      getAtt: (id, attribute) => rec.resource(id)?.attributes[attribute] as TemplateValue | undefined,
      importValue: (name) => {
        imports?.add(name);
        return this.exportValue(where, name);
      },
    };
  }

  /** Stacks (other than `stack`) importing each export name, by stack name. */
  private importers(stack: StoredStack): Record<string, string[]> {
    const importers: Record<string, string[]> = {};
    for (const other of stacksIn(this.state, stack)) {
      if (other.stackId === stack.stackId || other.status === 'DELETE_COMPLETE') continue;
      for (const name of other.imports ?? []) {
        importers[name] = [...(importers[name] ?? []), other.stackName];
      }
    }
    return importers;
  }

  /** Importers of an export (ListImports), by stack name. */
  importersOf(where: { accountId: string; region: string }, exportName: string): string[] {
    return stacksIn(this.state, where)
      .filter((s) => s.status !== 'DELETE_COMPLETE' && (s.imports ?? []).includes(exportName))
      .map((s) => s.stackName)
      .sort();
  }

  /** Deletes resources after everything that depends on them; returns the IDs that failed. */
  private async deleteAll(
    rec: Recorder,
    credentials: ActingCredentials,
    only?: ReadonlySet<string>,
  ): Promise<string[]> {
    const resources = Object.values(rec.stack.resources).filter((r) => !only || only.has(r.logicalId));
    const ids = resources.map((r) => r.logicalId);
    const dependents: Record<string, string[]> = Object.fromEntries(ids.map((id) => [id, []]));
    for (const r of resources) for (const dep of r.dependsOn) dependents[dep]?.push(r.logicalId);
    const failures: string[] = [];
    for (const wave of waves(ids, dependents)) {
      const results = await Promise.all(
        wave.map(
          async (id) =>
            [id, await deleteResource({ runner: this, rec, credentials }, rec.resource(id)!)] as const,
        ),
      );
      failures.push(...results.filter(([, ok]) => !ok).map(([id]) => id));
    }
    return failures;
  }

  /** Resolves the outputs and checks their exports against the other stacks'; a failure's reason. */
  private finishOutputs(
    rec: Recorder,
    plan: Plan,
    before: readonly StoredOutput[] = [],
    imports?: Set<string>,
  ): string | undefined {
    try {
      const outputs = resolveOutputs(plan.template, this.context(rec, plan, imports));
      const stack = rec.stack;
      const exportedByOthers: Record<string, string> = {};
      for (const other of stacksIn(this.state, stack)) {
        if (other.stackId === stack.stackId || other.status === 'DELETE_COMPLETE') continue;
        for (const o of other.outputs)
          if (o.ExportName !== undefined) exportedByOthers[o.ExportName] = other.stackName;
      }
      checkExportChanges({
        stackName: stack.stackName,
        before: exportsOf(before),
        after: exportsOf(outputs),
        exportedByOthers,
        importers: this.importers(stack),
      });
      rec.patch({ outputs, ...(imports ? { imports: [...imports].sort() } : {}) });
      return undefined;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  private async runCreate(rec: Recorder, plan: Plan, credentials: ActingCredentials): Promise<void> {
    const imports = new Set<string>();
    const step: Step = { runner: this, rec, plan, context: this.context(rec, plan, imports), credentials };
    const { failures } = await runGraph({
      nodes: createOrder(plan.template, { conditions: plan.conditions }).flat(),
      dependencies: plan.graph.dependencies,
      apply: (id, halted) => createResource(step, id, halted),
      failed: (ok) => !ok,
    });
    let reason = failures.length > 0 ? failedList(failures, 'create') : undefined;
    if (!reason) reason = this.finishOutputs(rec, plan, [], imports);
    if (!reason) {
      rec.status('CREATE_COMPLETE');
      return;
    }
    // A nested stack's rollback is its parent's: the parent deletes it.
    if (rec.stack.disableRollback || rec.stack.parentId !== undefined) {
      rec.status('CREATE_FAILED', reason);
      return;
    }
    rec.status('ROLLBACK_IN_PROGRESS', failures.length > 0 ? `${reason}Rollback requested by user.` : reason);
    const stuck = await this.deleteAll(rec, credentials);
    if (stuck.length > 0) rec.status('ROLLBACK_FAILED', failedList(stuck, 'delete'));
    else rec.status('ROLLBACK_COMPLETE');
  }

  private async runDelete(rec: Recorder, credentials: ActingCredentials): Promise<void> {
    rec.status('DELETE_IN_PROGRESS', 'User Initiated');
    const importers = this.importers(rec.stack);
    const inUse = rec.stack.outputs.find((o) => o.ExportName !== undefined && importers[o.ExportName]);
    if (inUse?.ExportName !== undefined) {
      const names = importers[inUse.ExportName]!;
      rec.status(
        'DELETE_FAILED',
        `Export ${inUse.ExportName} cannot be deleted as it is in use by ${names.join(', ')}`,
      );
      return;
    }
    const stuck = await this.deleteAll(rec, credentials);
    if (stuck.length > 0) rec.status('DELETE_FAILED', failedList(stuck, 'delete'));
    else rec.status('DELETE_COMPLETE');
  }

  private async runUpdate(
    rec: Recorder,
    plan: Plan,
    old: StoredStack,
    options: { credentials: ActingCredentials; policy?: StackPolicy; rollback?: { skip: readonly string[] } },
  ): Promise<void> {
    const { credentials, rollback } = options;
    const imports = new Set<string>();
    const step: Step = { runner: this, rec, plan, context: this.context(rec, plan, imports), credentials };
    if (options.policy) step.policy = options.policy;
    if (rollback) step.rollback = rollback;
    const outcomes = new Map<string, UpdateOutcome>();
    const rootId = old.rootId ?? old.stackId;
    let failures = options.policy ? this.deniedRemovals(rec, plan, options.policy) : [];
    let cancelled = false;
    if (failures.length === 0) {
      const run = await runGraph({
        nodes: createOrder(plan.template, { conditions: plan.conditions }).flat(),
        dependencies: plan.graph.dependencies,
        apply: async (id, halted) => {
          const outcome = await updateResource(step, id, halted);
          outcomes.set(id, outcome);
          return outcome;
        },
        failed: (outcome) => outcome.kind === 'failed',
        stopped: () => this.cancelled.has(rootId),
      });
      failures = run.failures;
      cancelled = run.stopped;
    }
    if (old.parentId === undefined) this.cancelled.delete(old.stackId);
    let reason = cancelled ? 'Stack update cancelled' : undefined;
    if (!reason && failures.length > 0) reason = failedList(failures, 'update');
    if (!reason) reason = this.finishOutputs(rec, plan, old.outputs, imports);
    if (!reason) {
      rec.status(
        rollback ? 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS' : 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      );
      const update: PendingUpdate = { rec, plan, old, outcomes, credentials };
      if (!rollback && old.parentId !== undefined) {
        // As on AWS, a nested stack's cleanup waits for its root's update: until then a failure elsewhere
        // in the tree can still roll it back to the very resources it replaced.
        this.pending.set(old.stackId, update);
        return;
      }
      await this.completeCleanup(update, rollback !== undefined);
      return;
    }
    if (rollback) {
      // A rollback that fails is not rolled back: ContinueUpdateRollback picks it up.
      rec.status('UPDATE_ROLLBACK_FAILED', reason);
      return;
    }
    await this.rollBack({ rec, plan, old, outcomes, credentials }, reason);
  }

  /**
   * The cleanup of an update that succeeded: first of the nested stacks it updated (whose own cleanups
   * waited for it), then its own — the resources replacements left behind and those no longer in the
   * template are deleted.
   */
  private async completeCleanup(update: PendingUpdate, rollback: boolean): Promise<void> {
    const { rec, plan, outcomes, credentials } = update;
    await Promise.all(
      [...outcomes.keys()].map(async (id) => {
        const child = this.pendingChild(rec, id);
        if (!child) return;
        this.pending.delete(child.old.stackId);
        await this.completeCleanup(child, false);
      }),
    );
    await this.cleanUp(rec, credentials, outcomes, 'replaced');
    const kept = new Set(plan.graph.resources);
    const removed = new Set(Object.keys(rec.stack.resources).filter((id) => !kept.has(id)));
    await this.deleteAll(rec, credentials, removed);
    rec.status(rollback ? 'UPDATE_ROLLBACK_COMPLETE' : 'UPDATE_COMPLETE');
  }

  /** The pending update of the nested stack resource `logicalId` of `rec`'s stack, if it waits. */
  private pendingChild(rec: Recorder, logicalId: string): PendingUpdate | undefined {
    const resource = rec.resource(logicalId);
    if (resource?.type !== STACK_TYPE) return undefined;
    return this.pending.get(resource.physicalId);
  }

  /**
   * Rolls a failed update back: resources updated in place are updated back, replaced ones point at
   * their old physical resources again (the replacements are deleted), created ones are deleted, and
   * nested stacks still waiting for their cleanup are rolled back the same way.
   */
  private async rollBack(update: PendingUpdate, reason: string): Promise<void> {
    const { rec, old, outcomes, credentials } = update;
    rec.status('UPDATE_ROLLBACK_IN_PROGRESS', reason);
    rec.patch({
      templateBody: old.templateBody,
      parameters: old.parameters,
      parameterValues: old.parameterValues,
      capabilities: old.capabilities,
      roleArn: old.roleArn,
      description: old.description,
      outputs: old.outputs,
    });
    const rollbackFailures = await this.rollBackUpdates(rec, credentials, outcomes);
    rec.status('UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS');
    await this.cleanUp(rec, credentials, outcomes, 'rollback');
    const created = new Set([...outcomes].filter(([id]) => !(id in old.resources)).map(([id]) => id));
    await this.deleteAll(rec, credentials, created);
    if (rollbackFailures.length > 0)
      rec.status('UPDATE_ROLLBACK_FAILED', failedList(rollbackFailures, 'update'));
    else rec.status('UPDATE_ROLLBACK_COMPLETE');
  }

  /** Resources the update would remove that the stack policy protects (recorded as UPDATE_FAILED). */
  private deniedRemovals(rec: Recorder, plan: Plan, policy: StackPolicy): string[] {
    const kept = new Set(plan.graph.resources);
    const denied: string[] = [];
    for (const resource of Object.values(rec.stack.resources)) {
      if (kept.has(resource.logicalId)) continue;
      const action = 'Update:Delete';
      const decision = stackPolicyDecision(policy, {
        action,
        logicalId: resource.logicalId,
        resourceType: resource.type,
      });
      if (decision === 'allow') continue;
      rec.transition({ resource, status: 'UPDATE_FAILED', reason: stackPolicyReason(decision, action) });
      denied.push(resource.logicalId);
    }
    return denied;
  }

  /** Restores updated and replaced resources to what they were before the update. */
  private async rollBackUpdates(
    rec: Recorder,
    credentials: ActingCredentials,
    outcomes: ReadonlyMap<string, UpdateOutcome>,
  ): Promise<string[]> {
    const failures: string[] = [];
    await Promise.all(
      [...outcomes].map(async ([id, outcome]) => {
        if (outcome.kind === 'failed' && outcome.previous) {
          const child =
            outcome.previous.type === STACK_TYPE ? this.state.stacks[outcome.previous.physicalId] : undefined;
          if (child?.status === 'UPDATE_ROLLBACK_FAILED') {
            // The nested stack could not roll itself back: so neither can this resource.
            failures.push(id);
            return;
          }
          rec.transition({ resource: outcome.previous, status: 'UPDATE_COMPLETE' });
        } else if (outcome.kind === 'replaced') {
          rec.transition({ resource: outcome.previous, status: 'UPDATE_COMPLETE' });
        } else if (outcome.kind === 'updated' && this.pendingChild(rec, id)) {
          const child = this.pendingChild(rec, id)!;
          this.pending.delete(child.old.stackId);
          await this.rollBack(child, 'Rollback requested by the parent stack');
          const after = child.rec.stack;
          if (after.status !== 'UPDATE_ROLLBACK_COMPLETE') {
            rec.transition({
              resource: rec.resource(id)!,
              status: 'UPDATE_FAILED',
              reason: `Embedded stack ${after.stackId} was not successfully rolled back: ${after.statusReason ?? after.status}`,
            });
            failures.push(id);
            return;
          }
          rec.transition({
            resource: { ...outcome.previous, attributes: resultAttributes(after) },
            status: 'UPDATE_COMPLETE',
          });
        } else if (outcome.kind === 'updated') {
          const current = rec.resource(id)!;
          rec.transition({
            resource: { ...outcome.previous, physicalId: current.physicalId },
            status: 'UPDATE_IN_PROGRESS',
          });
          try {
            const provider = this.provider(outcome.previous.type);
            const ctx = this.providerContext(rec, id, credentials);
            ctx.rollback = { skip: [] };
            const result = await provider.update(
              current.physicalId,
              outcome.previous.properties,
              current.properties,
              ctx,
            );
            rec.transition({
              resource: { ...outcome.previous, physicalId: result.physicalId, attributes: result.attributes },
              status: 'UPDATE_COMPLETE',
            });
          } catch (err) {
            rec.transition({
              resource: current,
              status: 'UPDATE_FAILED',
              reason: err instanceof Error ? err.message : String(err),
            });
            failures.push(id);
          }
        }
      }),
    );
    return failures;
  }

  /**
   * Deletes the physical resources a replacement left behind: the old ones after a successful update,
   * the new ones after a rollback. Only events are written; the records name the kept resources.
   */
  private async cleanUp(
    rec: Recorder,
    credentials: ActingCredentials,
    outcomes: ReadonlyMap<string, UpdateOutcome>,
    phase: 'replaced' | 'rollback',
  ): Promise<void> {
    await Promise.all(
      [...outcomes].map(async ([id, outcome]) => {
        if (outcome.kind !== 'replaced') return;
        const doomed = phase === 'replaced' ? outcome.previous : outcome.replacement;
        await deleteResource(
          { runner: this, rec, credentials },
          { ...doomed, logicalId: id },
          { record: false },
        );
      }),
    );
  }

  /** Whether a stack's create ended in failure. */
  static failed(stack: StoredStack): boolean {
    return TERMINAL_FAILURES.has(stack.status);
  }
}
