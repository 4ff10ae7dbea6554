/**
 * The events of one stack operation, across the root stack and the nested stacks it touched.
 *
 * An event belongs to the operation when it carries the operation's ClientRequestToken (fleetpipe sets
 * one on ExecuteChangeSet). Nested stacks' events may not carry it (the local cloud does not propagate
 * it), so for a stack none of whose events carries the token, the events at or after the operation's
 * start (the root's first event with the token) are taken instead. Without a token (or when no event
 * carries it), the root's operation starts at its newest `User Initiated` *_IN_PROGRESS stack event.
 *
 * Nested stacks are found through the physical IDs of AWS::CloudFormation::Stack resources in the
 * events; a nested stack deleted since (a failed creation's rollback) is still read by its ARN.
 */
import { DescribeStackEventsCommand, type StackEvent } from '@aws-sdk/client-cloudformation';
import type { CloudFormationApi } from './types.js';

export const NESTED_STACK_TYPE = 'AWS::CloudFormation::Stack';

export interface CollectEventsInput {
  cfn: CloudFormationApi;
  /** The root stack's ARN. */
  stackId: string;
  /** The operation's ClientRequestToken. */
  clientRequestToken?: string;
  /** The operation's start, for stacks whose events carry no token (default: from the root's events). */
  since?: Date;
  /** Nested stacks to read: every one the operation touched (default), or only those that failed. */
  follow?: 'all' | 'failed';
  signal?: AbortSignal;
}

type Verdict = 'take' | 'skip' | 'stop';

/** Decides, event by event (newest first), which events of one stack belong to the operation. */
export class OperationFilter {
  private sawToken = false;
  private readonly byTime: StackEvent[] = [];
  private readonly taken: StackEvent[] = [];

  constructor(private readonly match: { token?: string; since?: Date }) {}

  /** Takes or skips `event`; 'stop' when it and every older event are before the operation. */
  accept(event: StackEvent): Verdict {
    const { token, since } = this.match;
    if (token !== undefined && event.ClientRequestToken === token) {
      this.sawToken = true;
      this.taken.push(event);
      return 'take';
    }
    if (this.sawToken) return 'stop';
    if (since === undefined) return 'skip';
    if (event.Timestamp !== undefined && event.Timestamp.getTime() < since.getTime()) return 'stop';
    this.byTime.push(event);
    return 'take';
  }

  /** Whether an event carried the token. */
  get matchedToken(): boolean {
    return this.sawToken;
  }

  /** The operation's events, newest first (those with the token when any had it). */
  get events(): StackEvent[] {
    return this.sawToken ? [...this.taken] : [...this.byTime];
  }
}

/** A stack's own status event (not one of its resources'). */
export function isStackEvent(event: StackEvent): boolean {
  return event.ResourceType === NESTED_STACK_TYPE && event.PhysicalResourceId === event.StackId;
}

/** The ARN of the nested stack an event of its parent is about (undefined for other events). */
export function nestedStackOf(event: StackEvent): string | undefined {
  if (event.ResourceType !== NESTED_STACK_TYPE || isStackEvent(event)) return undefined;
  const id = event.PhysicalResourceId;
  if (id?.startsWith('arn:')) return id;
  return /Embedded stack (arn:\S+?) was not successfully/.exec(event.ResourceStatusReason ?? '')?.[1];
}

async function* eventsOf(cfn: CloudFormationApi, stackId: string, signal?: AbortSignal) {
  let nextToken: string | undefined;
  do {
    const page = await cfn.send(
      new DescribeStackEventsCommand({ StackName: stackId, NextToken: nextToken }),
      signal ? { abortSignal: signal } : {},
    );
    for (const event of page.StackEvents ?? []) yield event;
    nextToken = page.NextToken;
  } while (nextToken);
}

async function filtered(
  cfn: CloudFormationApi,
  stackId: string,
  filter: OperationFilter,
  signal?: AbortSignal,
): Promise<OperationFilter> {
  for await (const event of eventsOf(cfn, stackId, signal)) {
    if (filter.accept(event) === 'stop') break;
  }
  return filter;
}

