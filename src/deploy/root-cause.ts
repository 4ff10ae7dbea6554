/**
 * The root cause of a failed stack operation, from its events (pure).
 *
 * In each stack, the earliest *_FAILED resource event is the cause, unless it is a nested stack that
 * failed because of its child ("Embedded stack arn:… was not successfully created/updated"): then the
 * cause is the child's, found the same way. Failures that only report a cancellation ("Resource
 * creation cancelled" — CloudFormation stopping work in flight because something else failed) are
 * passed over while a real failure exists anywhere in the tree. When no resource failed, the stack's
 * own failure reason is the cause (an export conflict, a failed output).
 */
import type { StackEvent } from '@aws-sdk/client-cloudformation';
import { isStackEvent, nestedStackOf } from './stack-events.js';
import type { RootCause } from './types.js';

export interface RootCauseInput {
  /** The root stack's ARN. */
  stackId: string;
  /** The operation's events of the root and its nested stacks, each stack's newest first. */
  events: readonly StackEvent[];
}

const CANCELLED = /\bcancell?ed\b/i;

const isFailed = (event: StackEvent): boolean => (event.ResourceStatus ?? '').endsWith('_FAILED');

/** A stack status event that says why the stack failed (not its "User Initiated" start). */
function isStackFailure(event: StackEvent): boolean {
  const status = event.ResourceStatus ?? '';
  const reason = event.ResourceStatusReason ?? '';
  if (reason === '' || reason === 'User Initiated') return false;
  return status.endsWith('_FAILED') || status.endsWith('ROLLBACK_IN_PROGRESS');
}

/** Each stack's events, oldest first. */
function chronological(events: readonly StackEvent[]): Map<string, StackEvent[]> {
  const byStack = new Map<string, StackEvent[]>();
  for (const event of events) {
    const id = event.StackId ?? '';
    const list = byStack.get(id) ?? [];
    list.push(event);
    byStack.set(id, list);
  }
  for (const [id, list] of byStack) {
    const oldestFirst = [...list].reverse();
    oldestFirst.sort((a, b) => (a.Timestamp?.getTime() ?? 0) - (b.Timestamp?.getTime() ?? 0));
    byStack.set(id, oldestFirst);
  }
  return byStack;
}

function causeOf(event: StackEvent, stackPath: string[]): RootCause {
  const cause: RootCause = {
    stackPath,
    logicalId: event.LogicalResourceId ?? '',
    resourceType: event.ResourceType ?? '',
    status: event.ResourceStatus ?? '',
    reason: event.ResourceStatusReason ?? '',
    stackId: event.StackId ?? '',
    stackName: event.StackName ?? '',
  };
  if (event.PhysicalResourceId) cause.physicalId = event.PhysicalResourceId;
  return cause;
}

const isCancellation = (cause: RootCause): boolean => CANCELLED.test(cause.reason);

/**
 * Why the stack itself failed, as its status events said (e.g. "The following resource(s) failed to
 * create: [Alpha]. Rollback requested by user."): the earliest such reason of the root stack.
 */
export function stackFailureReason(input: RootCauseInput): string | undefined {
  const events = chronological(input.events).get(input.stackId) ?? [];
  return events.find((e) => isStackEvent(e) && isStackFailure(e))?.ResourceStatusReason;
}

export function findRootCause(input: RootCauseInput): RootCause | undefined {
  const byStack = chronological(input.events);

  const causeIn = (stackId: string, stackPath: string[], visiting: Set<string>): RootCause | undefined => {
    const events = byStack.get(stackId) ?? [];
    const causes: RootCause[] = [];
    for (const event of events) {
      if (isStackEvent(event) || !isFailed(event)) continue;
      const child = nestedStackOf(event);
      const below =
        child !== undefined && byStack.has(child) && !visiting.has(child)
          ? causeIn(child, [...stackPath, event.LogicalResourceId ?? ''], new Set([...visiting, child]))
          : undefined;
      const cause = below ?? causeOf(event, stackPath);
      if (!isCancellation(cause)) return cause;
      causes.push(cause);
    }
    if (causes.length > 0) return causes[0];
    const own = events.find((e) => isStackEvent(e) && isStackFailure(e));
    return own ? causeOf(own, stackPath) : undefined;
  };

  return causeIn(input.stackId, [], new Set([input.stackId]));
}
