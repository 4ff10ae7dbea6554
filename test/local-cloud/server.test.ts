import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/local-cloud/http/types.js';
import { counterRequestIds, type LocalCloud, startLocalCloud } from '../../src/local-cloud/server.js';
import {
  ALICE,
  credentialTable,
  registerTestSts,
  SESSION,
  send,
  signRequest,
  tempDir,
} from './http/fixtures.js';

const run = promisify(execFile);

function sts(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
) {
  return new STSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
}

async function errorOf(
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

describe('startLocalCloud with the SDK v3 STS client', () => {
  let cloud: LocalCloud;
  const seen: RequestContext[] = [];

  beforeAll(async () => {
    cloud = await startLocalCloud({
      credentials: credentialTable({ sessionExpiresAt: new Date('2000-01-01T00:00:00Z') }),
      services: (registry) => registerTestSts(registry, seen),
    });
  });
  afterAll(() => cloud.close());

  it('listens on 127.0.0.1 on a free port', () => {
    expect(cloud.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(cloud.endpoint).not.toMatch(/:0$/);
  });

  it('answers GetCallerIdentity signed by the SDK', async () => {
    const out = await sts(cloud.endpoint, ALICE).send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: ALICE.account, Arn: ALICE.arn, UserId: ALICE.userId });
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const ctx = seen.at(-1)!;
    expect(ctx.secureTransport).toBe(false);
    expect(ctx.conditionKeys['aws:SecureTransport']).toBe('false');
    expect(ctx.conditionKeys['aws:SourceIp']).toBe('127.0.0.1');
    expect(ctx.region).toBe('us-east-1');
    expect(ctx.service).toBe('sts');
    expect(ctx.operation).toBe('GetCallerIdentity');
  });

  it('reports a tampered secret as SignatureDoesNotMatch', async () => {
    const err = await errorOf(
      sts(cloud.endpoint, { ...ALICE, secretAccessKey: `${ALICE.secretAccessKey}x` }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect(err).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403 });
    expect(err.message).toContain('does not match the signature you provided');
  });

  it('reports an unknown access key as InvalidClientTokenId', async () => {
    const err = await errorOf(
      sts(cloud.endpoint, { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'x' }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect(err).toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      status: 403,
    });
  });

  it('refuses session credentials without their token, and expired ones', async () => {
    const { sessionToken: _token, ...withoutToken } = SESSION;
    const missing = await errorOf(sts(cloud.endpoint, withoutToken).send(new GetCallerIdentityCommand({})));
    expect(missing.name).toBe('InvalidClientTokenId');
    const wrong = await errorOf(
      sts(cloud.endpoint, { ...SESSION, sessionToken: 'not-the-token' }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    expect(wrong.name).toBe('InvalidClientTokenId');
    const expired = await errorOf(sts(cloud.endpoint, SESSION).send(new GetCallerIdentityCommand({})));
    expect(expired).toMatchObject({
      name: 'ExpiredToken',
      message: 'The security token included in the request is expired',
    });
  });

  it('refuses an unsigned request with MissingAuthenticationToken', async () => {
    const res = await send(cloud.endpoint, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>MissingAuthenticationToken</Code>');
    expect(res.headers['x-amzn-requestid']).toBeDefined();
  });
});

describe('startLocalCloud with a skewed clock', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    // The SDK signs with the real clock; this cloud's clock runs an hour ahead of it.
    cloud = await startLocalCloud({
      credentials: credentialTable(),
      now: () => new Date(Date.now() + 60 * 60 * 1000),
      services: (registry) => registerTestSts(registry),
    });
  });
  afterAll(() => cloud.close());

  it('answers RequestTimeTooSkewed, with a Date header the SDK corrects its clock from', async () => {
    const err = await errorOf(sts(cloud.endpoint, ALICE).send(new GetCallerIdentityCommand({})));
    expect(err).toMatchObject({ name: 'RequestTimeTooSkewed', status: 403 });
    expect(err.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);

    // With retries on, the SDK reads the Date header, corrects its offset, and the retry succeeds.
    const client = new STSClient({
      endpoint: cloud.endpoint,
      region: 'us-east-1',
      credentials: ALICE,
      maxAttempts: 3,
    });
    const out = await client.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(ALICE.account);
  });
});

