/**
 * A whole local cloud for the SSM tests: SDK clients per credentials, role sessions with given inline
 * policies, and Parameter Store's internal view (`cloud.internal.ssm`).
 */
import { PutRolePolicyCommand, CreateRoleCommand } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { CreateLocalCloudOptions } from '../../../src/local-cloud/index.js';
import type { SsmInternal } from '../../../src/local-cloud/services/ssm/index.js';
import { type Credentials, sdkConfig, startTestCloud, type TestCloud, trustPolicy } from '../core/fixture.js';

export const ACCOUNT = '111111111111';
export const TOOLS = '222222222222';

export interface SsmCloud extends TestCloud {
  ssm(creds: Credentials): SSMClient;
  kms(creds: Credentials): KMSClient;
  /** Parameter Store's internal view (CloudFormation's lookup). */
  internal: SsmInternal;
  /** Creates a role in the credentials' account with one inline policy and returns a session of it. */
  session(creds: Credentials, input: { role: string; account: string; policy: object }): Promise<Credentials>;
}

export async function startSsmCloud(options: CreateLocalCloudOptions = {}): Promise<SsmCloud> {
  const test = await startTestCloud(options);
  const config = (creds: Credentials) => sdkConfig(test.cloud, test.clock, creds);
  return {
    ...test,
    internal: test.cloud.internal.ssm,
    ssm: (creds) => new SSMClient(config(creds)),
    kms: (creds) => new KMSClient(config(creds)),
    async session(creds, input) {
      const iam = test.iam(creds);
      await iam.send(
        new CreateRoleCommand({
          RoleName: input.role,
          AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${input.account}:root` } }),
        }),
      );
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: input.role,
          PolicyName: 'inline',
          PolicyDocument: JSON.stringify(input.policy),
        }),
      );
      return test.assume(creds, {
        RoleArn: `arn:aws:iam::${input.account}:role/${input.role}`,
        RoleSessionName: 'ssm-test',
      });
    },
  };
}

export function policy(...statements: object[]): object {
  return { Version: '2012-10-17', Statement: statements };
}
