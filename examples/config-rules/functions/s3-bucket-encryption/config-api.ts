/**
 * The two AWS Config calls the rule makes, over AWS SDK v3.
 *
 * The Lambda Node.js runtime ships SDK v3, so the client is loaded from the
 * runtime at first use; fleetpipe leaves `@aws-sdk/*` out of the bundle.
 */
import type { ConfigurationItem, Evaluation } from './evaluate.js';

export interface ResourceRef {
  resourceType: string;
  resourceId: string;
}

export interface ConfigApi {
  /** Reports evaluations; rejects when Config refuses any of them. */
  putEvaluations(input: { resultToken: string; evaluations: Evaluation[] }): Promise<void>;
  /** The latest recorded configuration item of a resource (for oversized change notifications). */
  latestConfigurationItem(resource: ResourceRef): Promise<ConfigurationItem | undefined>;
}

/** What this module uses from @aws-sdk/client-config-service. */
interface ConfigServiceSdk {
  ConfigServiceClient: new (config: object) => { send(command: unknown): Promise<unknown> };
  PutEvaluationsCommand: new (input: object) => unknown;
  GetResourceConfigHistoryCommand: new (input: object) => unknown;
}

interface HistoryItem {
  resourceType?: string;
  resourceId?: string;
  configurationItemStatus?: string;
  configurationItemCaptureTime?: Date;
  /** The API returns each supplementary value as a JSON string. */
  supplementaryConfiguration?: Record<string, string>;
}

/**
 * Named through a constant so that type-checking this function needs no SDK
 * installed: the types it uses are declared above.
 */
const CONFIG_SERVICE_SDK = '@aws-sdk/client-config-service';

/** Turns a GetResourceConfigHistory item into the shape the invoking event uses. */
export function fromHistoryItem(item: HistoryItem): ConfigurationItem {
  const supplementary: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(item.supplementaryConfiguration ?? {})) {
    supplementary[key] = JSON.parse(value);
  }
  return {
    resourceType: item.resourceType ?? '',
    resourceId: item.resourceId ?? '',
    configurationItemStatus: item.configurationItemStatus ?? '',
    configurationItemCaptureTime: item.configurationItemCaptureTime?.toISOString() ?? '',
    supplementaryConfiguration: supplementary,
  };
}

async function createSdkConfigApi(): Promise<ConfigApi> {
  const sdk = (await import(CONFIG_SERVICE_SDK)) as ConfigServiceSdk;
  const client = new sdk.ConfigServiceClient({});
  return {
    async putEvaluations({ resultToken, evaluations }) {
      const output = (await client.send(
        new sdk.PutEvaluationsCommand({ ResultToken: resultToken, Evaluations: evaluations }),
      )) as { FailedEvaluations?: Evaluation[] };
      const failed = output.FailedEvaluations ?? [];
      if (failed.length > 0) {
        const ids = failed.map((e) => e.ComplianceResourceId).join(', ');
        throw new Error(`AWS Config rejected ${failed.length} evaluation(s): ${ids}`);
      }
    },
    async latestConfigurationItem({ resourceType, resourceId }) {
      const output = (await client.send(
        new sdk.GetResourceConfigHistoryCommand({ resourceType, resourceId, limit: 1 }),
      )) as { configurationItems?: HistoryItem[] };
      const item = output.configurationItems?.[0];
      return item ? fromHistoryItem(item) : undefined;
    },
  };
}

let shared: Promise<ConfigApi> | undefined;

/** One client per Lambda execution environment, reused across invocations. */
export function sdkConfigApi(): Promise<ConfigApi> {
  shared ??= createSdkConfigApi();
  return shared;
}
