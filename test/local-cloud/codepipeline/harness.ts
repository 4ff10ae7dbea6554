/**
 * A local cloud (CodePipeline, CodeBuild and CodeStar Connections are built in), SDK clients for them,
 * and a role helper.
 */
import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { CodeStarConnectionsClient } from '@aws-sdk/client-codestar-connections';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import type { CreateLocalCloudOptions } from '../../../src/local-cloud/index.js';
import type { ConnectionsInternal } from '../../../src/local-cloud/services/codestar-connections/index.js';
import { type Credentials, sdkConfig, startTestCloud, type TestCloud, trustPolicy } from '../core/fixture.js';

export const TOOLS = '222222222222';

export interface CodeCloud extends TestCloud {
  connections: ConnectionsInternal;
  pipelines(creds: Credentials): CodePipelineClient;
  builds(creds: Credentials): CodeBuildClient;
  codestar(creds: Credentials): CodeStarConnectionsClient;
  /** Creates a role in the credentials' account trusted by `service` (e.g. `codepipeline.amazonaws.com`). */
  serviceRole(creds: Credentials, name: string, service: string): Promise<string>;
}

export async function startCodeCloud(options: CreateLocalCloudOptions = {}): Promise<CodeCloud> {
  const test = await startTestCloud(options);
  const config = (creds: Credentials) => sdkConfig(test.cloud, test.clock, creds);
  return {
    ...test,
    connections: test.cloud.internal.codestarConnections,
    pipelines: (creds) => new CodePipelineClient(config(creds)),
    builds: (creds) => new CodeBuildClient(config(creds)),
    codestar: (creds) => new CodeStarConnectionsClient(config(creds)),
    serviceRole: async (creds, name, service) => {
      const out = await test.iam(creds).send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: trustPolicy({ Principal: { Service: service } }),
        }),
      );
      return out.Role!.Arn!;
    },
  };
}
