/**
 * A local cloud with only S3, for S3's tests: the real wire core (SigV4 and all), the real IAM evaluator
 * behind `authorize`, a fixed set of principals (three account roots and two role sessions whose
 * identity policies a test can set), and a tiny KMS stand-in that only resolves keys and wraps bytes
 * (no real cryptography: what is tested here is S3's use of key policies and permissions).
 */
import { Agent } from 'node:https';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { AwsError, type RequestContext } from '../../../src/local-cloud/http/index.js';
import {
  accessDeniedMessage,
  evaluate,
  type PolicyDocument,
  type PolicyStatement,
  type RequestPrincipal,
} from '../../../src/local-cloud/iam/index.js';
import { type LocalCloud, startLocalCloud } from '../../../src/local-cloud/server.js';
import type {
  AccountDirectory,
  AccountRecord,
  AuthorizeRequest,
  KmsInternal,
  KmsKeyRecord,
  ServiceDeps,
} from '../../../src/local-cloud/services/deps.js';
import { kmsSlices, registerKms } from '../../../src/local-cloud/services/kms/index.js';
import { registerS3, s3Slices } from '../../../src/local-cloud/services/s3/index.js';
import { StateStore } from '../../../src/local-cloud/state/store.js';

export const ORG_ID = 'o-s3harness01';
export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';
/** An account outside the organization. */
export const ACCOUNT_C = '333333333333';

export type PrincipalName = 'rootA' | 'rootB' | 'rootC' | 'roleA' | 'roleB';

interface PrincipalEntry {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  principal: RequestPrincipal;
}

function root(accountId: string, key: string, orgId: string | undefined): PrincipalEntry {
  return {
    accessKeyId: key,
    secretAccessKey: `secret/${key}/EXAMPLE`,
    principal: { type: 'Root', arn: `arn:aws:iam::${accountId}:root`, accountId, orgId },
  };
}

