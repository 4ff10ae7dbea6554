/**
 * What a stack's status means for the next operation (pure): wait for it, create it, update it, replace
 * a failed creation, or refuse with what the user has to do first.
 */
import { FleetpipeError } from '../errors.js';

export type StackStep =
  | { kind: 'wait' }
  | { kind: 'create' }
  /** A REVIEW_IN_PROGRESS stack (a change set was made and never executed): created from it. */
  | { kind: 'create-in-review' }
  /** ROLLBACK_COMPLETE: its creation failed; it can only be deleted, then created again. */
  | { kind: 'replace-failed' }
  | { kind: 'update' }
  | { kind: 'refuse'; code: string; problem: string; hint: string };

const UPDATABLE = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'UPDATE_FAILED',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

/** A status in which CloudFormation is still working on the stack. */
export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS') && status !== 'REVIEW_IN_PROGRESS';
}

/** The next step for a stack in `status` (undefined: there is no stack, or it was deleted). */
export function nextStep(status: string | undefined, stackName: string): StackStep {
  if (status === undefined || status === 'DELETE_COMPLETE') return { kind: 'create' };
  if (isInProgress(status)) return { kind: 'wait' };
  if (status === 'REVIEW_IN_PROGRESS') return { kind: 'create-in-review' };
  if (status === 'ROLLBACK_COMPLETE') return { kind: 'replace-failed' };
  if (UPDATABLE.has(status)) return { kind: 'update' };
  if (status === 'UPDATE_ROLLBACK_FAILED') {
    return {
      kind: 'refuse',
      code: 'StackUpdateRollbackFailed',
      problem:
        'is in UPDATE_ROLLBACK_FAILED: a failed update could not be rolled back, so it cannot be updated',
      hint:
        `fix what blocked the rollback (see the stack's events), then run ` +
        `\`aws cloudformation continue-update-rollback --stack-name ${stackName}\` (add ` +
        '`--resources-to-skip` for resources that cannot be rolled back) and deploy again',
    };
  }
  if (status === 'ROLLBACK_FAILED' || status === 'DELETE_FAILED' || status === 'CREATE_FAILED') {
    return {
      kind: 'refuse',
      code: 'StackNeedsCleanup',
      problem: `is in ${status}: it cannot be updated and fleetpipe does not delete stacks that may hold resources`,
      hint:
        `delete it (\`aws cloudformation delete-stack --stack-name ${stackName}\`, with ` +
        '`--retain-resources` for resources that cannot be deleted) and deploy again',
    };
  }
  return {
    kind: 'refuse',
    code: 'StackStatusUnsupported',
    problem: `is in ${status}, a status fleetpipe does not deploy over`,
    hint: 'bring the stack to a *_COMPLETE status (or delete it) and deploy again',
  };
}

export interface StackLocation {
  account?: string;
  region?: string;
}

/** Account and region from a stack ARN (`arn:aws:cloudformation:<region>:<account>:stack/<name>/<id>`). */
export function locationOf(stackId: string | undefined): StackLocation {
  const parts = stackId?.split(':') ?? [];
  if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'cloudformation') return {};
  const location: StackLocation = {};
  if (parts[3]) location.region = parts[3];
  if (parts[4]) location.account = parts[4];
  return location;
}

/** "stack X in account A (region R)", as much of it as is known. */
export function stackLabel(stackName: string, stackId?: string): string {
  const { account, region } = locationOf(stackId);
  let text = `stack ${stackName}`;
  if (account) text += ` in account ${account}`;
  if (region) text += account ? ` (${region})` : ` in ${region}`;
  return text;
}

/** A FleetpipeError about a stack: "Stack X in account A (region R) <problem>." with a hint. */
export function stackError(input: {
  code: string;
  stackName: string;
  stackId?: string;
  problem: string;
  hint: string;
  cause?: unknown;
}): FleetpipeError {
  const label = stackLabel(input.stackName, input.stackId);
  return new FleetpipeError(input.code, `${label[0]!.toUpperCase()}${label.slice(1)} ${input.problem}.`, {
    hint: input.hint,
    ...(input.cause === undefined ? {} : { cause: input.cause }),
  });
}
