/**
 * The AWS Config calls the rule makes, over AWS SDK v3 (shipped with the
 * Lambda Node.js runtime). One client per execution environment.
 */

let shared;

/** A GetResourceConfigHistory item in the shape the invoking event uses. */
export function fromHistoryItem(item) {
  return {
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    configurationItemStatus: item.configurationItemStatus,
    configurationItemCaptureTime: item.configurationItemCaptureTime?.toISOString(),
    tags: item.tags ?? {},
  };
}

async function createSdkConfigApi() {
  const { ConfigServiceClient, GetResourceConfigHistoryCommand, PutEvaluationsCommand } = await import(
    '@aws-sdk/client-config-service'
  );
  const client = new ConfigServiceClient({});
  return {
    async putEvaluations({ resultToken, evaluations }) {
      const { FailedEvaluations = [] } = await client.send(
        new PutEvaluationsCommand({ ResultToken: resultToken, Evaluations: evaluations }),
      );
      if (FailedEvaluations.length > 0) {
        const ids = FailedEvaluations.map((e) => e.ComplianceResourceId).join(', ');
        throw new Error(`AWS Config rejected ${FailedEvaluations.length} evaluation(s): ${ids}`);
      }
    },
    async latestConfigurationItem({ resourceType, resourceId }) {
      const { configurationItems = [] } = await client.send(
        new GetResourceConfigHistoryCommand({ resourceType, resourceId, limit: 1 }),
      );
      return configurationItems[0] ? fromHistoryItem(configurationItems[0]) : undefined;
    },
  };
}

export function sdkConfigApi() {
  shared ??= createSdkConfigApi();
  return shared;
}
