/**
 * A local cloud (SNS and EventBridge are built in; EventBridge's SNS topic targets go through
 * SnsInternal), SNS clients per credentials, and a subscription handler that records what it is given.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import type { CreateLocalCloudOptions } from '../../../src/local-cloud/index.js';
import type { EventsInternal } from '../../../src/local-cloud/services/events/index.js';
import type { SnsInternal, SubscriptionDelivery } from '../../../src/local-cloud/services/sns/index.js';
import { signRequest, send } from '../http/fixtures.js';
import { type Credentials, sdkConfig, startTestCloud, type TestCloud } from '../core/fixture.js';
import { encodeQuery } from '../http/fixtures.js';

export interface SnsCloud extends TestCloud {
  sns: SnsInternal;
  events: EventsInternal;
  /** What the recording subscription handler was given, in order. */
  delivered: SubscriptionDelivery[];
  client(creds: Credentials): SNSClient;
  eventBridge(creds: Credentials): EventBridgeClient;
  /** A signed (or, without credentials, unsigned) query request to SNS; resolves with status and body. */
  query(params: Record<string, string>, creds?: Credentials): Promise<{ status: number; body: string }>;
}

export async function startSnsCloud(options: CreateLocalCloudOptions = {}): Promise<SnsCloud> {
  const delivered: SubscriptionDelivery[] = [];
  const test = await startTestCloud(options);
  const { sns, events } = test.cloud.internal;
  sns.setSubscriptionHandler((delivery) => void delivered.push(delivery));
  return {
    ...test,
    sns,
    events,
    delivered,
    client: (creds) => new SNSClient(sdkConfig(test.cloud, test.clock, creds)),
    eventBridge: (creds) => new EventBridgeClient(sdkConfig(test.cloud, test.clock, creds)),
    async query(params, creds) {
      const body = encodeQuery({ Version: '2010-03-31', ...params });
      const request = {
        method: 'POST',
        path: '/',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body,
      };
      const signed = creds
        ? await signRequest(request, {
            endpoint: test.cloud.endpoint,
            service: 'sns',
            credentials: creds,
            signingDate: test.clock.now(),
          })
        : request;
      const response = await send(test.cloud.endpoint, signed);
      return { status: response.status, body: response.body };
    },
  };
}
