/**
 * Test helpers for the stack engine: a `Test::Thing` provider that records its calls and fails on demand
 * (property `Fail: create | update | delete`), and a local cloud with it.
 */
import {
  CloudFormationClient,
  DescribeStackEventsCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createLocalCloud, type LocalCloudInstance } from '../../../../src/local-cloud/cloud.js';
import type { ResourceProvider } from '../../../../src/local-cloud/cloudformation/providers/types.js';

export interface ThingCall {
  op: 'create' | 'update' | 'delete';
  logicalId: string;
  physicalId: string;
  stackName: string;
}

/** Steers the `Test::Thing` provider from a test. */
export interface ThingControl {
  /** Updates to these `Value`s are refused (so a rollback to one fails). */
  refuseValues: Set<string>;
  /** Creates and updates of things with `Hold: 'yes'` wait for this promise (`onHold` once one waits). */
  hold?: Promise<void>;
  onHold?: () => void;
}

export function thingProvider(calls: ThingCall[], control?: ThingControl): ResourceProvider {
  let counter = 0;
  return {
    type: 'Test::Thing',
    replaceOn: ['Name'],
    async create(properties, ctx) {
      if (properties.Fail === 'create') throw new Error(`Thing ${ctx.logicalId} refused to be created`);
      if (properties.Hold === 'yes' && control?.hold) {
        control.onHold?.();
        await control.hold;
      }
      counter += 1;
      const physicalId = `${ctx.logicalId}-${counter}`;
      calls.push({ op: 'create', logicalId: ctx.logicalId, physicalId, stackName: ctx.stackName });
      return {
        physicalId,
        attributes: { Arn: `arn:test:thing/${physicalId}`, Value: properties.Value ?? '' },
      };
    },
    async update(physicalId, properties, _previous, ctx) {
      if (properties.Fail === 'update') throw new Error(`Thing ${ctx.logicalId} refused the update`);
      if (control?.refuseValues.has(String(properties.Value))) {
        throw new Error(`Thing ${ctx.logicalId} refused the value ${String(properties.Value)}`);
      }
      if (properties.Hold === 'yes' && control?.hold) {
        control.onHold?.();
        await control.hold;
      }
      calls.push({ op: 'update', logicalId: ctx.logicalId, physicalId, stackName: ctx.stackName });
      return {
        physicalId,
        attributes: { Arn: `arn:test:thing/${physicalId}`, Value: properties.Value ?? '' },
      };
    },
    async delete(physicalId, properties, ctx) {
      if (properties.Fail === 'delete') throw new Error(`Thing ${ctx.logicalId} refused to go`);
      calls.push({ op: 'delete', logicalId: ctx.logicalId, physicalId, stackName: ctx.stackName });
    },
  };
}

export interface TestCloud {
  cloud: LocalCloudInstance;
  cfn: CloudFormationClient;
  s3: S3Client;
  calls: ThingCall[];
  control: ThingControl;
  credentials: { accessKeyId: string; secretAccessKey: string };
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestCloud(options: { changeSetDelayMs?: number } = {}): Promise<TestCloud> {
  const calls: ThingCall[] = [];
  const control: ThingControl = { refuseValues: new Set() };
  const cloud = await createLocalCloud({
    ephemeral: true,
    cloudformationProviders: new Map([['Test::Thing', thingProvider(calls, control)]]),
    ...options,
  });
  const creds = cloud.credentialsFor('management');
  const credentials = { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey };
  const config = { endpoint: cloud.endpoint, region: creds.region, credentials, maxAttempts: 1 };
  const cfn = new CloudFormationClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  return {
    cloud,
    cfn,
    s3,
    calls,
    control,
    credentials,
    idle: () => cloud.internal.cloudformation.idle(),
    async close() {
      cfn.destroy();
      s3.destroy();
      await cloud.close();
    },
  };
}

/** Puts templates into a new bucket; returns their virtual-hosted TemplateURLs by key. */
export async function uploadTemplates(
  s3: S3Client,
  bucket: string,
  templates: Record<string, string>,
): Promise<Record<string, string>> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const urls: Record<string, string> = {};
  for (const [key, body] of Object.entries(templates)) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    urls[key] = `https://${bucket}.s3.amazonaws.com/${key}`;
  }
  return urls;
}

/** Every event of a stack, oldest first, as `Logical STATUS`. */
export async function eventTrail(cfn: CloudFormationClient, stackName: string): Promise<string[]> {
  const events: StackEvent[] = [];
  let token: string | undefined;
  do {
    const page = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName, NextToken: token }));
    events.push(...(page.StackEvents ?? []));
    token = page.NextToken;
  } while (token);
  return events.reverse().map((e) => `${e.LogicalResourceId} ${e.ResourceStatus}`);
}

export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}