function role(accountId: string, name: string, key: string): PrincipalEntry {
  return {
    accessKeyId: key,
    secretAccessKey: `secret/${key}/EXAMPLE`,
    sessionToken: `token-${key}`,
    principal: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${accountId}:assumed-role/${name}/s3-test`,
      roleArn: `arn:aws:iam::${accountId}:role/${name}`,
      accountId,
      orgId: ORG_ID,
      userId: `AROA${name.toUpperCase()}:s3-test`,
    },
  };
}

export const PRINCIPALS: Readonly<Record<PrincipalName, PrincipalEntry>> = {
  rootA: root(ACCOUNT_A, 'AKIAS3HARNESSROOTA01', ORG_ID),
  rootB: root(ACCOUNT_B, 'AKIAS3HARNESSROOTB01', ORG_ID),
  rootC: root(ACCOUNT_C, 'AKIAS3HARNESSROOTC01', undefined),
  roleA: role(ACCOUNT_A, 'Writer', 'ASIAS3HARNESSROLEA01'),
  roleB: role(ACCOUNT_B, 'Reader', 'ASIAS3HARNESSROLEB01'),
};

const ACCOUNTS: AccountRecord[] = [
  { id: ACCOUNT_A, name: 'alpha', email: 'a@example.com', ouPath: '', orgPath: `${ORG_ID}/r-s3h/`, tags: {} },
  { id: ACCOUNT_B, name: 'bravo', email: 'b@example.com', ouPath: '', orgPath: `${ORG_ID}/r-s3h/`, tags: {} },
];

const directory: AccountDirectory = {
  organizationId: ORG_ID,
  managementAccountId: ACCOUNT_A,
  list: () => ACCOUNTS,
  find: (idOrName) => ACCOUNTS.find((a) => a.id === idOrName || a.name === idOrName),
};

/** A policy that allows every action on every resource (for role sessions in tests). */
export const ALLOW_ALL: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

// --- the KMS stand-in ------------------------------------------------------------------------------------

const MAGIC = Buffer.from('FAKEKMS1');

/**
 * Keys, aliases and a reversible byte wrapping that records key and encryption context. Enough to test
 * how S3 chooses keys and asks for permissions; not encryption.
 */
export class FakeKms implements KmsInternal {
  readonly keys = new Map<string, KmsKeyRecord>();
  private readonly aliases = new Map<string, string>();
  private counter = 0;

  createKey(input: {
    accountId: string;
    region: string;
    policy: PolicyDocument;
    alias?: string;
  }): KmsKeyRecord {
    this.counter += 1;
    const keyId = `00000000-0000-4000-8000-${this.counter.toString(16).padStart(12, '0')}`;
    const key: KmsKeyRecord = {
      keyId,
      arn: `arn:aws:kms:${input.region}:${input.accountId}:key/${keyId}`,
      accountId: input.accountId,
      region: input.region,
      policy: JSON.stringify(input.policy),
      enabled: true,
    };
    this.keys.set(keyId, key);
    if (input.alias !== undefined)
      this.aliases.set(`${input.accountId}:${input.region}:${input.alias}`, keyId);
    return key;
  }

  setPolicy(key: KmsKeyRecord, policy: PolicyDocument): void {
    this.keys.set(key.keyId, { ...key, policy: JSON.stringify(policy) });
  }

  resolveKey(ref: string, where: { accountId: string; region: string }): KmsKeyRecord | undefined {
    const keyArn = /^arn:aws:kms:([^:]+):(\d{12}):key\/(.+)$/.exec(ref);
    if (keyArn) {
      const key = this.keys.get(keyArn[3]!);
      return key && key.region === keyArn[1] && key.accountId === keyArn[2] ? key : undefined;
    }
    const aliasArn = /^arn:aws:kms:([^:]+):(\d{12}):(alias\/.+)$/.exec(ref);
    const aliasKey = aliasArn
      ? `${aliasArn[2]}:${aliasArn[1]}:${aliasArn[3]}`
      : `${where.accountId}:${where.region}:${ref}`;
    const id = ref.startsWith('alias/') || aliasArn ? this.aliases.get(aliasKey) : ref;
    const key = id === undefined ? undefined : this.keys.get(id);
    return key && (aliasArn || (key.accountId === where.accountId && key.region === where.region))
      ? key
      : undefined;
  }

  awsManagedKey(service: 's3', where: { accountId: string; region: string }): KmsKeyRecord {
    const existing = this.resolveKey(`alias/aws/${service}`, where);
    if (existing) return existing;
    // The shape of the key policy AWS gives `aws/s3`: any principal of the account, through S3 only.
    return this.createKey({
      ...where,
      alias: `alias/aws/${service}`,
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: [
              'kms:Encrypt',
              'kms:Decrypt',
              'kms:ReEncrypt*',
              'kms:GenerateDataKey*',
              'kms:DescribeKey',
            ],
            Resource: '*',
            Condition: {
              StringEquals: {
                'kms:CallerAccount': where.accountId,
                'kms:ViaService': `${service}.${where.region}.amazonaws.com`,
              },
            },
          },
        ],
      },
    });
  }

  encrypt(key: KmsKeyRecord, plaintext: Buffer, context: Record<string, string> = {}): Buffer {
    const header = Buffer.from(JSON.stringify({ keyId: key.keyId, context }));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.length);
    return Buffer.concat([MAGIC, length, header, plaintext.map((b) => b ^ 0x5a)]);
  }

  decrypt(
    ciphertext: Buffer,
    context: Record<string, string> = {},
  ): { key: KmsKeyRecord; plaintext: Buffer } {
    if (!ciphertext.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a FakeKms ciphertext');
    const length = ciphertext.readUInt32BE(MAGIC.length);
    const start = MAGIC.length + 4;
    const header = JSON.parse(ciphertext.subarray(start, start + length).toString()) as {
      keyId: string;
      context: Record<string, string>;
    };
    if (JSON.stringify(header.context) !== JSON.stringify(context)) {
      throw new AwsError('InvalidCiphertextException', 'The encryption context does not match.');
    }
    return {
      key: this.keys.get(header.keyId)!,
      plaintext: Buffer.from(ciphertext.subarray(start + length).map((b) => b ^ 0x5a)),
    };
  }
}

/** A key policy that delegates the key to its account (IAM policies decide), plus optional statements. */
export function keyPolicy(accountId: string, ...extra: PolicyStatement[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${accountId}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      ...extra,
    ],
  };
}

// --- the cloud --------------------------------------------------------------------------------------------

export interface S3Harness {
  cloud: LocalCloud;
  store: StateStore;
  /** The KMS stand-in (unused with `realKms`). */
  kms: FakeKms;
  /** What S3 was given: the stand-in, or the real KMS service. */
  kmsInternal: KmsInternal;
  /** Sets a role session's identity policies (roleA / roleB). */
  setPolicies(name: 'roleA' | 'roleB', policies: PolicyDocument[]): void;
  client(name: PrincipalName, options?: ClientOptions): S3Client;
  /** Endpoint, region and credentials for another SDK client acting as `name`. */
  clientConfig(name: PrincipalName): {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  };
  /** Environment for the `aws` CLI acting as `name`. */
  cliEnv(
    name: PrincipalName,
    home: string,
    options?: { region?: string; caBundle?: string },
  ): NodeJS.ProcessEnv;
  close(): Promise<void>;
}

export interface ClientOptions {
  region?: string;
  https?: boolean;
  /** Virtual-hosted style (`bucket.localhost:PORT`, connected to 127.0.0.1). */
  virtualHost?: boolean;
}

function principalOf(ctx: RequestContext): RequestPrincipal | undefined {
  if (ctx.caller.type !== 'Credentials') return undefined;
  const name = ctx.caller.credentials['name'] as PrincipalName;
  return PRINCIPALS[name].principal;
}

const ANONYMOUS: RequestPrincipal = { type: 'Anonymous', arn: '', accountId: '' };

/** Connects to 127.0.0.1 whatever host name the request is signed for (for virtual-hosted style). */
class LoopbackHandler extends NodeHttpHandler {
  override handle(...args: Parameters<NodeHttpHandler['handle']>) {
    const [request] = args;
    request.hostname = '127.0.0.1';
    return super.handle(...args);
  }
}

export interface HarnessOptions {
  https?: boolean;
  stateDir?: string;
  /** Serve the real KMS service (services/kms) and give S3 its KmsInternal instead of the stand-in. */
  realKms?: boolean;
}

export async function startS3Harness(options: HarnessOptions = {}): Promise<S3Harness> {
  const slices = options.realKms ? [...s3Slices, ...kmsSlices] : s3Slices;
  const store = StateStore.open({ dir: options.stateDir, slices });
  const kms = new FakeKms();
  let kmsInternal: KmsInternal = kms;
  const policies: Record<'roleA' | 'roleB', PolicyDocument[]> = { roleA: [], roleB: [] };
  const names = new Map(
    Object.entries(PRINCIPALS).map(([name, p]) => [p.accessKeyId, name as PrincipalName]),
  );

  const authorize = (ctx: RequestContext, request: AuthorizeRequest): void => {
    const principal = principalOf(ctx) ?? ANONYMOUS;
    const name =
      ctx.caller.type === 'Credentials' ? (ctx.caller.credentials['name'] as PrincipalName) : undefined;
    const identity = name === 'roleA' || name === 'roleB' ? policies[name] : [];
    const result = evaluate({
      request: {
        principal,
        action: request.action,
        resource: request.resource,
        resourceAccount: request.resourceAccount,
        contextKeys: { ...ctx.conditionKeys, ...request.contextKeys },
      },
      identityPolicies: identity.map((document, i) => ({ name: `${name} policy ${i}`, document })),
      resourcePolicy: request.resourcePolicy && {
        name: request.resourcePolicy.name,
        document: request.resourcePolicy.document,
      },
      resourcePolicyKind: request.resourcePolicy?.kind,
    });
    if (result.decision === 'Allow') return;
    const message = accessDeniedMessage({
      principalArn: principal.arn,
      action: request.action,
      resource: request.resource,
      decision: result.decision,
      policyType: result.policyType,
    });
    const code = ctx.protocol === 'json' ? 'AccessDeniedException' : 'AccessDenied';
    throw new AwsError(code, message, { status: 403 });
  };
  const deps: ServiceDeps = {
    store,
    accounts: directory,
    callerOf: principalOf,
    authorize,
    now: () => new Date(),
  };
  const cloud = await startLocalCloud({
    https: options.https,
    credentials: (accessKeyId) => {
      const name = names.get(accessKeyId);
      if (name === undefined) return undefined;
      const entry = PRINCIPALS[name];
      return { secretAccessKey: entry.secretAccessKey, sessionToken: entry.sessionToken, name };
    },
    services: (registry) => {
      if (options.realKms) kmsInternal = registerKms(registry, deps);
      registerS3(registry, deps, { kms: kmsInternal });
    },
  });

  const credentialsOf = (name: PrincipalName) => {
    const { accessKeyId, secretAccessKey, sessionToken } = PRINCIPALS[name];
    return { accessKeyId, secretAccessKey, sessionToken };
  };
  return {
    cloud,
    store,
    kms,
    kmsInternal,
    setPolicies(name, documents) {
      policies[name] = documents;
    },
    client(name, clientOptions = {}) {
      const https = clientOptions.https === true;
      const endpoint = https ? cloud.httpsEndpoint! : cloud.endpoint;
      const agent = https ? new Agent({ ca: cloud.caCertPem }) : undefined;
      const handlerOptions = agent ? { httpsAgent: agent } : {};
      return new S3Client({
        endpoint: clientOptions.virtualHost ? endpoint.replace('127.0.0.1', 'localhost') : endpoint,
        region: clientOptions.region ?? 'us-east-1',
        credentials: credentialsOf(name),
        forcePathStyle: !clientOptions.virtualHost,
        maxAttempts: 1,
        requestHandler: clientOptions.virtualHost
          ? new LoopbackHandler(handlerOptions)
          : new NodeHttpHandler(handlerOptions),
      });
    },
    clientConfig(name) {
      return { endpoint: cloud.endpoint, region: 'us-east-1', credentials: credentialsOf(name) };
    },
    cliEnv(name, home, envOptions = {}) {
      const { accessKeyId, secretAccessKey, sessionToken } = credentialsOf(name);
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: home,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_ACCESS_KEY_ID: accessKeyId,
        AWS_SECRET_ACCESS_KEY: secretAccessKey,
        AWS_DEFAULT_REGION: envOptions.region ?? 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
      };
      if (sessionToken !== undefined) env.AWS_SESSION_TOKEN = sessionToken;
      if (envOptions.caBundle !== undefined) env.AWS_CA_BUNDLE = envOptions.caBundle;
      return env;
    },
    async close() {
      await cloud.close();
      store.close();
    },
  };
}

/** The error a promise rejects with: its name (S3 code), message and HTTP status. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status: number | undefined; raw: Record<string, unknown> }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return {
      name: e.name,
      message: e.message,
      status: e.$metadata?.httpStatusCode,
      raw: err as Record<string, unknown>,
    };
  }
  throw new Error('expected the call to fail');
}
