/** A ProviderContext for driving providers directly against a test cloud. */
import type { ProviderContext } from '../../../../src/local-cloud/cloudformation/providers/index.js';
import type { Credentials, TestCloud } from '../../core/fixture.js';

export const ACCOUNT = '111111111111';

export function providerContext(
  t: TestCloud,
  credentials: Credentials,
  overrides: Partial<ProviderContext> = {},
): ProviderContext {
  const stackName = overrides.stackName ?? 'app';
  return {
    endpoint: t.cloud.endpoint,
    region: 'us-east-1',
    accountId: ACCOUNT,
    partition: 'aws',
    stackId: `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${stackName}/0a1b2c3d-0000-4000-8000-000000000001`,
    stackName,
    logicalId: 'Resource',
    credentials,
    now: t.clock.now,
    ...overrides,
  };
}