/** The root's events since its newest `User Initiated` *_IN_PROGRESS stack event, newest first. */
async function sinceUserInitiated(
  cfn: CloudFormationApi,
  stackId: string,
  signal?: AbortSignal,
): Promise<StackEvent[]> {
  const taken: StackEvent[] = [];
  for await (const event of eventsOf(cfn, stackId, signal)) {
    taken.push(event);
    const status = event.ResourceStatus ?? '';
    if (
      isStackEvent(event) &&
      status.endsWith('_IN_PROGRESS') &&
      event.ResourceStatusReason === 'User Initiated'
    )
      break;
  }
  return taken;
}

function earliest(events: readonly StackEvent[]): Date | undefined {
  let first: Date | undefined;
  for (const e of events) if (e.Timestamp && (!first || e.Timestamp < first)) first = e.Timestamp;
  return first;
}

/** The nested stacks an operation's events of one stack touched (or, with 'failed', those that failed). */
function childrenIn(events: readonly StackEvent[], follow: 'all' | 'failed'): string[] {
  const children: string[] = [];
  for (const event of [...events].reverse()) {
    const child = nestedStackOf(event);
    if (child === undefined || children.includes(child)) continue;
    if (follow === 'all' || (event.ResourceStatus ?? '').endsWith('_FAILED')) children.push(child);
  }
  return children;
}

function isMissingStack(err: unknown): boolean {
  return err instanceof Error && err.name === 'ValidationError' && /does not exist/.test(err.message);
}

/**
 * The operation's events: the root's, then each nested stack's (breadth first), each stack's newest
 * first as DescribeStackEvents lists them.
 */
export async function collectEvents(input: CollectEventsInput): Promise<StackEvent[]> {
  const { cfn, signal } = input;
  const follow = input.follow ?? 'all';
  const token = input.clientRequestToken;
  const root = await filtered(cfn, input.stackId, new OperationFilter({ token, since: input.since }), signal);
  let rootEvents = root.events;
  if (rootEvents.length === 0 && input.since === undefined) {
    rootEvents = await sinceUserInitiated(cfn, input.stackId, signal);
  }
  const since = input.since ?? earliest(rootEvents);
  const all = [...rootEvents];
  const queue = childrenIn(rootEvents, follow);
  const seen = new Set([input.stackId, ...queue]);
  while (queue.length > 0) {
    const stackId = queue.shift()!;
    let events: StackEvent[];
    try {
      events = (await filtered(cfn, stackId, new OperationFilter({ token, since }), signal)).events;
    } catch (err) {
      if (isMissingStack(err)) continue;
      throw err;
    }
    all.push(...events);
    for (const child of childrenIn(events, follow)) {
      if (seen.has(child)) continue;
      seen.add(child);
      queue.push(child);
    }
  }
  return all;
}

/**
 * New events of the root stack's running operation, oldest first, poll after poll (for progress).
 * Reads pages until it reaches an event it has seen or one without the operation's token.
 */
export class EventTail {
  private readonly seen = new Set<string>();

  constructor(
    private readonly input: {
      cfn: CloudFormationApi;
      stackId: string;
      clientRequestToken: string;
      signal?: AbortSignal;
    },
  ) {}

  async next(): Promise<StackEvent[]> {
    const fresh: StackEvent[] = [];
    for await (const event of eventsOf(this.input.cfn, this.input.stackId, this.input.signal)) {
      if (event.EventId !== undefined && this.seen.has(event.EventId)) break;
      // Newest first: an event without the token is older than the operation (or it has none yet).
      if (event.ClientRequestToken !== this.input.clientRequestToken) break;
      fresh.push(event);
    }
    for (const event of fresh) if (event.EventId !== undefined) this.seen.add(event.EventId);
    return fresh.reverse();
  }
}
