/**
 * The event types CodeStar Notifications offers for the resources it supports (CodePipeline pipelines,
 * CodeBuild projects, CodeCommit repositories, CodeDeploy applications), with the IDs AWS publishes in the
 * Developer Tools console guide ("Events for notification rules on …"), and how a resource ARN names the
 * kind of resource a rule is for.
 */

export interface EventType {
  EventTypeId: string;
  ServiceName: string;
  EventTypeName: string;
  ResourceType: string;
}

/** A kind of resource notification rules can watch. */
export interface SourceKind {
  /** `codepipeline` (the ARN's service and the event type IDs' prefix). */
  service: string;
  ServiceName: string;
  ResourceType: string;
  /** The resource part of the ARN (after `<region>:<account>:`). */
  resource: RegExp;
  /** `[category, [[event, id suffix], …]]` */
  events: readonly (readonly [string, readonly (readonly [string, string])[]])[];
}

export const SOURCE_KINDS: readonly SourceKind[] = [
  {
    service: 'codecommit',
    ServiceName: 'CodeCommit',
    ResourceType: 'Repository',
    resource: /^[\w.-]{1,100}$/,
    events: [
      [
        'Comments',
        [
          ['On commits', 'repository-comments-on-commits'],
          ['On pull requests', 'repository-comments-on-pull-requests'],
        ],
      ],
      [
        'Approvals',
        [
          ['Status changed', 'repository-approvals-status-changed'],
          ['Rule override', 'repository-approvals-rule-override'],
        ],
      ],
      [
        'Pull request',
        [
          ['Created', 'repository-pull-request-created'],
          ['Source updated', 'repository-pull-request-source-updated'],
          ['Status changed', 'repository-pull-request-status-changed'],
          ['Merged', 'repository-pull-request-merged'],
        ],
      ],
      [
        'Branches and tags',
        [
          ['Created', 'repository-branches-and-tags-created'],
          ['Deleted', 'repository-branches-and-tags-deleted'],
          ['Updated', 'repository-branches-and-tags-updated'],
        ],
      ],
    ],
  },
  {
    service: 'codebuild',
    ServiceName: 'CodeBuild',
    ResourceType: 'Project',
    resource: /^project\/[A-Za-z0-9][A-Za-z0-9\-_]{1,254}$/,
    events: [
      [
        'Build state',
        [
          ['Failed', 'project-build-state-failed'],
          ['Succeeded', 'project-build-state-succeeded'],
          ['In-progress', 'project-build-state-in-progress'],
          ['Stopped', 'project-build-state-stopped'],
        ],
      ],
      [
        'Build phase',
        [
          ['Failure', 'project-build-phase-failure'],
          ['Success', 'project-build-phase-success'],
        ],
      ],
    ],
  },
  {
    service: 'codedeploy',
    ServiceName: 'CodeDeploy',
    ResourceType: 'Application',
    resource: /^application:[\w.+@-]{1,100}$/,
    events: [
      [
        'Deployment',
        [
          ['Failed', 'application-deployment-failed'],
          ['Succeeded', 'application-deployment-succeeded'],
          ['Started', 'application-deployment-started'],
        ],
      ],
    ],
  },
  {
    service: 'codepipeline',
    ServiceName: 'CodePipeline',
    ResourceType: 'Pipeline',
    resource: /^[A-Za-z0-9.@\-_]{1,100}$/,
    events: [
      [
        'Action execution',
        [
          ['Succeeded', 'pipeline-action-execution-succeeded'],
          ['Failed', 'pipeline-action-execution-failed'],
          ['Canceled', 'pipeline-action-execution-canceled'],
          ['Started', 'pipeline-action-execution-started'],
        ],
      ],
      [
        'Stage execution',
        [
          ['Started', 'pipeline-stage-execution-started'],
          ['Succeeded', 'pipeline-stage-execution-succeeded'],
          ['Resumed', 'pipeline-stage-execution-resumed'],
          ['Canceled', 'pipeline-stage-execution-canceled'],
          ['Failed', 'pipeline-stage-execution-failed'],
        ],
      ],
      [
        'Pipeline execution',
        [
          ['Failed', 'pipeline-pipeline-execution-failed'],
          ['Canceled', 'pipeline-pipeline-execution-canceled'],
          ['Started', 'pipeline-pipeline-execution-started'],
          ['Resumed', 'pipeline-pipeline-execution-resumed'],
          ['Succeeded', 'pipeline-pipeline-execution-succeeded'],
          ['Superseded', 'pipeline-pipeline-execution-superseded'],
        ],
      ],
      [
        'Manual approval',
        [
          ['Failed', 'pipeline-manual-approval-failed'],
          ['Needed', 'pipeline-manual-approval-needed'],
          ['Succeeded', 'pipeline-manual-approval-succeeded'],
        ],
      ],
    ],
  },
];

function eventTypesOf(kind: SourceKind): EventType[] {
  return kind.events.flatMap(([category, events]) =>
    events.map(([event, suffix]) => ({
      EventTypeId: `${kind.service}-${suffix}`,
      ServiceName: kind.ServiceName,
      EventTypeName: `${category}: ${event}`,
      ResourceType: kind.ResourceType,
    })),
  );
}

/** Every event type, in the order of the tables above. */
export const EVENT_TYPES: readonly EventType[] = SOURCE_KINDS.flatMap(eventTypesOf);

const BY_ID = new Map(EVENT_TYPES.map((e) => [e.EventTypeId, e]));

export function findEventType(id: string): EventType | undefined {
  return BY_ID.get(id);
}

export interface ParsedSource {
  kind: SourceKind;
  region: string;
  accountId: string;
}

const ARN = /^arn:aws[a-z-]*:([a-z0-9-]+):([a-z0-9-]+):(\d{12}):(.+)$/;

/** The kind of resource an ARN names, or undefined when notification rules cannot watch it. */
export function parseSource(arn: string): ParsedSource | undefined {
  const m = ARN.exec(arn);
  if (!m) return undefined;
  const kind = SOURCE_KINDS.find((k) => k.service === m[1] && k.resource.test(m[4]!));
  return kind ? { kind, region: m[2]!, accountId: m[3]! } : undefined;
}
