import { CreateKeyCommand, DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy, isThrottlingError } from '@smithy/core/retry';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createFaultInjector,
  type FaultInjector,
  withFaults,
} from '../../../src/local-cloud/faults/index.js';
import { type LocalCloud, startLocalCloud } from '../../../src/local-cloud/server.js';
import {
  ALICE,
  credentialTable,
  type EchoedS3Request,
  registerEchoS3,
  registerTestSts,
} from '../http/fixtures.js';
import { ACCOUNT_B, type KmsHarness, sdkError, startKmsHarness } from '../kms/harness.js';

/** Sleeps that are recorded and return at once. */
function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('fault injection on the KMS JSON service', () => {
  const faults: FaultInjector = createFaultInjector();
  const slept = recordingSleep();
  let h: KmsHarness;
  let keyId: string;

  beforeAll(async () => {
    h = await startKmsHarness({ wrapRegistry: (r) => withFaults(r, faults, { sleep: slept.sleep }) });
    keyId = (await h.client('rootA').send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
  });
  afterEach(() => {
    faults.reset();
    slept.delays.length = 0;
  });
  afterAll(() => h.close());

  it('answers ThrottlingException (400), which the SDK classifies as throttling', async () => {
    faults.configure({ rules: [{ service: 'kms', throttle: 1 }] });
    const err = await sdkError(h.client('rootA').send(new DescribeKeyCommand({ KeyId: keyId })));
    expect(err.name).toBe('ThrottlingException');
    expect(err.message).toBe('Rate exceeded');
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(isThrottlingError(err as never)).toBe(true);
  });

  it('lets SDK retries get through a 50% throttling rate', async () => {
    faults.configure({ seed: 2024, rules: [{ service: 'kms', operation: 'Encrypt', throttle: 0.5 }] });
    const client = h.client('rootA', { retryStrategy: new ConfiguredRetryStrategy(10, 0) });
    let attempts = 0;
    for (let i = 0; i < 20; i++) {
      const out = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array([i + 1]) }));
      expect(out.CiphertextBlob).toBeDefined();
      attempts += out.$metadata.attempts ?? 1;
    }
    expect(attempts).toBeGreaterThan(25);
  });

  it('applies latency before answering', async () => {
    faults.configure({
      rules: [
        { service: 'kms', operation: 'DescribeKey', latency: 250 },
        { operation: 'Describe*', latency: 5 },
      ],
    });
    await h.client('rootA').send(new DescribeKeyCommand({ KeyId: keyId }));
    await h.client('rootA').send(new EncryptCommand({ KeyId: keyId, Plaintext: new Uint8Array([1]) }));
    expect(slept.delays).toEqual([255]);
  });

  it('fails exactly the configured calls, with the configured error', async () => {
    faults.configure({
      rules: [{ operation: 'DescribeKey', fail: { code: 'KMSInternalException', status: 500, calls: [2] } }],
    });
    const client = h.client('rootA');
    await client.send(new DescribeKeyCommand({ KeyId: keyId }));
    const err = await sdkError(client.send(new DescribeKeyCommand({ KeyId: keyId })));
    expect(err.name).toBe('KMSInternalException');
    expect(err.$metadata?.httpStatusCode).toBe(500);
    await client.send(new DescribeKeyCommand({ KeyId: keyId }));
  });

  it('matches rules on the caller account', async () => {
    faults.configure({ rules: [{ account: ACCOUNT_B, throttle: 1 }] });
    await h.client('rootA').send(new DescribeKeyCommand({ KeyId: keyId }));
    const err = await sdkError(h.client('rootB').send(new CreateKeyCommand({})));
    expect(err.name).toBe('ThrottlingException');
  });

  it('is seen as throttling by the aws CLI too', async () => {
    faults.configure({ rules: [{ service: 'kms', operation: 'DescribeKey', throttle: 1 }] });
    const out = await h.cli('rootA', ['describe-key', '--key-id', keyId]);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('(ThrottlingException)');
    expect(out.stderr).toContain('Rate exceeded');
  });
});

describe('fault injection on query and S3 services', () => {
  const faults = createFaultInjector();
  const seen: EchoedS3Request[] = [];
  let cloud: LocalCloud;
  const credentials = { accessKeyId: ALICE.accessKeyId, secretAccessKey: ALICE.secretAccessKey };

  beforeAll(async () => {
    cloud = await startLocalCloud({
      credentials: credentialTable(),
      services: (registry) => {
        const r = withFaults(registry, faults);
        registerTestSts(r);
        registerEchoS3(r, seen);
      },
    });
  });
  afterEach(() => faults.reset());
  afterAll(() => cloud.close());

  it('answers Throttling to query services', async () => {
    faults.configure({
      rules: [{ service: 'sts', operation: 'GetCallerIdentity', throttle: 1, account: ALICE.account }],
    });
    const sts = new STSClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    const err = await sdkError(sts.send(new GetCallerIdentityCommand({})));
    expect(err.name).toBe('Throttling');
    expect(err.$metadata?.httpStatusCode).toBe(400);
    expect(isThrottlingError(err as never)).toBe(true);
    faults.reset();
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(ALICE.account);
  });

  it('answers SlowDown (503) to S3, and SDK retries get past deterministic slow-downs', async () => {
    faults.configure({
      rules: [{ service: 's3', operation: 'PutObject', fail: { code: 'SlowDown', status: 503, first: 2 } }],
    });
    const once = new S3Client({
      endpoint: cloud.endpoint,
      region: 'us-east-1',
      credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    const err = await sdkError(once.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' })));
    expect(err.name).toBe('SlowDown');
    expect(err.$metadata?.httpStatusCode).toBe(503);
    expect(isThrottlingError(err as never)).toBe(true);
    const before = seen.length;
    const retrying = new S3Client({
      endpoint: cloud.endpoint,
      region: 'us-east-1',
      credentials,
      forcePathStyle: true,
      retryStrategy: new ConfiguredRetryStrategy(5, 0),
    });
    const out = await retrying.send(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: 'x' }));
    expect(out.$metadata.attempts).toBe(2);
    expect(seen.length).toBe(before + 1);
  });

  it('waits for real when no sleep is injected', async () => {
    faults.configure({ rules: [{ service: 'sts', latency: 20 }] });
    const sts = new STSClient({ endpoint: cloud.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
    const started = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
  });
});
