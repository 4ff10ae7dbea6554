/**
 * A local cloud (EventBridge is built in), EventBridge clients per credentials,
 * the service's internal API, and a target handler that records what it is given (tests may swap in
 * their own with `events.setTargetHandler`).
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { CreateLocalCloudOptions } from '../../../src/local-cloud/index.js';
import type { EventsInternal, TargetDelivery } from '../../../src/local-cloud/services/events/index.js';
import { type Credentials, sdkConfig, startTestCloud, type TestCloud } from '../core/fixture.js';

export interface EventsCloud extends TestCloud {
  events: EventsInternal;
  /** What the recording handler was given, in order. */
  delivered: TargetDelivery[];
  client(creds: Credentials): EventBridgeClient;
}

export async function startEventsCloud(options: CreateLocalCloudOptions = {}): Promise<EventsCloud> {
  const delivered: TargetDelivery[] = [];
  const test = await startTestCloud(options);
  const events = test.cloud.internal.events;
  events.setTargetHandler((delivery) => void delivered.push(delivery));
  return {
    ...test,
    events,
    delivered,
    client: (creds) => new EventBridgeClient(sdkConfig(test.cloud, test.clock, creds)),
  };
}
