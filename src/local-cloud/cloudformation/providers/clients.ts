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

interface CachedClient {
  config: { systemClockOffset?: number };
  destroy(): void;
}

/** Clients kept for reuse: a stack operation makes many calls with the same credentials. */
const MaxCachedClients = 256;
const cache = new Map<string, CachedClient>();

/**
 * An SDK client for calling the local cloud as CloudFormation acts, reused per
 * client class, endpoint, region and credentials: creating a client per call
 * costs configuration lookups and a new connection each time, and the garbage
 * they leave is most of the local cloud's memory under load.
 */
export function clientFor<C extends CachedClient>(
  Client: new (config: ClientConfig) => C,
  ctx: ProviderContext,
): C {
  const { accessKeyId, sessionToken = '' } = ctx.credentials;
  const key = [Client.name, ctx.endpoint, ctx.region, accessKeyId, sessionToken].join('\u0000');
  const config = clientConfig(ctx);
  let client = cache.get(key) as C | undefined;
  if (client) {
    cache.delete(key); // most recently used goes last
    client.config.systemClockOffset = config.systemClockOffset;
  } else {
    client = new Client(config);
    while (cache.size >= MaxCachedClients) {
      const [oldest, evicted] = cache.entries().next().value as [string, CachedClient];
      cache.delete(oldest);
      evicted.destroy();
    }
  }
  cache.set(key, client);
  return client;
}
