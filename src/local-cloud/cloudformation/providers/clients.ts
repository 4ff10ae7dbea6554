/** SDK client configuration for calling the local cloud as CloudFormation acts. */
import type { ProviderContext } from './types.js';

export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts: number;
  systemClockOffset: number;
  forcePathStyle: boolean;
}

export function clientConfig(ctx: ProviderContext): ClientConfig {
  return {
    endpoint: ctx.endpoint,
    region: ctx.region,
    // A copy: the SDK marks the credentials object it is given.
    credentials: { ...ctx.credentials },
    maxAttempts: 1,
    // Sign with the cloud's clock, which tests may move.
    systemClockOffset: ctx.now().getTime() - Date.now(),
    forcePathStyle: true,
  };
}
