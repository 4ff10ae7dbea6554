/**
 * Composing target handlers: `targetRouter` picks a handler by the service in the target's ARN
 * (`lambda`, `sns`, …), and `snsTopicTarget` delivers to SNS topics as EventBridge does — publishing as
 * `events.amazonaws.com`, which the topic policy must allow (with the rule as `aws:SourceArn`).
 *
 *   registerEvents(registry, deps, { deliver: targetRouter({ sns: snsTopicTarget(sns), lambda }) });
 */
import type { SnsInternal } from '../sns/internal.js';
import type { TargetDelivery, TargetHandler } from './runtime.js';

/** The service part of an ARN (`arn:aws:<service>:…`). */
export function arnService(arn: string): string {
  return arn.split(':')[2] ?? '';
}

export function targetRouter(handlers: Readonly<Record<string, TargetHandler>>): TargetHandler {
  return (delivery: TargetDelivery) => {
    const service = arnService(delivery.target.Arn);
    const handler = handlers[service];
    if (!handler)
      throw new Error(`The local cloud cannot deliver to ${service} targets (${delivery.target.Arn}).`);
    return handler(delivery);
  };
}

export function snsTopicTarget(sns: Pick<SnsInternal, 'publishAsService'>): TargetHandler {
  return (delivery) => {
    sns.publishAsService({
      servicePrincipal: 'events.amazonaws.com',
      sourceArn: delivery.rule.arn,
      sourceAccount: delivery.rule.accountId,
      topicArn: delivery.target.Arn,
      message: delivery.input,
    });
  };
}
