/**
 * One stack operation on one target: plan or deploy the orchestration stack through a change set that
 * includes the nested stacks.
 *
 * 1. Find the stack; wait while another operation runs on it.
 * 2. Decide (stack-state.ts): create it, update it, create it over a REVIEW_IN_PROGRESS leftover, replace
 *    a ROLLBACK_COMPLETE one (deleted first: a stack whose creation failed cannot be updated), or refuse
 *    (UPDATE_ROLLBACK_FAILED and other states the user has to resolve).
 * 3. Create the change set (IncludeNestedStacks) and wait for it. "No changes" → 'unchanged'; another
 *    failure → 'failed' with CloudFormation's reason.
 * 4. Plan: read the changes, delete the change set (a plan changes nothing; a stack made for it in
 *    REVIEW_IN_PROGRESS is deleted too) → 'planned'.
 *    Deploy: execute it with a ClientRequestToken, wait until the stack settles → 'created' / 'updated',
 *    or 'failed' with the root cause found in the operation's events.
 */
import {
  DeleteStackCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Stack,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { FleetpipeError } from '../errors.js';
import {
  changeSetNames,
  createChangeSet,
  deleteChangeSet,
  isNoChangeReason,
  plannedChanges,
  waitForChangeSet,
} from './change-sets.js';
import { CHANGE_SET_PREFIX, checkChangeSetName, defaultChangeSetName, executionToken } from './names.js';
import { findRootCause, stackFailureReason } from './root-cause.js';
import { collectEvents, EventTail, isStackEvent } from './stack-events.js';
import { isInProgress, locationOf, nextStep, stackError } from './stack-state.js';
import type { CloudFormationApi, PlannedChange, StackOperationInput, StackOperationResult } from './types.js';
import { Waiter } from './waiter.js';

/** The function stacks create IAM roles with generated names; nested stacks need no AUTO_EXPAND. */
export const DEFAULT_CAPABILITIES: readonly string[] = ['CAPABILITY_IAM'];

/** Errors of CreateChangeSet that are CloudFormation refusing this input (the target fails). */
const REJECTIONS = new Set(['ValidationError', 'InsufficientCapabilitiesException']);

export async function deployStack(input: StackOperationInput): Promise<StackOperationResult> {
  const operation = new StackOperation(input);
  try {
    return await operation.run();
  } catch (err) {
    throw operation.abortedOr(err);
  }
}

/** "90 s", "12.5 min". */
const duration = (ms: number): string =>
  ms < 60_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round((ms / 60_000) * 10) / 10} min`;

class StackOperation {
  private readonly cfn: CloudFormationApi;
  private readonly stackName: string;
  private readonly capabilities: readonly string[];
  private readonly changeSetName: string;
  private readonly waiter: Waiter;
  private readonly notes: string[] = [];
  private stackId: string | undefined;
  /** The last stack ARN seen, for account and region once the stack is gone. */
  private knownStackId: string | undefined;
  private lastStatus: string | undefined;
  private changeSetId: string | undefined;
  private clientRequestToken: string | undefined;
  /** Set once ExecuteChangeSet was called: from then on CloudFormation changes the stack. */
  private executing = false;

  constructor(private readonly input: StackOperationInput) {
    this.cfn = input.cfn;
    this.stackName = input.stackName;
    this.capabilities = input.capabilities ?? DEFAULT_CAPABILITIES;
    this.changeSetName = checkChangeSetName(
      input.changeSetName ??
        defaultChangeSetName({
          templateUrl: input.templateUrl,
          parameters: input.parameters,
          capabilities: this.capabilities,
          tags: input.tags,
        }),
    );
    this.waiter = new Waiter({
      ...input.poll,
      sleep: input.sleep,
      signal: input.signal,
      aborted: (reason) =>
        stackError({
          code: 'StackOperationAborted',
          stackName: this.stackName,
          stackId: this.stackId,
          problem: this.executing
            ? 'is still being changed by CloudFormation: fleetpipe stopped watching it because the operation was aborted'
            : 'was left as it was: the operation was aborted before any change set was executed',
          hint: this.executing
            ? 'follow the stack in the console (or describe-stack-events); deploy again once it has settled'
            : 'deploy again when you are ready',
          cause: reason,
        }),
    });
  }

  /** An SDK call cut short by the signal becomes the operation's abort error. */
  abortedOr(err: unknown): unknown {
    if (err instanceof FleetpipeError || !this.input.signal?.aborted) return err;
    try {
      this.waiter.check();
    } catch (aborted) {
      return aborted;
    }
    return err;
  }

  private get signal() {
    return this.input.signal ? { abortSignal: this.input.signal } : {};
  }

  async run(): Promise<StackOperationResult> {
    let stack = await this.settled();
    let step = nextStep(stack?.StackStatus, this.stackName);
    let replacedFailedStack: StackOperationResult['replacedFailedStack'];
    if (step.kind === 'refuse') {
      throw stackError({ ...step, stackName: this.stackName, stackId: this.stackId });
    }
    if (step.kind === 'replace-failed' && stack) {
      const stackId = stack.StackId ?? '';
      if (this.input.mode === 'plan') {
        this.notes.push(
          `The stack is in ROLLBACK_COMPLETE (its creation failed): a deploy deletes it and creates it again. ` +
            'Its changes cannot be previewed before that.',
        );
        return this.result({
          outcome: 'planned',
          changeSetType: 'CREATE',
          status: stack.StackStatus,
          replacedFailedStack: { stackId, deleted: false },
        });
      }
      await this.deleteStack(stackId);
      replacedFailedStack = { stackId, deleted: true };
      this.notes.push(
        `The stack was in ROLLBACK_COMPLETE (its creation had failed and it cannot be updated): it was deleted and created again.`,
      );
      stack = undefined;
      this.stackId = undefined;
      step = { kind: 'create' };
    }
    if (step.kind === 'create-in-review') await this.checkReviewChangeSets();
    if (stack) await deleteChangeSet(this.cfn, this.changeSetRef());

    const type = step.kind === 'update' ? 'UPDATE' : 'CREATE';
    const extra = { changeSetType: type, ...(replacedFailedStack ? { replacedFailedStack } : {}) } as const;
    let created: { changeSetId: string; stackId: string };
    try {
      created = await createChangeSet(this.cfn, {
        stackName: this.stackName,
        changeSetName: this.changeSetName,
        type,
        templateUrl: this.input.templateUrl,
        parameters: this.input.parameters,
        capabilities: this.capabilities,
        tags: this.input.tags,
        signal: this.input.signal,
      });
    } catch (err) {
      if (!(err instanceof Error) || !REJECTIONS.has(err.name)) throw err;
      if (type === 'CREATE') await this.discardReviewStack();
      return this.result({
        ...extra,
        outcome: 'failed',
        reason: err.message,
        status: await this.statusNow(),
      });
    }
    this.stackId = created.stackId;
    this.knownStackId = created.stackId;
    this.changeSetId = created.changeSetId;
    const described = await waitForChangeSet(this.cfn, this.waiter, {
      changeSetId: created.changeSetId,
      timedOut: (status, waited) =>
        this.timeout(`has a change set still ${status} after ${duration(waited)} of waiting`),
    });
    if (described.Status !== 'CREATE_COMPLETE') {
      await deleteChangeSet(this.cfn, this.changeSetRef());
      if (isNoChangeReason(described.StatusReason)) {
        return this.result({ ...extra, outcome: 'unchanged', status: await this.statusNow() });
      }
      if (type === 'CREATE') await this.discardReviewStack();
      const reason = described.StatusReason ?? `the change set ended in ${described.Status ?? 'no status'}`;
      return this.result({ ...extra, outcome: 'failed', reason, status: await this.statusNow() });
    }
    const changes = await plannedChanges(this.cfn, created.changeSetId, this.input.signal);
    if (this.input.mode === 'plan') {
      await deleteChangeSet(this.cfn, this.changeSetRef());
      this.notes.push(`A plan changes nothing: its change set ${this.changeSetName} was deleted.`);
      if (type === 'CREATE') {
        await this.discardReviewStack();
        this.notes.push(
          'The stack had no resources: the stack in REVIEW_IN_PROGRESS the change set needed was deleted too.',
        );
      }
      return this.result({ ...extra, outcome: 'planned', changes, status: await this.statusNow() });
    }
    return this.execute(created.changeSetId, changes, extra);
  }

  private async execute(
    changeSetId: string,
    changes: PlannedChange[],
    extra: Pick<StackOperationResult, 'changeSetType' | 'replacedFailedStack'>,
  ): Promise<StackOperationResult> {
    const stackId = this.stackId ?? '';
    const token = executionToken(changeSetId);
    this.clientRequestToken = token;
    this.waiter.check();
    this.executing = true;
    await this.cfn.send(
      new ExecuteChangeSetCommand({
        ChangeSetName: changeSetId,
        StackName: stackId,
        ClientRequestToken: token,
      }),
      this.signal,
    );
    const tail = this.input.onProgress
      ? new EventTail({ cfn: this.cfn, stackId, clientRequestToken: token, signal: this.input.signal })
      : undefined;
    const final = await this.waiter.until({
      read: async () => {
        const stack = await this.describe(stackId);
        if (tail) this.report(await tail.next());
        return stack;
      },
      settled: (stack) => {
        const status = stack?.StackStatus ?? 'DELETE_COMPLETE';
        return !isInProgress(status) && status !== 'REVIEW_IN_PROGRESS';
      },
      timedOut: (stack, waited) =>
        this.timeout(`is still ${stack?.StackStatus ?? 'in progress'} after ${duration(waited)} of waiting`),
    });
    const status = final?.StackStatus ?? 'DELETE_COMPLETE';
    if (status === 'CREATE_COMPLETE' || status === 'UPDATE_COMPLETE') {
      const outcome = status === 'CREATE_COMPLETE' ? 'created' : 'updated';
      return this.result({ ...extra, outcome, changes, status });
    }
    const events = await collectEvents({
      cfn: this.cfn,
      stackId,
      clientRequestToken: token,
      follow: 'failed',
      signal: this.input.signal,
    });
    const rootCause = findRootCause({ stackId, events });
    const reason =
      final?.StackStatusReason || stackFailureReason({ stackId, events }) || `the stack ended in ${status}`;
    const result = this.result({ ...extra, outcome: 'failed', changes, status, reason });
    if (rootCause) result.rootCause = rootCause;
    return result;
  }

  // Stacks -----------------------------------------------------------------------------------------------

  /** The stack (by name or ARN), or undefined when there is none. */
  private async describe(nameOrId: string): Promise<Stack | undefined> {
    let stack: Stack | undefined;
    try {
      const out = await this.cfn.send(new DescribeStacksCommand({ StackName: nameOrId }), this.signal);
      stack = out.Stacks?.[0];
    } catch (err) {
      if (err instanceof Error && err.name === 'ValidationError' && /does not exist/.test(err.message)) {
        return undefined;
      }
      throw err;
    }
    if (stack?.StackId && stack.StackStatus !== 'DELETE_COMPLETE') this.stackId = stack.StackId;
    if (stack?.StackId) this.knownStackId = stack.StackId;
    if (stack?.StackStatus && stack.StackStatus !== this.lastStatus) {
      this.lastStatus = stack.StackStatus;
      this.progress({ status: stack.StackStatus, reason: stack.StackStatusReason });
    }
    return stack;
  }

  /** The stack once no operation runs on it. */
  private settled(): Promise<Stack | undefined> {
    return this.waiter.until({
      read: () => this.describe(this.stackName),
      settled: (stack) => stack === undefined || !isInProgress(stack.StackStatus ?? ''),
      timedOut: (stack, waited) =>
        this.timeout(
          `is still ${stack?.StackStatus ?? 'busy'} from an earlier operation after ${duration(waited)} of waiting`,
        ),
    });
  }

  private async statusNow(): Promise<string | undefined> {
    const stack = await this.describe(this.stackId ?? this.stackName);
    if (!stack || stack.StackStatus === 'DELETE_COMPLETE') {
      this.stackId = undefined;
      return undefined;
    }
    return stack.StackStatus;
  }

  /** Deletes a stack by ARN and waits until it is gone. */
  private async deleteStack(stackId: string): Promise<void> {
    this.waiter.check();
    await this.cfn.send(new DeleteStackCommand({ StackName: stackId }), this.signal);
    const gone = await this.waiter.until({
      read: () => this.describe(stackId),
      settled: (stack) => stack === undefined || !isInProgress(stack.StackStatus ?? ''),
      timedOut: (stack, waited) =>
        this.timeout(
          `is still ${stack?.StackStatus ?? 'being deleted'} after ${duration(waited)} of waiting`,
        ),
    });
    if (gone && gone.StackStatus !== 'DELETE_COMPLETE') {
      throw stackError({
        code: 'StackDeleteFailed',
        stackName: this.stackName,
        stackId,
        problem: `could not be deleted (${gone.StackStatus}: ${gone.StackStatusReason ?? 'no reason given'})`,
        hint: 'delete it by hand (with --retain-resources for resources that cannot be deleted) and deploy again',
      });
    }
  }

  /** A stack only a change set made (REVIEW_IN_PROGRESS, no resources): deleted, so nothing is left. */
  private async discardReviewStack(): Promise<void> {
    const stack = await this.describe(this.stackId ?? this.stackName);
    if (stack?.StackStatus !== 'REVIEW_IN_PROGRESS' || !stack.StackId) return;
    await this.deleteStack(stack.StackId);
    this.stackId = undefined;
  }

  /** A REVIEW_IN_PROGRESS stack with someone else's change sets is theirs to execute or delete. */
  private async checkReviewChangeSets(): Promise<void> {
    const names = await changeSetNames(this.cfn, { stackName: this.stackName, signal: this.input.signal });
    const foreign = names.filter((n) => n !== this.changeSetName && !n.startsWith(CHANGE_SET_PREFIX));
    if (foreign.length === 0) return;
    throw stackError({
      code: 'StackInReviewWithForeignChangeSets',
      stackName: this.stackName,
      stackId: this.stackId,
      problem:
        `is in REVIEW_IN_PROGRESS with change sets fleetpipe did not make (${foreign.join(', ')}); ` +
        'executing fleetpipe’s would delete them',
      hint: `execute or delete those change sets (aws cloudformation delete-change-set --stack-name ${this.stackName} --change-set-name <name>), then deploy again`,
    });
  }

  // Results and reporting ----------------------------------------------------------------------------------

  private changeSetRef() {
    return {
      stackName: this.stackId ?? this.stackName,
      changeSetName: this.changeSetName,
      signal: this.input.signal,
    };
  }

  private timeout(problem: string): FleetpipeError {
    return stackError({
      code: 'StackOperationTimeout',
      stackName: this.stackName,
      stackId: this.stackId,
      problem,
      hint: 'CloudFormation goes on by itself: follow the stack in the console (or describe-stack-events), deploy again once it has settled, or raise poll.timeoutMs',
    });
  }

  private progress(event: { status: string; logicalId?: string; reason?: string | undefined }): void {
    if (!this.input.onProgress) return;
    const out: Parameters<NonNullable<StackOperationInput['onProgress']>>[0] = {
      stackName: this.stackName,
      status: event.status,
    };
    if (event.logicalId !== undefined) out.logicalId = event.logicalId;
    if (event.reason) out.reason = event.reason;
    this.input.onProgress(out);
  }

  private report(events: readonly StackEvent[]): void {
    for (const event of events) {
      if (isStackEvent(event)) continue;
      this.progress({
        status: event.ResourceStatus ?? '',
        logicalId: event.LogicalResourceId ?? '',
        reason: event.ResourceStatusReason,
      });
    }
  }

  private result(
    fields: Pick<StackOperationResult, 'outcome'> & Partial<Omit<StackOperationResult, 'notes' | 'mode'>>,
  ): StackOperationResult {
    const result: StackOperationResult = {
      stackName: this.stackName,
      mode: this.input.mode,
      changeSetName: this.changeSetName,
      changes: [],
      ...fields,
      notes: [...this.notes],
    };
    const stackId = this.stackId ?? fields.stackId;
    if (stackId) result.stackId = stackId;
    const where = locationOf(stackId ?? this.knownStackId);
    if (where.account) result.account = where.account;
    if (where.region) result.region = where.region;
    if (this.changeSetId) result.changeSetId = this.changeSetId;
    if (this.clientRequestToken) result.clientRequestToken = this.clientRequestToken;
    if (result.status === undefined) delete result.status;
    if (result.reason === undefined) delete result.reason;
    return result;
  }
}
