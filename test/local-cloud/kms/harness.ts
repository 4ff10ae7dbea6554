/**
 * A small local cloud for the KMS tests, until core/ and cloud.ts exist: the real wire core
 * (startLocalCloud), a StateStore with the KMS slices, and ServiceDeps whose `authorize` is the real
 * IAM evaluator over three fixed principals:
 *
 *   rootA   the root user of account A (111111111111)
 *   rootB   the root user of account B (222222222222)
 *   roleB   an assumed-role session of role `Worker` in account B, whose identity policies tests set
 *   roleA   an assumed-role session of role `Worker` in account A, likewise
 *
 * Requests are signed by the real SDK clients (and the `aws` CLI); the lookup below is the credential
 * table the SigV4 verifier checks them against.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient, type KMSClientConfig } from '@aws-sdk/client-kms';
import type { CredentialRecord } from '../../../src/local-cloud/auth/credentials.js';
import { AwsError } from '../../../src/local-cloud/http/errors.js';
import type { ServiceRegistry } from '../../../src/local-cloud/http/registry.js';
import type { RequestContext } from '../../../src/local-cloud/http/types.js';
import { accessDeniedMessage, evaluate, type RequestPrincipal } from '../../../src/local-cloud/iam/index.js';
import { type LocalCloud, startLocalCloud } from '../../../src/local-cloud/server.js';
import type { AccountDirectory, KmsInternal, ServiceDeps } from '../../../src/local-cloud/services/deps.js';
import { type KmsRandom, kmsSlices, registerKms } from '../../../src/local-cloud/services/kms/index.js';
import { StateStore } from '../../../src/local-cloud/state/store.js';

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
export const REGION = 'us-east-1';

export type PrincipalName = 'rootA' | 'rootB' | 'roleA' | 'roleB';

interface TestPrincipal {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  principal: RequestPrincipal;
}

function role(account: string, letter: string): TestPrincipal {
  return {
    accessKeyId: `ASIAWORKER${letter}0000000001`,
    secretAccessKey: `worker-${letter}-secret-EXAMPLE0000000000000001`,
    sessionToken: `worker-${letter}-session-token-EXAMPLE`,
    principal: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${account}:assumed-role/Worker/test`,
      roleArn: `arn:aws:iam::${account}:role/Worker`,
      accountId: account,
      userId: `AROAWORKER${letter}:test`,
    },
  };
}

export const PRINCIPALS: Record<PrincipalName, TestPrincipal> = {
  rootA: {
    accessKeyId: 'AKIAROOTA00000000001',
    secretAccessKey: 'root-a-secret-EXAMPLE00000000000000000001',
    principal: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT_A}:root`, accountId: ACCOUNT_A },
  },
  rootB: {
    accessKeyId: 'AKIAROOTB00000000001',
    secretAccessKey: 'root-b-secret-EXAMPLE00000000000000000001',
    principal: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT_B}:root`, accountId: ACCOUNT_B },
  },
  roleA: role(ACCOUNT_A, 'A'),
  roleB: role(ACCOUNT_B, 'B'),
};

const byAccessKey = new Map(Object.values(PRINCIPALS).map((p) => [p.accessKeyId, p]));

const accounts: AccountDirectory = {
  organizationId: 'o-exampleorg1',
  managementAccountId: ACCOUNT_A,
  list: () =>
    [ACCOUNT_A, ACCOUNT_B].map((id, i) => ({
      id,
      name: i === 0 ? 'management' : 'tools',
      email: `${id}@example.com`,
      ouPath: '',
      orgPath: 'o-exampleorg1/r-root/',
      tags: {},
    })),
  find: (idOrName) => accounts.list().find((a) => a.id === idOrName || a.name === idOrName),
};

export interface KmsHarness {
  readonly cloud: LocalCloud;
  readonly store: StateStore;
  readonly kms: KmsInternal;
  readonly deps: ServiceDeps;
  /** A KMS client signed as `who`. */
  client(who: PrincipalName, config?: Partial<KMSClientConfig>): KMSClient;
  /** Replaces the identity policies (JSON documents) of a principal. */
  setIdentityPolicies(who: PrincipalName, policies: readonly object[]): void;
  /** Moves the cloud's clock forward (make new clients afterwards: they sign with the moved clock). */
  advanceClock(ms: number): void;
  /** Runs `aws kms …` as `who`; resolves with the exit code and output. */
  cli(who: PrincipalName, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** A file in the harness's temp dir. */
  writeTempFile(name: string, data: Buffer | string): Promise<string>;
  close(): Promise<void>;
}

export interface KmsHarnessOptions {
  /** Keep state here (persistence tests); in memory otherwise. */
  stateDir?: string;
  random?: KmsRandom;
  /** Wraps the registry before KMS registers (fault injection tests). */
  wrapRegistry?: (registry: ServiceRegistry) => ServiceRegistry;
}

