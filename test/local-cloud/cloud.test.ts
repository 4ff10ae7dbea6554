/**
 * createLocalCloud as a whole: persistence across restarts of a state directory, ephemeral clouds,
 * the endpoint and credentials files, HTTPS, and the hook for more services.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';
import {
  CreateRoleCommand,
  GetRoleCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalCloud, readStoredCredentials } from '../../src/local-cloud/index.js';
import type { SliceDefinition } from '../../src/local-cloud/state/store.js';
import {
  allowPolicy,
  makeTempDir,
  rejection,
  sdkConfig,
  startTestCloud,
  TestClock,
  trustPolicy,
} from './core/fixture.js';

const DEV = '300000000001';

describe('createLocalCloud', () => {
  let dir: { path: string; remove(): Promise<void> };
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.remove());

  it('keeps roles, sessions and keys across a restart of the same state directory', async () => {
    const clock = new TestClock();
    const first = await startTestCloud({ stateDir: dir.path, now: clock.now });
    const rootKeys = first.root('dev-payments');
    const iam = first.iam(rootKeys);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'survivor',
        AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${DEV}:root` } }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'survivor',
        PolicyName: 'read',
        PolicyDocument: allowPolicy('iam:Get*'),
      }),
    );
    const session = await first.assume(rootKeys, {
      RoleArn: `arn:aws:iam::${DEV}:role/survivor`,
      RoleSessionName: 'before',
    });
    await first.close();

    const second = await startTestCloud({ stateDir: dir.path, now: clock.now });
    try {
      expect(second.root('dev-payments')).toEqual(rootKeys);
      expect(second.cloud.organization).toEqual(first.cloud.organization);
      const who = await second.sts(session).send(new GetCallerIdentityCommand({}));
      expect(who.Arn).toBe(`arn:aws:sts::${DEV}:assumed-role/survivor/before`);
      const role = await second.iam(session).send(new GetRoleCommand({ RoleName: 'survivor' }));
      expect(role.Role?.RoleName).toBe('survivor');
      const roles = await second.iam(rootKeys).send(new ListRolesCommand({}));
      expect(roles.Roles?.map((r) => r.RoleName)).toEqual(['OrganizationAccountAccessRole', 'survivor']);
    } finally {
      await second.close();
    }
  });

  it('refuses to reopen a state directory with another organization', async () => {
    const cloud = await createLocalCloud({ stateDir: dir.path });
    await cloud.close();
    await expect(
      createLocalCloud({ stateDir: dir.path, org: { accounts: [{ name: 'solo' }] } }),
    ).rejects.toMatchObject({
      code: 'LocalCloudOrgMismatch',
    });
  });

  it('gives an ephemeral cloud fresh keys and leaves nothing behind', async () => {
    const a = await createLocalCloud({ ephemeral: true });
    const b = await createLocalCloud();
    try {
      expect(a.ephemeral).toBe(true);
      expect(b.ephemeral).toBe(true);
      expect(a.credentialsFor('management').accessKeyId).not.toBe(b.credentialsFor('management').accessKeyId);
      expect(a.credentialsFor('111111111111')).toEqual({
        ...a.credentialsFor('management'),
        region: 'us-east-1',
      });
      expect(() => a.credentialsFor('nobody')).toThrow(
        expect.objectContaining({ code: 'LocalCloudUnknownAccount' }),
      );
    } finally {
      await a.close();
      await b.close();
    }
    expect(existsSync(a.stateDir)).toBe(false);
  });

  it('writes where it listens, so credentials can be read from the state directory alone', async () => {
    const cloud = await createLocalCloud({ stateDir: dir.path, region: 'eu-west-1' });
    try {
      const stored = readStoredCredentials({ stateDir: dir.path, account: 'tools' });
      expect(stored).toMatchObject({
        accountId: '222222222222',
        accessKeyId: cloud.credentialsFor('tools').accessKeyId,
        secretAccessKey: cloud.credentialsFor('tools').secretAccessKey,
        endpoint: { endpoint: cloud.endpoint, region: 'eu-west-1' },
      });
    } finally {
      await cloud.close();
    }
    expect(existsSync(join(dir.path, 'endpoint.json'))).toBe(false);
    expect(readStoredCredentials({ stateDir: dir.path, account: 'tools' }).endpoint).toBeUndefined();
  });

  it('serves HTTPS with a CA kept in the state directory', async () => {
    const cloud = await createLocalCloud({ stateDir: dir.path, https: true });
    try {
      expect(cloud.httpsEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const stored = readStoredCredentials({ stateDir: dir.path, account: 'management' });
      expect(stored.endpoint?.caCertFile).toBe(stored.caCertFile);
      expect(readFileSync(stored.caCertFile, 'utf8')).toBe(cloud.caCertPem);
      const sts = new STSClient({
        endpoint: cloud.httpsEndpoint,
        region: 'us-east-1',
        credentials: cloud.credentialsFor('management'),
        maxAttempts: 1,
        requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: cloud.caCertPem }) }),
      });
      expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe('111111111111');
    } finally {
      await cloud.close();
    }
  });

  it('serves KMS and S3 with the same identities: an SSE-KMS object a session writes and reads', async () => {
    const t = await startTestCloud();
    try {
      const session = await t.assume(t.root('management'), {
        RoleArn: `arn:aws:iam::${DEV}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'wiring',
      });
      const kms = new KMSClient(sdkConfig(t.cloud, t.clock, session));
      const key = await kms.send(new CreateKeyCommand({ Description: 'wiring' }));
      expect(key.KeyMetadata?.AWSAccountId).toBe(DEV);
      const s3 = new S3Client({ ...sdkConfig(t.cloud, t.clock, session), forcePathStyle: true });
      await s3.send(new CreateBucketCommand({ Bucket: 'wiring-bucket' }));
      await s3.send(
        new PutObjectCommand({
          Bucket: 'wiring-bucket',
          Key: 'k',
          Body: 'hello',
          ServerSideEncryption: 'aws:kms',
          SSEKMSKeyId: key.KeyMetadata!.Arn,
        }),
      );
      const got = await s3.send(new GetObjectCommand({ Bucket: 'wiring-bucket', Key: 'k' }));
      expect(await got.Body?.transformToString()).toBe('hello');
      const outsider = new S3Client({
        ...sdkConfig(t.cloud, t.clock, t.root('qa-orders')),
        forcePathStyle: true,
      });
      expect(
        (await rejection(outsider.send(new GetObjectCommand({ Bucket: 'wiring-bucket', Key: 'k' })))).name,
      ).toBe('AccessDenied');
    } finally {
      await t.close();
    }
  });

  it('registers extra services with the same deps and state slices', async () => {
    const demoSlice: SliceDefinition<{ n: number }> = {
      name: 'demo',
      initial: () => ({ n: 0 }),
      reducers: {
        bump: (s) => {
          s.n += 1;
        },
      },
    };
    const seen: number[] = [];
    const cloud = await createLocalCloud({
      slices: [demoSlice],
      extraServices: [
        (registry, deps) => {
          deps.store.dispatch(demoSlice, 'bump', {});
          seen.push(deps.accounts.list().length, deps.store.get(demoSlice).n);
          registry.query('sts', 'GetSessionToken', () => ({ Credentials: undefined }));
        },
      ],
    });
    try {
      expect(seen).toEqual([14, 1]);
    } finally {
      await cloud.close();
    }
  });

  it('fails clearly for conflicting options and a busy port', async () => {
    await expect(createLocalCloud({ stateDir: dir.path, ephemeral: true })).rejects.toMatchObject({
      code: 'LocalCloudOptionsConflict',
    });
    const cloud = await createLocalCloud({ ephemeral: true });
    try {
      const port = Number(new URL(cloud.endpoint).port);
      const err = await rejection(createLocalCloud({ stateDir: dir.path, port }));
      expect(err).toMatchObject({ code: 'LocalCloudListenFailed' });
      // The failed start released the state directory: it can be opened again.
      const again = await createLocalCloud({ stateDir: dir.path });
      await again.close();
    } finally {
      await cloud.close();
    }
  });

  it('injects faults configured at start and changed at run time, scoped by account', async () => {
    const test = await startTestCloud({
      faults: {
        seed: 7,
        rules: [{ service: 'sts', operation: 'GetCallerIdentity', account: DEV, throttle: 1 }],
      },
    });
    try {
      const dev = test.sts(test.root('dev-payments'));
      const err = await rejection(dev.send(new GetCallerIdentityCommand({})));
      expect(err.name).toBe('Throttling');
      expect(err.$metadata?.httpStatusCode).toBe(400);
      // another account is not matched by the rule
      const tools = await test.sts(test.root('tools')).send(new GetCallerIdentityCommand({}));
      expect(tools.Account).not.toBe(DEV);
      test.cloud.faults.configure({
        rules: [{ service: 'sts', fail: { code: 'InternalFailure', first: 1 } }],
      });
      expect(
        (await rejection(test.sts(test.root('tools')).send(new GetCallerIdentityCommand({})))).name,
      ).toBe('InternalFailure');
      expect((await dev.send(new GetCallerIdentityCommand({}))).Account).toBe(DEV);
      test.cloud.faults.reset();
      expect((await dev.send(new GetCallerIdentityCommand({}))).Account).toBe(DEV);
    } finally {
      await test.close();
    }
  });
});