describe('startLocalCloud with the aws CLI', () => {
  let cloud: LocalCloud;
  let home: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    home = await tempDir('aws-home');
    cloud = await startLocalCloud({ credentials: credentialTable(), services: (r) => registerTestSts(r) });
  });
  afterAll(async () => {
    await cloud.close();
    await home.remove();
  });

  function cliEnv(accessKeyId: string, secretAccessKey: string): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: home.path,
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    };
  }

  it('aws sts get-caller-identity parses the response', async () => {
    const { stdout } = await run(
      'aws',
      ['sts', 'get-caller-identity', '--endpoint-url', cloud.endpoint, '--output', 'json'],
      { env: cliEnv(ALICE.accessKeyId, ALICE.secretAccessKey) },
    );
    expect(JSON.parse(stdout)).toEqual({ UserId: ALICE.userId, Account: ALICE.account, Arn: ALICE.arn });
  });

  it('aws sts get-caller-identity reports an unknown key', async () => {
    const err = await run('aws', ['sts', 'get-caller-identity', '--endpoint-url', cloud.endpoint], {
      env: cliEnv('AKIANOSUCHKEY0000000', 'nope'),
    }).then(
      () => undefined,
      (e: { stderr: string }) => e,
    );
    expect(err?.stderr).toContain('InvalidClientTokenId');
  });
});