export async function startKmsHarness(options: KmsHarnessOptions = {}): Promise<KmsHarness> {
  // SDK clients sign with the system clock, so the cloud's clock is the system clock plus an offset that
  // tests may move forward (clients made afterwards sign with the same offset).
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const identityPolicies = new Map<PrincipalName, object[]>();
  const nameOf = new Map(
    Object.entries(PRINCIPALS).map(([name, p]) => [p.accessKeyId, name as PrincipalName]),
  );
  const store = StateStore.open({ dir: options.stateDir, slices: kmsSlices });
  const temp = await mkdtemp(join(tmpdir(), 'kms-harness-'));

  const callerOf = (ctx: RequestContext): RequestPrincipal | undefined =>
    ctx.caller.type === 'Credentials' ? byAccessKey.get(ctx.caller.accessKeyId)?.principal : undefined;

  const deps: ServiceDeps = {
    store,
    accounts,
    callerOf,
    now,
    authorize(ctx, request) {
      const principal = callerOf(ctx);
      const code = ctx.protocol === 'json' ? 'AccessDeniedException' : 'AccessDenied';
      if (!principal) throw new AwsError(code, 'Anonymous requests are not allowed.');
      const name = ctx.caller.type === 'Credentials' ? nameOf.get(ctx.caller.accessKeyId) : undefined;
      const policies = (name && identityPolicies.get(name)) || [];
      const result = evaluate({
        request: {
          principal,
          action: request.action,
          resource: request.resource,
          resourceAccount: request.resourceAccount,
          contextKeys: { ...ctx.conditionKeys, ...request.contextKeys },
        },
        identityPolicies: policies.map((document, i) => ({
          name: `inline-${i}`,
          document: JSON.stringify(document),
        })),
        resourcePolicy: request.resourcePolicy && {
          name: request.resourcePolicy.name,
          document: request.resourcePolicy.document,
        },
        resourcePolicyKind: request.resourcePolicy?.kind,
      });
      if (result.decision === 'Allow') return;
      throw new AwsError(
        code,
        accessDeniedMessage({
          principalArn: principal.arn,
          action: request.action,
          resource: request.resource,
          decision: result.decision,
          policyType: result.policyType,
        }),
        { status: ctx.protocol === 'json' ? 400 : 403 },
      );
    },
  };

  let kms: KmsInternal | undefined;
  const cloud = await startLocalCloud({
    now,
    credentials: (accessKeyId): CredentialRecord | undefined => {
      const p = byAccessKey.get(accessKeyId);
      if (!p) return undefined;
      return {
        secretAccessKey: p.secretAccessKey,
        sessionToken: p.sessionToken,
        accountId: p.principal.accountId,
      };
    },
    services: (registry) => {
      kms = registerKms(options.wrapRegistry ? options.wrapRegistry(registry) : registry, deps, {
        random: options.random,
      });
    },
  });

  const credentialsOf = (who: PrincipalName) => {
    const p = PRINCIPALS[who];
    return { accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey, sessionToken: p.sessionToken };
  };

  return {
    cloud,
    store,
    kms: kms!,
    deps,
    client: (who, config = {}) =>
      new KMSClient({
        endpoint: cloud.endpoint,
        region: REGION,
        credentials: credentialsOf(who),
        maxAttempts: 1,
        systemClockOffset: offsetMs,
        ...config,
      }),
    setIdentityPolicies: (who, policies) => identityPolicies.set(who, [...policies]),
    advanceClock: (ms) => {
      offsetMs += ms;
    },
    cli: (who, args) => {
      const c = credentialsOf(who);
      const env: Record<string, string> = {
        PATH: process.env['PATH'] ?? '',
        HOME: temp,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_ACCESS_KEY_ID: c.accessKeyId,
        AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
        AWS_DEFAULT_REGION: REGION,
        AWS_MAX_ATTEMPTS: '1',
      };
      if (c.sessionToken) env['AWS_SESSION_TOKEN'] = c.sessionToken;
      return new Promise((resolve) => {
        execFile(
          'aws',
          ['--endpoint-url', cloud.endpoint, 'kms', ...args],
          { env, timeout: 60_000 },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      });
    },
    writeTempFile: async (name, data) => {
      const file = join(temp, name);
      await writeFile(file, data);
      return file;
    },
    close: async () => {
      await cloud.close();
      store.close();
      await rm(temp, { recursive: true, force: true });
    },
  };
}

/** The error an SDK client call rejects with (fails the test when it resolves). */
export async function sdkError(
  promise: Promise<unknown>,
): Promise<Error & { name: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { name: string };
  }
  throw new Error('expected the request to fail, but it succeeded');
}
