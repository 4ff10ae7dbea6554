/**
 * A kill -9 at any moment never leaves state that fails to load: `fleetpipe local start --state-dir`
 * runs as a child process while the test streams state-changing requests at it from several concurrent
 * writers (CreateBucket, PutObject, CreateRole, AssumeRole, KMS CreateKey + Encrypt). The child is
 * SIGKILLed in mid-stream, with requests in flight, then started again on the same state directory:
 * it must start, and every write it acknowledged before dying must be there, object bytes intact.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetRoleCommand, IAMClient, CreateRoleCommand } from '@aws-sdk/client-iam';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  KMSClient,
} from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, describe, expect, it } from 'vitest';
import { readStoredCredentials } from '../../src/local-cloud/index.js';

const bin = path.resolve(import.meta.dirname, '../../bin/fleetpipe.js');
const MANAGEMENT = '111111111111';
/** Kill points: the child dies once this many writes (counted over all rounds) were acknowledged. */
const KILL_AFTER = [20, 57, 131];
const WRITERS = 4;

interface Running {
  child: ChildProcess;
  endpoint: string;
  exited: Promise<void>;
}

/** Starts the cloud on `stateDir`; resolves once it printed its JSON line (it listens by then). */
function startCloud(stateDir: string): Promise<Running> {
  const child = spawn(
    process.execPath,
    [bin, 'local', 'start', '--port', '0', '--state-dir', stateDir, '--json'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      // The start line is one line of JSON with the endpoint; an error report is not.
      let started: { endpoint?: unknown } | undefined;
      try {
        started = JSON.parse(out.slice(0, nl));
      } catch {
        return; // the report goes on; the exit handler rejects with all of it
      }
      if (typeof started?.endpoint === 'string') resolve({ child, endpoint: started.endpoint, exited });
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`local start exited (${signal ?? code}) before it listened: ${out}${stderr}`)),
    );
  });
}

interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

function clients(endpoint: string, credentials: Credentials) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const config = {
    endpoint,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: agent }),
  };
  const all = {
    s3: new S3Client({ ...config, forcePathStyle: true }),
    iam: new IAMClient(config),
    sts: new STSClient(config),
    kms: new KMSClient(config),
  };
  return {
    ...all,
    destroy() {
      for (const client of Object.values(all)) client.destroy();
      agent.destroy();
    },
  };
}

