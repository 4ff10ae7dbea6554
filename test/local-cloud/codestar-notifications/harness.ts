/**
 * A local cloud (CodeStar Notifications is one of its built-in services) and SDK clients for it.
 */
import { CodestarNotificationsClient } from '@aws-sdk/client-codestar-notifications';
import type { CreateLocalCloudOptions } from '../../../src/local-cloud/index.js';
import { type Credentials, sdkConfig, startTestCloud, type TestCloud } from '../core/fixture.js';

export const TOOLS = '222222222222';
export const PIPELINE_ARN = `arn:aws:codepipeline:us-east-1:${TOOLS}:fleet`;
export const PROJECT_ARN = `arn:aws:codebuild:us-east-1:${TOOLS}:project/synth`;
export const TOPIC_ARN = `arn:aws:sns:us-east-1:${TOOLS}:pipeline-events`;

/** Cloud options for these tests (the service is built in: nothing to add). */
export function withNotifications(options: CreateLocalCloudOptions = {}): CreateLocalCloudOptions {
  return options;
}

export interface NotificationsCloud extends TestCloud {
  notifications(creds: Credentials): CodestarNotificationsClient;
}

export async function startNotificationsCloud(
  options: CreateLocalCloudOptions = {},
): Promise<NotificationsCloud> {
  const test = await startTestCloud(withNotifications(options));
  return {
    ...test,
    notifications: (creds) => new CodestarNotificationsClient(sdkConfig(test.cloud, test.clock, creds)),
  };
}
