/** AWS::Events::Rule with its Targets; the physical ID is the rule name (with the bus on a custom bus). */
import {
  DeleteRuleCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { jsonText, objectList, optionalString, type Props } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'EventBridge';

function targetsOf(props: Props): Target[] {
  return objectList(props, 'Targets').map((t) => ({
    Id: String(t['Id']),
    Arn: String(t['Arn']),
    Input: jsonText(t['Input']),
    InputPath: optionalString(t, 'InputPath'),
    RoleArn: optionalString(t, 'RoleArn'),
    InputTransformer: t['InputTransformer'] as never,
  }));
}

function busOf(props: Props): string | undefined {
  return optionalString(props, 'EventBusName');
}

async function put(
  events: EventBridgeClient,
  name: string,
  props: Props,
  previous: Props,
): Promise<ProviderResult> {
  const out = await call(SERVICE, () =>
    events.send(
      new PutRuleCommand({
        Name: name,
        EventBusName: busOf(props),
        ScheduleExpression: optionalString(props, 'ScheduleExpression'),
        EventPattern: jsonText(props['EventPattern']),
        State: (optionalString(props, 'State') ?? 'ENABLED') as never,
        Description: optionalString(props, 'Description'),
        RoleArn: optionalString(props, 'RoleArn'),
      }),
    ),
  );
  const targets = targetsOf(props);
  const ids = new Set(targets.map((t) => t.Id));
  const gone = targetsOf(previous)
    .map((t) => t.Id ?? '')
    .filter((id) => !ids.has(id));
  if (gone.length > 0) {
    await call(SERVICE, () =>
      events.send(new RemoveTargetsCommand({ Rule: name, EventBusName: busOf(props), Ids: gone })),
    );
  }
  if (targets.length > 0) {
    const answer = await call(SERVICE, () =>
      events.send(new PutTargetsCommand({ Rule: name, EventBusName: busOf(props), Targets: targets })),
    );
    const failed = answer.FailedEntries?.[0];
    if (failed) {
      await call(SERVICE, () => Promise.reject({ name: failed.ErrorCode, message: failed.ErrorMessage }));
    }
  }
  return { physicalId: name, attributes: { Arn: out.RuleArn } };
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const name = optionalString(props, 'Name') ?? generatedName(ctx, { maxLength: 64 });
  return put(clientFor(EventBridgeClient, ctx), name, props, {});
}

async function remove(name: string, props: Props, ctx: ProviderContext): Promise<void> {
  const events = clientFor(EventBridgeClient, ctx);
  const ids = targetsOf(props).map((t) => t.Id ?? '');
  if (ids.length > 0) {
    const removed = await callUnlessGone(SERVICE, () =>
      events.send(new RemoveTargetsCommand({ Rule: name, EventBusName: busOf(props), Ids: ids })),
    );
    if (removed === undefined) return;
  }
  await callUnlessGone(SERVICE, () =>
    events.send(new DeleteRuleCommand({ Name: name, EventBusName: busOf(props) })),
  );
}

export const eventsRuleProvider: ResourceProvider = {
  type: 'AWS::Events::Rule',
  replaceOn: ['Name', 'EventBusName'],
  create,
  update: (name, props, previous, ctx) => put(clientFor(EventBridgeClient, ctx), name, props, previous),
  delete: remove,
};
