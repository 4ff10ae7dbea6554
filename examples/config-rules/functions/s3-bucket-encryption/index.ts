/**
 * Custom AWS Config rule: S3 buckets must have default encryption
 * (SSE-KMS, or SSE-S3 unless the rule's `requireKms` parameter is true).
 *
 * Change-triggered on AWS::S3::Bucket. The decision lives in evaluate.ts;
 * this file reads the Config event and reports the result.
 */
import { type ConfigApi, sdkConfigApi } from './config-api.js';
import { type ConfigurationItem, type Evaluation, evaluateBucket, parseRuleParameters } from './evaluate.js';

/** The event AWS Config sends a custom rule's function. */
export interface ConfigRuleEvent {
  /** JSON: see InvokingEvent. */
  invokingEvent: string;
  /** JSON of the rule's input parameters. */
  ruleParameters?: string;
  resultToken: string;
  /** True when the resource no longer matches the rule's scope. */
  eventLeftScope?: boolean;
  configRuleName?: string;
}

interface ConfigurationItemSummary {
  resourceType: string;
  resourceId: string;
  configurationItemStatus: string;
  configurationItemCaptureTime: string;
}

type InvokingEvent =
  | { messageType: 'ConfigurationItemChangeNotification'; configurationItem: ConfigurationItem }
  | {
      messageType: 'OversizedConfigurationItemChangeNotification';
      configurationItemSummary: ConfigurationItemSummary;
    }
  | { messageType: 'ScheduledNotification' };

export interface HandlerDeps {
  configApi: () => Promise<ConfigApi>;
}

export interface HandlerResult {
  evaluations: Evaluation[];
}

/**
 * Config leaves large items out of the event and sends a summary instead;
 * the full item then comes from the resource's configuration history.
 */
async function configurationItemOf(
  invoking: InvokingEvent,
  api: ConfigApi,
): Promise<ConfigurationItem | undefined> {
  switch (invoking.messageType) {
    case 'ConfigurationItemChangeNotification':
      return invoking.configurationItem;
    case 'OversizedConfigurationItemChangeNotification': {
      const summary = invoking.configurationItemSummary;
      if (summary.configurationItemStatus.startsWith('ResourceDeleted')) return summary;
      return (await api.latestConfigurationItem(summary)) ?? summary;
    }
    default:
      return undefined;
  }
}

export function createHandler(deps: HandlerDeps): (event: ConfigRuleEvent) => Promise<HandlerResult> {
  return async (event) => {
    const invoking = JSON.parse(event.invokingEvent) as InvokingEvent;
    const api = await deps.configApi();
    const item = await configurationItemOf(invoking, api);
    // A change-triggered rule has nothing to evaluate on a periodic tick.
    if (!item) return { evaluations: [] };

    const evaluation = evaluateBucket(item, parseRuleParameters(event.ruleParameters), {
      leftScope: event.eventLeftScope === true,
    });

    await api.putEvaluations({ resultToken: event.resultToken, evaluations: [evaluation] });
    return { evaluations: [evaluation] };
  };
}

export const handler = createHandler({ configApi: sdkConfigApi });
