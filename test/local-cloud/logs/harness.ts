/**
 * A local cloud (CloudWatch Logs is built in), CloudWatch Logs clients per
 * credentials, and the service's internal API.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CreateLocalCloudOptions } from '../../../src/local-cloud/index.js';
import type { LogsInternal } from '../../../src/local-cloud/services/logs/index.js';
import { type Credentials, sdkConfig, startTestCloud, type TestCloud } from '../core/fixture.js';

export interface LogsCloud extends TestCloud {
  logs: LogsInternal;
  client(creds: Credentials): CloudWatchLogsClient;
}

export async function startLogsCloud(options: CreateLocalCloudOptions = {}): Promise<LogsCloud> {
  const test = await startTestCloud(options);
  return {
    ...test,
    logs: test.cloud.internal.logs,
    client: (creds) => new CloudWatchLogsClient(sdkConfig(test.cloud, test.clock, creds)),
  };
}
