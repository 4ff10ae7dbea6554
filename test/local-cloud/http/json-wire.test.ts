import {
  DescribeKeyCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  KMSClient,
  ListKeysCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/local-cloud/http/errors.js';
import type { JsonInput, RestInput } from '../../../src/local-cloud/http/registry.js';
import { type LocalCloud, startLocalCloud } from '../../../src/local-cloud/server.js';
import { ALICE, credentialTable, send, signRequest } from './fixtures.js';

const KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

async function errorOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('JSON protocol with the SDK v3 KMS client', () => {
  let cloud: LocalCloud;
  const inputs: JsonInput[] = [];
  let kms: KMSClient;

  beforeAll(async () => {
    cloud = await startLocalCloud({
      credentials: credentialTable(),
      services: (registry) => {
        registry.json('kms', 'TrentService.ListKeys', (input) => {
          inputs.push(input);
          return {
            Keys: [{ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', KeyArn: KEY_ARN }],
            Truncated: false,
          };
        });
        registry.json('kms', 'TrentService.Encrypt', (input) => {
          inputs.push(input);
          const plaintext = Buffer.from(String(input.body.Plaintext), 'base64');
          return { CiphertextBlob: Buffer.concat([Buffer.from('enc:'), plaintext]), KeyId: KEY_ARN };
        });
        registry.json('kms', 'TrentService.DescribeKey', (input) => {
          if (input.body.KeyId !== KEY_ARN) {
            throw new AwsError('NotFoundException', `Key '${String(input.body.KeyId)}' does not exist`);
          }
          return {
            KeyMetadata: { KeyId: KEY_ARN, CreationDate: new Date('2024-02-03T04:05:06Z'), Enabled: true },
          };
        });
      },
    });
    kms = new KMSClient({
      endpoint: cloud.endpoint,
      region: 'eu-west-1',
      credentials: ALICE,
      maxAttempts: 1,
    });
  });
  afterAll(() => cloud.close());

  it('round-trips a request and response', async () => {
    const out = await kms.send(new ListKeysCommand({ Limit: 10 }));
    expect(out.Keys).toEqual([{ KeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', KeyArn: KEY_ARN }]);
    expect(inputs.at(-1)).toMatchObject({
      target: 'TrentService.ListKeys',
      operation: 'ListKeys',
      body: { Limit: 10 },
    });
  });

  it('sends Buffers as base64 blobs and Dates as epoch seconds', async () => {
    const out = await kms.send(new EncryptCommand({ KeyId: KEY_ARN, Plaintext: Buffer.from('secret') }));
    expect(Buffer.from(out.CiphertextBlob!).toString()).toBe('enc:secret');
    const described = await kms.send(new DescribeKeyCommand({ KeyId: KEY_ARN }));
    expect(described.KeyMetadata?.CreationDate?.toISOString()).toBe('2024-02-03T04:05:06.000Z');
  });

  it('renders handler errors so the SDK maps them to modeled exceptions', async () => {
    const err = await errorOf(kms.send(new DescribeKeyCommand({ KeyId: 'alias/nope' })));
    expect(err).toMatchObject({
      name: 'NotFoundException',
      message: "Key 'alias/nope' does not exist",
      status: 400,
    });
  });

  it('answers an unregistered operation with UnknownOperationException', async () => {
    const err = await errorOf(kms.send(new GetKeyPolicyCommand({ KeyId: KEY_ARN, PolicyName: 'default' })));
    expect(err).toMatchObject({ name: 'UnknownOperationException', status: 400 });
  });

  it('reports an unknown key as UnrecognizedClientException and a bad secret as InvalidSignatureException', async () => {
    const unknown = new KMSClient({
      endpoint: cloud.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    expect(await errorOf(unknown.send(new ListKeysCommand({})))).toMatchObject({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
    const wrong = new KMSClient({
      endpoint: cloud.endpoint,
      region: 'eu-west-1',
      credentials: { ...ALICE, secretAccessKey: 'wrong' },
      maxAttempts: 1,
    });
    expect(await errorOf(wrong.send(new ListKeysCommand({})))).toMatchObject({
      name: 'InvalidSignatureException',
    });
  });

  it('answers malformed JSON with SerializationException and an unsigned call with MissingAuthenticationToken', async () => {
    const signingDate = new Date();
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' };
    const malformed = await signRequest(
      { method: 'POST', path: '/', headers, body: '{"Limit": ' },
      { endpoint: cloud.endpoint, service: 'kms', region: 'eu-west-1', signingDate },
    );
    const res = await send(cloud.endpoint, malformed);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ __type: 'SerializationException' });
    expect(res.headers['x-amzn-errortype']).toBe('SerializationException');
    expect(res.headers['content-type']).toBe('application/x-amz-json-1.1');

    const array = await signRequest(
      { method: 'POST', path: '/', headers, body: '[1,2]' },
      { endpoint: cloud.endpoint, service: 'kms', region: 'eu-west-1', signingDate },
    );
    expect((await send(cloud.endpoint, array)).status).toBe(400);

    const unsigned = await send(cloud.endpoint, { method: 'POST', path: '/', headers, body: '{}' });
    expect(unsigned.status).toBe(403);
    expect(JSON.parse(unsigned.body)).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });
});

describe('REST-JSON protocol (Lambda-style routes)', () => {
  let cloud: LocalCloud;
  const inputs: RestInput[] = [];
  const signingDate = new Date('2030-01-01T00:00:00Z');

  beforeAll(async () => {
    cloud = await startLocalCloud({
      credentials: credentialTable(),
      now: () => signingDate,
      services: (registry) => {
        registry.rest('lambda', 'GET', '/2015-03-31/functions/{FunctionName}/configuration', (input) => {
          inputs.push(input);
          if (input.params.FunctionName === 'missing') {
            throw new AwsError('ResourceNotFoundException', 'Function not found: missing', { status: 404 });
          }
          return { body: { FunctionName: input.params.FunctionName, Runtime: 'nodejs20.x' } };
        });
        registry.rest('lambda', 'POST', '/2015-03-31/functions', (input) => {
          inputs.push(input);
          return { status: 201, body: { FunctionName: input.json().FunctionName } };
        });
      },
    });
  });
  afterAll(() => cloud.close());

  async function lambda(method: string, path: string, body?: string) {
    const signed = await signRequest(
      { method, path, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body },
      { endpoint: cloud.endpoint, service: 'lambda', signingDate },
    );
    return send(cloud.endpoint, signed);
  }

  it('matches path labels, decoding an ARN that carries colons (double-encoded in the signature)', async () => {
    const arn = 'arn:aws:lambda:us-east-1:111111111111:function:checker';
    const res = await lambda('GET', `/2015-03-31/functions/${encodeURIComponent(arn)}/configuration`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ FunctionName: arn, Runtime: 'nodejs20.x' });
    expect(inputs.at(-1)?.params).toEqual({ FunctionName: arn });
  });

  it('passes a JSON body and custom status through', async () => {
    const res = await lambda('POST', '/2015-03-31/functions', JSON.stringify({ FunctionName: 'fn' }));
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toEqual({ FunctionName: 'fn' });
  });

  it('renders errors with x-amzn-ErrorType, and unknown routes as 404', async () => {
    const missing = await lambda('GET', '/2015-03-31/functions/missing/configuration');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(JSON.parse(missing.body)).toEqual({ Type: 'User', Message: 'Function not found: missing' });

    const unknown = await lambda('DELETE', '/2015-03-31/functions/fn/concurrency');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });

  it('answers a malformed JSON body with SerializationException', async () => {
    const res = await lambda('POST', '/2015-03-31/functions', '{not json');
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('SerializationException');
  });
});