/** Deterministic bytes of varied sizes (1 byte to ~96 KB), different for every object. */
function objectBytes(seed: number): Buffer {
  const size = 1 + ((seed * 7919) % 98_000);
  const out = Buffer.alloc(size);
  let x = (seed * 2654435761 + 1) >>> 0;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** What the cloud acknowledged, over all rounds. */
interface Acknowledged {
  count: number;
  buckets: string[];
  objects: { bucket: string; key: string; seed: number }[];
  roles: string[];
  sessions: { credentials: Credentials; arn: string }[];
  keys: { keyId: string; ciphertext?: Uint8Array; plaintext: string }[];
}

/** One round of writers against one child: what they share. */
interface Round {
  acked: Acknowledged;
  /** Seeds of object bodies, unique over the whole test. */
  nextSeed: () => number;
  /** Requests sent and not yet answered. */
  inFlight: number;
  killed: boolean;
  /** Called once per acknowledged write (it kills the child at the kill point). */
  onAck: () => void;
}

const trustManagement = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` }, Action: 'sts:AssumeRole' },
  ],
});

/**
 * One writer's endless chain of dependent writes: its bucket first, then objects, roles, sessions of
 * those roles and KMS keys in turn. Returns when a request fails after the child was killed; a failure
 * before that fails the test.
 */
async function writer(options: { api: ReturnType<typeof clients>; prefix: string; round: Round }) {
  const { api, prefix, round } = options;
  const { acked } = round;
  const tracked = async <T>(send: () => Promise<T>): Promise<T> => {
    round.inFlight += 1;
    try {
      return await send();
    } finally {
      round.inFlight -= 1;
    }
  };
  const bucket = `${prefix}-bucket`;
  let lastRole: string | undefined;
  try {
    await tracked(() => api.s3.send(new CreateBucketCommand({ Bucket: bucket })));
    acked.buckets.push(bucket);
    round.onAck();
    for (let step = 1; !round.killed; step++) {
      switch (step % 4) {
        case 1: {
          const key = `objects/${step}.bin`;
          const seed = round.nextSeed();
          const Body = objectBytes(seed);
          await tracked(() => api.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body })));
          acked.objects.push({ bucket, key, seed });
          break;
        }
        case 2: {
          const role = `${prefix}-role-${step}`;
          await tracked(() =>
            api.iam.send(
              new CreateRoleCommand({ RoleName: role, AssumeRolePolicyDocument: trustManagement }),
            ),
          );
          acked.roles.push(role);
          lastRole = role;
          break;
        }
        case 3: {
          const RoleArn = `arn:aws:iam::${MANAGEMENT}:role/${lastRole}`;
          const out = await tracked(() =>
            api.sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: `s${step}` })),
          );
          const c = out.Credentials!;
          acked.sessions.push({
            credentials: {
              accessKeyId: c.AccessKeyId!,
              secretAccessKey: c.SecretAccessKey!,
              sessionToken: c.SessionToken!,
            },
            arn: out.AssumedRoleUser!.Arn!,
          });
          break;
        }
        default: {
          const created = await tracked(() =>
            api.kms.send(new CreateKeyCommand({ Description: `${prefix} ${step}` })),
          );
          const key: Acknowledged['keys'][number] = {
            keyId: created.KeyMetadata!.KeyId!,
            plaintext: `${prefix} secret ${step}`,
          };
          acked.keys.push(key);
          round.onAck();
          const Plaintext = Buffer.from(key.plaintext);
          const { CiphertextBlob } = await tracked(() =>
            api.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext })),
          );
          key.ciphertext = CiphertextBlob;
          continue;
        }
      }
      round.onAck();
    }
  } catch (err) {
    if (!round.killed) throw err;
  }
}

/** `send()`, with a failure naming the acknowledged write that did not survive. */
async function survived<T>(what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    const e = err as Error;
    throw new Error(
      `${what} was acknowledged but is gone after kill -9 and restart: ${e.name}: ${e.message}`,
    );
  }
}

/** Every acknowledged write, read back through the SDK. */
async function expectAllThere(api: ReturnType<typeof clients>, endpoint: string, acked: Acknowledged) {
  for (const bucket of acked.buckets) {
    await survived(`bucket ${bucket}`, () => api.s3.send(new HeadBucketCommand({ Bucket: bucket })));
  }
  for (const o of acked.objects) {
    const bytes = await survived(`object ${o.bucket}/${o.key}`, async () => {
      const got = await api.s3.send(new GetObjectCommand({ Bucket: o.bucket, Key: o.key }));
      return Buffer.from(await got.Body!.transformToByteArray());
    });
    expect(bytes.equals(objectBytes(o.seed)), `bytes of ${o.bucket}/${o.key}`).toBe(true);
  }
  for (const role of acked.roles) {
    const { Role } = await survived(`role ${role}`, () =>
      api.iam.send(new GetRoleCommand({ RoleName: role })),
    );
    expect(Role?.RoleName).toBe(role);
  }
  for (const s of acked.sessions) {
    const session = clients(endpoint, s.credentials);
    try {
      const who = await survived(`session ${s.arn}`, () =>
        session.sts.send(new GetCallerIdentityCommand({})),
      );
      expect(who.Arn).toBe(s.arn);
    } finally {
      session.destroy();
    }
  }
  for (const k of acked.keys) {
    const { KeyMetadata } = await survived(`KMS key ${k.keyId}`, () =>
      api.kms.send(new DescribeKeyCommand({ KeyId: k.keyId })),
    );
    expect(KeyMetadata?.KeyState).toBe('Enabled');
    if (k.ciphertext) {
      const { Plaintext } = await survived(`key material of ${k.keyId}`, () =>
        api.kms.send(new DecryptCommand({ CiphertextBlob: k.ciphertext })),
      );
      expect(Buffer.from(Plaintext!).toString()).toBe(k.plaintext);
    }
  }
}

describe('local cloud: kill -9', () => {
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('never leaves state that fails to load, and keeps every acknowledged write', async () => {
    const stateDir = mkdtempSync(path.join(tmpdir(), 'fleetpipe-crash-'));
    dirs.push(stateDir);
    const acked: Acknowledged = { count: 0, buckets: [], objects: [], roles: [], sessions: [], keys: [] };
    let cloud = await startCloud(stateDir);
    children.push(cloud.child);
    const keys = readStoredCredentials({ stateDir, account: 'management' });
    const management = { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };

    let seed = 0;
    for (const [index, killAfter] of KILL_AFTER.entries()) {
      const api = clients(cloud.endpoint, management);
      const child = cloud.child;
      let inFlightAtKill = 0;
      const round: Round = {
        acked,
        nextSeed: () => ++seed,
        inFlight: 0,
        killed: false,
        onAck() {
          acked.count += 1;
          if (!round.killed && acked.count >= killAfter) {
            round.killed = true;
            inFlightAtKill = round.inFlight;
            child.kill('SIGKILL');
          }
        },
      };
      await Promise.all(
        Array.from({ length: WRITERS }, (_, w) => writer({ api, prefix: `crash-r${index}-w${w}`, round })),
      );
      api.destroy();
      await cloud.exited;
      expect(child.signalCode).toBe('SIGKILL');
      // The other writers had requests under way when the child died.
      expect(inFlightAtKill).toBeGreaterThan(0);

      cloud = await startCloud(stateDir);
      children.push(cloud.child);
      const check = clients(cloud.endpoint, management);
      try {
        await expectAllThere(check, cloud.endpoint, acked);
      } finally {
        check.destroy();
      }
    }
    expect(acked.count).toBeGreaterThanOrEqual(KILL_AFTER[KILL_AFTER.length - 1]!);
    expect(acked.objects.length).toBeGreaterThan(20);
    expect(acked.sessions.length).toBeGreaterThan(20);
    expect(acked.keys.filter((k) => k.ciphertext).length).toBeGreaterThan(15);

    cloud.child.kill('SIGTERM');
    await cloud.exited;
    expect(cloud.child.exitCode).toBe(0);
  }, 30_000);
});
