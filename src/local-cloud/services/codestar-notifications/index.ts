/**
 * The local cloud's CodeStar Notifications (REST-JSON, signing name `codestar-notifications`, which the
 * wire core's catalog does not list, so it is configured here): notification rules on CodePipeline
 * pipelines, CodeBuild projects, CodeCommit repositories and CodeDeploy applications, validated as AWS
 * validates them (event types of the resource's kind, SNS and AWS Chatbot Slack targets), subscriptions,
 * targets and tags. Rules are stored, not executed: no notification is ever sent. Every operation is
 * authorized through `deps.authorize` as `codestar-notifications:<Action>` on the rule's ARN.
 *
 *   createLocalCloud({
 *     extraServices: [(r, d) => registerCodeStarNotifications(r, d)],
 *     slices: codestarNotificationsSlices,
 *   });
 */
import type { RestInput, ServiceRegistry } from '../../http/registry.js';
import type { RequestContext } from '../../http/types.js';
import { callOf } from '../codepipeline/call.js';
import { Fields } from '../shared/fields.js';
import type { ServiceDeps } from '../deps.js';
import { NotificationErrors } from './errors.js';
import { eventTypeOperations } from './ops/event-types.js';
import { ruleOperations } from './ops/rules.js';
import { tagOperations } from './ops/tags.js';
import { targetOperations } from './ops/targets.js';
import type { NotificationsCall, NotificationsOperation } from './ops/types.js';
import { notificationsSlice } from './state.js';

export { EVENT_TYPES, type EventType, parseSource } from './event-types.js';
export { ruleArn } from './names.js';
export type { NotificationsState, RuleTarget, StoredRule, StoredTarget } from './state.js';

/** The signing name of the service. */
export const CODESTAR_NOTIFICATIONS_SERVICE = 'codestar-notifications';

/** The StateStore slices CodeStar Notifications keeps its state in. */
export const codestarNotificationsSlices = [notificationsSlice];

const OPERATIONS = { ...ruleOperations, ...eventTypeOperations, ...targetOperations, ...tagOperations };

/** The operations answered, each at `POST /<operation in camelCase>`. */
export const CODESTAR_NOTIFICATIONS_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

/** The request members: the JSON body, or for UntagResource the ARN in the path and `tagKeys` in the query. */
function membersOf(name: string, input: RestInput): Record<string, unknown> {
  if (name !== 'UntagResource') return input.json();
  return { Arn: input.params['Arn'], TagKeys: input.query.getAll('tagKeys') };
}

function pathOf(name: string): string {
  const path = `/${name[0]!.toLowerCase()}${name.slice(1)}`;
  return name === 'UntagResource' ? `${path}/{Arn+}` : path;
}

function callFor(deps: ServiceDeps, ctx: RequestContext): NotificationsCall {
  const call = callOf(deps, ctx, NotificationErrors.anonymous);
  return { ...call, principalArn: deps.callerOf(ctx)?.arn ?? '' };
}

function handle(deps: ServiceDeps, name: string, operation: NotificationsOperation) {
  return (input: RestInput, ctx: RequestContext) => {
    const call = callFor(deps, ctx);
    const f = new Fields(membersOf(name, input), { validationCode: 'ValidationException' });
    return { body: operation(deps, f, call) ?? {} };
  };
}

export function registerCodeStarNotifications(registry: ServiceRegistry, deps: ServiceDeps): void {
  registry.configure(CODESTAR_NOTIFICATIONS_SERVICE, { protocol: 'rest-json' });
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    registry.rest(CODESTAR_NOTIFICATIONS_SERVICE, 'POST', pathOf(name), handle(deps, name, operation));
  }
}
