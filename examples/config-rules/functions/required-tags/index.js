/**
 * Custom AWS Config rule: resources must carry the required tags, with
 * allowed values where the policy names them (see tag-policy.js).
 *
 * Change-triggered on the resource types listed in function.yaml.
 */
import { sdkConfigApi } from './config-api.js';
import { evaluateResource, parsePolicy } from './tag-policy.js';

/**
 * The configuration item to judge. Config sends a summary instead of the item
 * when the item is too large; the full item then comes from its history.
 */
async function configurationItemOf(invoking, api) {
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

/** @param {{ configApi: () => Promise<{ putEvaluations: Function, latestConfigurationItem: Function }> }} deps */
export function createHandler({ configApi }) {
  return async (event) => {
    // Parse the policy first: a misconfigured rule fails before any AWS call.
    const policy = parsePolicy(event.ruleParameters);
    const api = await configApi();
    const item = await configurationItemOf(JSON.parse(event.invokingEvent), api);
    if (!item) return { evaluations: [] };

    const evaluation = evaluateResource(item, policy, { leftScope: event.eventLeftScope === true });

    await api.putEvaluations({ resultToken: event.resultToken, evaluations: [evaluation] });
    return { evaluations: [evaluation] };
  };
}

export const handler = createHandler({ configApi: sdkConfigApi });
