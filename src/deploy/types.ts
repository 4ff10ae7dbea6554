/**
 * The shapes of one stack operation: what the deploy engine asks for (StackOperationInput) and what it
 * gets back (StackOperationResult), with the planned changes and the root cause of a failure.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';

/** The part of the CloudFormation client a stack operation uses (a CloudFormationClient is one). */
export type CloudFormationApi = Pick<CloudFormationClient, 'send'>;

export type StackOperationMode = 'plan' | 'deploy';

export type StackOperationOutcome = 'created' | 'updated' | 'unchanged' | 'planned' | 'failed';

export interface PollOptions {
  /** Wait between two polls (default 2,000 ms). */
  intervalMs?: number;
  /**
   * How long one wait may last (default 60 minutes): waiting for a previous operation to settle, for the
   * change set, for the execution, for a deletion. Counted as the sum of the waits between polls, so an
   * injected `sleep` makes it deterministic.
   */
  timeoutMs?: number;
}

export interface StackProgressEvent {
  stackName: string;
  status: string;
  /** Set for a resource's transition (a root-stack resource: one nested stack per function). */
  logicalId?: string;
  reason?: string;
}

export interface StackOperationInput {
  cfn: CloudFormationApi;
  stackName: string;
  /** The root template (orchestration.json) in the artifact bucket. */
  templateUrl: string;
  parameters: Record<string, string>;
  /** Default ['CAPABILITY_IAM']: the function stacks create IAM roles with generated names. */
  capabilities?: string[];
  tags?: Record<string, string>;
  mode: StackOperationMode;
  /** Default: `fleetpipe-<hash of template URL, parameters, capabilities and tags>`. */
  changeSetName?: string;
  poll?: PollOptions;
  /** Waits between polls (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
  onProgress?: (event: StackProgressEvent) => void;
  signal?: AbortSignal;
}

/** One change of a change set, nested stacks' changes flattened into the list. */
export interface PlannedChange {
  /** Logical IDs from the root stack down to this resource (the last one is `logicalId`). */
  path: string[];
  action: string;
  logicalId: string;
  resourceType: string;
  /** For `Modify`: 'True' | 'False' | 'Conditional'. */
  replacement?: string;
  physicalId?: string;
}

/** The resource whose failure made a stack operation fail. */
export interface RootCause {
  /** Logical IDs of the nested stacks from the root down to the stack holding the resource ([] = root). */
  stackPath: string[];
  logicalId: string;
  resourceType: string;
  status: string;
  reason: string;
  physicalId?: string;
  stackId: string;
  stackName: string;
}

export interface StackOperationResult {
  stackName: string;
  /** The stack's ARN (absent when a plan or a failed change set left no stack behind). */
  stackId?: string;
  account?: string;
  region?: string;
  mode: StackOperationMode;
  outcome: StackOperationOutcome;
  changeSetName: string;
  changeSetType?: 'CREATE' | 'UPDATE';
  /** The change set's ARN (it is deleted again by a plan and when it changes nothing). */
  changeSetId?: string;
  /** The ClientRequestToken of the execution: its stack events carry it (collectEvents). */
  clientRequestToken?: string;
  /** What the change set would do / did (empty for 'unchanged'). */
  changes: PlannedChange[];
  /** The stack's status when the operation ended (absent when no stack is left). */
  status?: string;
  /** Why the operation failed: the change set's or the stack's reason. */
  reason?: string;
  /** For a failed execution: the resource that failed first, followed down through nested stacks. */
  rootCause?: RootCause;
  /**
   * The stack was in ROLLBACK_COMPLETE (its creation had failed, it cannot be updated): a deploy deleted
   * it and created it again; a plan only says it would.
   */
  replacedFailedStack?: { stackId: string; deleted: boolean };
  /** Things the caller should tell the user (what was cleaned up, what could not be previewed). */
  notes: string[];
}
