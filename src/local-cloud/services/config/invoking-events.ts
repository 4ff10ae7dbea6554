/**
 * The events AWS Config invokes a rule's function with (pure): ScheduledNotification for periodic
 * rules, ConfigurationItemChangeNotification per configuration item for change-triggered rules, and
 * OversizedConfigurationItemChangeNotification (a summary; the function calls GetResourceConfigHistory)
 * when the item would make the event too large for Lambda's asynchronous payload limit.
 */
import { type ConfigurationItem, eventItem, itemSummary } from './items.js';
import { configRoleArn, type Where } from './names.js';
import type { StoredConfigRule } from './state.js';

/** Lambda's limit for asynchronous invocation payloads. */
export const MAX_EVENT_BYTES = 256 * 1024;

export interface EventInput {
  rule: StoredConfigRule;
  where: Where;
  now: Date;
  resultToken: string;
}

function envelope(input: EventInput, invokingEvent: Record<string, unknown>): Record<string, unknown> {
  return {
    version: '1.0',
    invokingEvent: JSON.stringify(invokingEvent),
    ruleParameters: input.rule.inputParameters ?? '{}',
    resultToken: input.resultToken,
    eventLeftScope: false,
    executionRoleArn: configRoleArn(input.where.accountId),
    configRuleArn: input.rule.arn,
    configRuleName: input.rule.name,
    configRuleId: input.rule.id,
    accountId: input.where.accountId,
    evaluationMode: 'DETECTIVE',
  };
}

export function scheduledEvent(input: EventInput): Record<string, unknown> {
  return envelope(input, {
    awsAccountId: input.where.accountId,
    notificationCreationTime: input.now.toISOString(),
    messageType: 'ScheduledNotification',
    recordVersion: '1.0',
  });
}

export function changeEvent(input: EventInput & { item: ConfigurationItem }): Record<string, unknown> {
  const full = envelope(input, {
    configurationItemDiff: null,
    configurationItem: eventItem(input.item),
    notificationCreationTime: input.now.toISOString(),
    messageType: 'ConfigurationItemChangeNotification',
    recordVersion: '1.3',
  });
  if (Buffer.byteLength(JSON.stringify(full)) <= MAX_EVENT_BYTES) return full;
  return envelope(input, {
    configurationItemSummary: itemSummary(input.item),
    notificationCreationTime: input.now.toISOString(),
    messageType: 'OversizedConfigurationItemChangeNotification',
    recordVersion: '1.0',
  });
}

/** Whether a rule is periodic and/or triggered by configuration changes. */
export function triggersOf(rule: StoredConfigRule): { periodic: boolean; onChange: boolean } {
  const types = rule.source.SourceDetails.map((d) => d.MessageType);
  return {
    periodic: types.includes('ScheduledNotification'),
    onChange:
      types.includes('ConfigurationItemChangeNotification') ||
      types.includes('OversizedConfigurationItemChangeNotification'),
  };
}
