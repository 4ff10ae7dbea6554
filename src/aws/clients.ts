/**
 * SDK clients per account and region, over one endpoint setting: real AWS (the SDK's own endpoints) or
 * the local cloud (`endpoint`, path-style S3). The same code deploys to both; only this differs.
 *
 *   const aws = new AwsClients({ credentials: (id) => roles.provider(id), endpoint });
 *   const cfn = aws.cloudformation({ accountId: '300000000001', region: 'eu-west-1' });
 *   aws.destroy();
 *
 * Clients are made once per account and region and reuse their connections; calls retry with the SDK's
 * standard strategy (throttling included) `maxAttempts` times.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsCredentials } from './credentials.js';

export interface Target {
  accountId: string;
  region: string;
}

export interface AwsClientsOptions {
  /** Credentials for an account (a provider the SDK calls when it needs them). */
  credentials: (accountId: string) => AwsCredentials | (() => Promise<AwsCredentials>);
  /** The local cloud's endpoint (`http://127.0.0.1:PORT`); AWS's own endpoints when absent. */
  endpoint?: string;
  /** Attempts per call, retries included (the SDK's default is 3). */
  maxAttempts?: number;
}

interface Destroyable {
  destroy(): void;
}

export class AwsClients {
  private readonly clients = new Map<string, Destroyable>();

  constructor(private readonly options: AwsClientsOptions) {}

  cloudformation(target: Target): CloudFormationClient {
    return this.client('cloudformation', target, (config) => new CloudFormationClient(config));
  }

  s3(target: Target): S3Client {
    const local = this.options.endpoint !== undefined;
    return this.client('s3', target, (config) => new S3Client({ ...config, forcePathStyle: local }));
  }

  /** Closes every client's connections. */
  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client<T extends Destroyable>(
    service: string,
    target: Target,
    make: (config: {
      region: string;
      credentials: AwsCredentials | (() => Promise<AwsCredentials>);
      endpoint?: string;
      maxAttempts?: number;
    }) => T,
  ): T {
    const key = `${service}\u0000${target.accountId}\u0000${target.region}`;
    const existing = this.clients.get(key);
    if (existing) return existing as T;
    const client = make({
      region: target.region,
      credentials: this.options.credentials(target.accountId),
      ...(this.options.endpoint === undefined ? {} : { endpoint: this.options.endpoint }),
      ...(this.options.maxAttempts === undefined ? {} : { maxAttempts: this.options.maxAttempts }),
    });
    this.clients.set(key, client);
    return client;
  }
}