describe('startLocalCloud robustness', () => {
  let cloud: LocalCloud;
  const signingDate = new Date('2030-01-01T00:00:00Z');
  beforeAll(async () => {
    cloud = await startLocalCloud({
      credentials: credentialTable(),
      now: () => signingDate,
      requestIds: counterRequestIds(),
      services: (registry) => {
        registerTestSts(registry);
        registry.query('sts', 'Explode', () => {
          throw new Error('handler bug');
        });
      },
    });
  });
  afterAll(() => cloud.close());

  async function signedSts(body: string) {
    return signRequest(
      { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
      { endpoint: cloud.endpoint, service: 'sts', signingDate },
    );
  }

  it('answers an unknown action with InvalidAction', async () => {
    const res = await send(cloud.endpoint, await signedSts('Action=NoSuchThing&Version=2011-06-15'));
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>InvalidAction</Code>');
    expect(res.body).toContain('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">');
  });

  it('answers a malformed form body with a 400, not a crash', async () => {
    const res = await send(cloud.endpoint, await signedSts('Action=GetCallerIdentity&Version=%ZZ'));
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>MalformedQueryString</Code>');
    const after = await send(cloud.endpoint, await signedSts('Action=GetCallerIdentity&Version=2011-06-15'));
    expect(after.status).toBe(200);
  });

  it('turns a handler exception into InternalFailure with the request ID', async () => {
    const res = await send(cloud.endpoint, await signedSts('Action=Explode&Version=2011-06-15'));
    expect(res.status).toBe(500);
    expect(res.body).toContain('<Code>InternalFailure</Code>');
    expect(res.body).toContain(`<RequestId>${res.headers['x-amzn-requestid']}</RequestId>`);
  });

  it('answers a 20 KB header with 431 and keeps serving', async () => {
    const res = await send(cloud.endpoint, {
      method: 'GET',
      path: '/',
      headers: { 'x-big': 'a'.repeat(20 * 1024) },
    }).catch((err: Error) => ({ status: -1, body: err.message, headers: {} }));
    expect(res.status).toBe(431);
    const after = await send(cloud.endpoint, await signedSts('Action=GetCallerIdentity&Version=2011-06-15'));
    expect(after.status).toBe(200);
  });

  it('answers garbage on the socket with 400', async () => {
    const url = new URL(cloud.endpoint);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let data = '';
      socket.on('data', (c) => {
        data += c.toString();
      });
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('sets the Date header from the cloud clock and numbers requests', async () => {
    const res = await send(cloud.endpoint, await signedSts('Action=GetCallerIdentity&Version=2011-06-15'));
    expect(res.headers.date).toBe(signingDate.toUTCString());
    expect(res.headers['x-amzn-requestid']).toMatch(/^00000000-0000-4000-8000-[0-9a-f]{12}$/);
  });

  it('refuses a body over the limit before reading it', async () => {
    const signed = await signedSts('Action=GetCallerIdentity&Version=2011-06-15');
    const res = await send(cloud.endpoint, {
      ...signed,
      headers: { ...signed.headers, 'content-length': String(11 * 1024 * 1024) },
      body: undefined,
    });
    expect(res.status).toBe(413);
    expect(res.body).toContain('<Code>RequestEntityTooLarge</Code>');
  });
});

describe('startLocalCloud body limits', () => {
  let cloud: LocalCloud;
  beforeAll(async () => {
    cloud = await startLocalCloud({
      services: (registry) => {
        registry.configure('s3', { maxRequestBytes: 1024 });
        registry.s3(() => ({ status: 200 }));
      },
    });
  });
  afterAll(() => cloud.close());

  it('answers EntityTooLarge for an S3 body streamed past the limit without a Content-Length', async () => {
    const res = await send(cloud.endpoint, {
      method: 'PUT',
      path: '/bucket/big',
      headers: { 'transfer-encoding': 'chunked' },
      body: Buffer.alloc(4096, 1),
    }).catch((err: Error) => ({ status: -1, body: err.message, headers: {} }));
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>EntityTooLarge</Code>');
  });

  it('answers EntityTooLarge at once for Expect: 100-continue with a Content-Length over the limit', async () => {
    const { request } = await import('node:http');
    const url = new URL(cloud.endpoint);
    const result = await new Promise<{ status: number; continued: boolean }>((resolve, reject) => {
      let continued = false;
      const req = request({
        host: url.hostname,
        port: Number(url.port),
        method: 'PUT',
        path: '/bucket/big',
        headers: { expect: '100-continue', 'content-length': '5000' },
      });
      req.on('continue', () => {
        continued = true;
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, continued }));
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(result).toEqual({ status: 400, continued: false });
  });

  it('accepts bodies within the limit after 100-continue', async () => {
    const res = await send(cloud.endpoint, {
      method: 'PUT',
      path: '/bucket/small',
      headers: { expect: '100-continue', 'content-length': '10' },
      body: Buffer.alloc(10, 1),
    });
    expect(res.status).toBe(200);
  });
});

describe('startLocalCloud state directory', () => {
  it('removes an ephemeral state directory on close and keeps a given one', async () => {
    const { access } = await import('node:fs/promises');
    const ephemeral = await startLocalCloud();
    expect(ephemeral.ephemeral).toBe(true);
    await ephemeral.close();
    await expect(access(ephemeral.stateDir)).rejects.toThrow();

    const dir = await tempDir('state');
    try {
      const kept = await startLocalCloud({ stateDir: dir.path });
      await kept.close();
      await expect(access(dir.path)).resolves.toBeUndefined();
    } finally {
      await dir.remove();
    }
  });

  it('rejects conflicting options with a coded error', async () => {
    await expect(startLocalCloud({ stateDir: '/tmp/x', ephemeral: true })).rejects.toMatchObject({
      code: 'LocalCloudOptionsConflict',
    });
  });

  it('reports a busy port with a hint', async () => {
    const first = await startLocalCloud();
    try {
      const port = Number(new URL(first.endpoint).port);
      await expect(startLocalCloud({ port })).rejects.toMatchObject({ code: 'LocalCloudListenFailed' });
    } finally {
      await first.close();
    }
  });
});
