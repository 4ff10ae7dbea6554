/**
 * The local cloud, composed: organization and identity (core/), the services (STS, IAM, Organizations,
 * KMS, S3, and any extra ones) over one StateStore, served by the wire core (server.ts).
 *
 *   const cloud = await createLocalCloud({ stateDir: '.fleetpipe/local' });
 *   const creds = cloud.credentialsFor('management');   // { accessKeyId, secretAccessKey, region }
 *   new STSClient({ endpoint: cloud.endpoint, region: creds.region, credentials: creds });
 *   await cloud.close();
 */
import { join } from 'node:path';
import {
  type CloudFormationService,
  cloudformationSlices,
  registerCloudFormation,
} from './cloudformation/index.js';
import { builtinProviders } from './cloudformation/providers/index.js';
import type { ResourceProvider } from './cloudformation/providers/types.js';
import { createAccountDirectory } from './core/accounts.js';
import { createAuthorizer } from './core/authorize.js';
import { openCloudFile } from './core/bootstrap.js';
import { removeEndpointFile, writeEndpointFile } from './core/cloud-file.js';
import { Identity } from './core/identity.js';
import { loadOrganizationFile, parseOrganizationSpec } from './core/org-file.js';
import type { OrganizationSpec } from './core/org-schema.js';
import type { OrganizationModel } from './core/organization.js';
import { unknownAccountError } from './core/stored-credentials.js';
import {
  createFaultInjector,
  type FaultConfig,
  type FaultConfigInput,
  type FaultInjector,
  withFaults,
} from './faults/index.js';
import { LocalCloudError } from './http/errors.js';
import type { ServiceRegistry } from './http/index.js';
import { type ServiceEnvironment, startLocalCloud } from './server.js';
import type { AccountDirectory, LambdaInternal, ServiceDeps } from './services/deps.js';
import { codebuildSlices, registerCodeBuild } from './services/codebuild/index.js';
import {
  type ConfigInternal,
  configSlices,
  registerConfig,
  s3BucketSource,
} from './services/config/index.js';
import { codepipelineSlices, registerCodePipeline } from './services/codepipeline/index.js';
import {
  type ConnectionsInternal,
  codestarConnectionsSlices,
  registerCodeStarConnections,
} from './services/codestar-connections/index.js';
import {
  codestarNotificationsSlices,
  registerCodeStarNotifications,
} from './services/codestar-notifications/index.js';
import { iamPolicyLookup, registerIam, seedAccountRoles, slices as iamSlices } from './services/iam/index.js';
import {
  eventsSlices,
  type EventsInternal,
  registerEvents,
  snsTopicTarget,
  targetRouter,
} from './services/events/index.js';
import { kmsSlices, registerKms } from './services/kms/index.js';
import {
  type LambdaService,
  lambdaEventTarget,
  lambdaSlices,
  lambdaSubscriptionHandler,
  registerLambda,
} from './services/lambda/index.js';
import { createLambdaRuntime } from './services/lambda/runtime/index.js';
import { type LogsInternal, logsSlices, registerLogs } from './services/logs/index.js';
import { registerSns, type SnsInternal, snsSlices } from './services/sns/index.js';
import { registerOrganizations } from './services/organizations/index.js';
import { registerS3, s3Slices } from './services/s3/index.js';
import { registerSsm, type SsmInternal, ssmSlices } from './services/ssm/index.js';
import { registerSts, slices as stsSlices } from './services/sts/index.js';
import { type SliceDefinition, StateLoadError, StateStore } from './state/store.js';
import { TLS_FILES } from './tls.js';

/** Registers more services; called after the built-in ones, with the same deps. */
export type ServiceRegistration = (registry: ServiceRegistry, deps: ServiceDeps) => void;

export interface CreateLocalCloudOptions {
  /** HTTP port; 0 (the default) picks a free one. */
  port?: number;
  /** 127.0.0.1 unless given. */
  host?: string;
  /** Also serve HTTPS, with a local CA kept in `<stateDir>/tls`. */
  https?: boolean;
  /** Where state lives between runs. Without it (or with `ephemeral`) everything stays in memory. */
  stateDir?: string;
  ephemeral?: boolean;
  /** The organization: a path to org.yaml, or the spec itself; the default organization unless given. */
  org?: string | OrganizationSpec;
  /** The cloud's clock (SigV4 checks, session expiry, timestamps). */
  now?: () => Date;
  /** The region credentials are handed out for; `us-east-1` unless given. */
  region?: string;
  /** Further services (their state slices must be in `slices`). */
  extraServices?: ServiceRegistration[];
  // biome-ignore lint/suspicious/noExplicitAny: slices hold different state types
  slices?: SliceDefinition<any>[];
  /** Errors handlers throw that are not AWS errors (the client gets a 500 either way). */
  onUnexpectedError?: (error: unknown) => void;
  /** Fault injection (latency, throttling, failures), seedable; change it later with `faults.configure`. */
  faults?: FaultConfigInput | FaultConfig;
  /** CloudFormation resource providers added to (or replacing) the built-in ones, by type. */
  cloudformationProviders?: ReadonlyMap<string, ResourceProvider>;
  /** How long a new change set stays CREATE_PENDING, then CREATE_IN_PROGRESS (ms each; default 5). */
  changeSetDelayMs?: number;
}

export interface LocalCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface LocalCloudInstance {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  httpsEndpoint?: string;
  caCertPem?: string;
  stateDir: string;
  ephemeral: boolean;
  region: string;
  accounts: AccountDirectory;
  organization: OrganizationModel;
  /** The administrator credentials of an account, by ID or name. */
  credentialsFor(accountIdOrName: string): LocalCredentials;
  /** Fault injection: `faults.configure(config)`, `faults.reset()`. */
  faults: FaultInjector;
  /** Service internals (fire a scheduled rule, read SNS messages, append logs). */
  internal: LocalCloudInternals;
  close(): Promise<void>;
}

async function organizationSpec(org: CreateLocalCloudOptions['org']): Promise<OrganizationSpec | undefined> {
  if (org === undefined) return undefined;
  return typeof org === 'string' ? loadOrganizationFile(org) : parseOrganizationSpec(org);
}

function openStore(dir: string | undefined, slices: CreateLocalCloudOptions['slices'] & object): StateStore {
  try {
    return StateStore.open({ dir, slices });
  } catch (err) {
    if (!(err instanceof StateLoadError)) throw err;
    throw new LocalCloudError(
      'LocalCloudStateCorrupt',
      `The local cloud state cannot be loaded: ${err.message}`,
      {
        hint: 'Restore the state directory from a copy, or remove it to start a new cloud.',
        cause: err,
      },
    );
  }
}

/**
 * What services offer each other and tests: log appends, scheduled rules fired on demand, SNS messages,
 * function invocations by service principals (`lambda.idle()` waits for asynchronous invocations).
 */
export interface LocalCloudInternals {
  logs: LogsInternal;
  sns: SnsInternal;
  events: EventsInternal;
  lambda: LambdaInternal & { idle(): Promise<void> };
  /** `config.idle()`: evaluations started so far have invoked their rules' functions. */
  config: ConfigInternal;
  /** Mark connections and hosts AVAILABLE (the console handshake AWS requires). */
  codestarConnections: ConnectionsInternal;
  /** Parameter Store lookups (no permission check). */
  ssm: SsmInternal;
  /** `cloudformation.idle()`: every stack operation started so far has finished. */
  cloudformation: { idle(): Promise<void> };
}

interface Composed {
  store: StateStore;
  accounts: AccountDirectory;
  organization: OrganizationModel;
  identity: Identity;
  internal: LocalCloudInternals;
  lambda: LambdaService;
  cloudformation: CloudFormationService;
  /** Sets the endpoint services hand to clients they run (functions, resource providers). */
  setEndpoint(endpoint: string): void;
}

function compose(
  registry: ServiceRegistry,
  env: ServiceEnvironment,
  options: { spec: OrganizationSpec | undefined; extra: CreateLocalCloudOptions; faults: FaultInjector },
): Composed {
  const cloudFile = openCloudFile({ stateDir: env.stateDir, spec: options.spec, now: env.now() });
  const organization = cloudFile.organization;
  const accounts = createAccountDirectory(organization);
  const store = openStore(env.ephemeral ? undefined : join(env.stateDir, 'state'), [
    ...stsSlices,
    ...iamSlices,
    ...kmsSlices,
    ...s3Slices,
    ...logsSlices,
    ...eventsSlices,
    ...snsSlices,
    ...lambdaSlices,
    ...configSlices,
    ...codepipelineSlices,
    ...codebuildSlices,
    ...codestarConnectionsSlices,
    ...codestarNotificationsSlices,
    ...ssmSlices,
    ...cloudformationSlices,
    ...(options.extra.slices ?? []),
  ]);
  try {
    const identity = new Identity({ seed: cloudFile.seed, accounts, store });
    const policies = iamPolicyLookup(store);
    const deps: ServiceDeps = { store, accounts, now: env.now, ...createAuthorizer({ policies }) };
    seedAccountRoles(store, accounts, env.now());
    registry.setCredentialLookup(identity.lookup);
    // Every handler goes through fault injection (a no-op until rules are configured).
    const faulty = withFaults(registry, options.faults, {
      accountOf: (ctx) => deps.callerOf(ctx)?.accountId,
    });
    registerSts(faulty, deps, { identity, policies });
    registerIam(faulty, deps);
    registerOrganizations(faulty, deps, { organization });
    const kms = registerKms(faulty, deps);
    const s3 = registerS3(faulty, deps, { kms });
    const ssm = registerSsm(faulty, deps, { kms });
    const logs = registerLogs(faulty, deps);
    const sns = registerSns(faulty, deps);
    const runtime = createLambdaRuntime({ now: env.now });
    const lambda = registerLambda(faulty, deps, { s3, logs, identity, policies, runtime });
    const events = registerEvents(faulty, deps, {
      deliver: targetRouter({ sns: snsTopicTarget(sns), lambda: lambdaEventTarget(lambda.internal) }),
    });
    sns.setSubscriptionHandler(lambdaSubscriptionHandler(lambda.internal));
    const config = registerConfig(faulty, deps, {
      lambda: lambda.internal,
      sources: [s3BucketSource(store)],
    });
    // Stored and described like AWS; executing pipelines is the pipeline issue's.
    registerCodePipeline(faulty, deps);
    registerCodeBuild(faulty, deps);
    const codestarConnections = registerCodeStarConnections(faulty, deps);
    registerCodeStarNotifications(faulty, deps);
    let endpoint = '';
    const cloudformation = registerCloudFormation(faulty, deps, {
      identity,
      s3,
      providers: new Map([...builtinProviders(), ...(options.extra.cloudformationProviders ?? [])]),
      endpoint: () => endpoint,
      ssm: ssm.lookup,
      ...(options.extra.changeSetDelayMs === undefined
        ? {}
        : { changeSetDelayMs: options.extra.changeSetDelayMs }),
    });
    for (const register of options.extra.extraServices ?? []) register(faulty, deps);
    const internal = {
      logs,
      sns,
      events,
      lambda: { ...lambda.internal, idle: lambda.idle },
      config,
      codestarConnections,
      ssm,
      cloudformation: { idle: cloudformation.idle },
    };
    const setEndpoint = (url: string): void => {
      endpoint = url;
      lambda.setEndpoint(url);
    };
    return { store, accounts, organization, identity, internal, lambda, cloudformation, setEndpoint };
  } catch (err) {
    store.close();
    throw err;
  }
}

/** Starts a local cloud; resolves once it listens. */
export async function createLocalCloud(options: CreateLocalCloudOptions = {}): Promise<LocalCloudInstance> {
  const region = options.region ?? 'us-east-1';
  const spec = await organizationSpec(options.org);
  const faults = createFaultInjector(options.faults);
  let composed: Composed | undefined;
  let server: Awaited<ReturnType<typeof startLocalCloud>>;
  try {
    server = await startLocalCloud({
      port: options.port ?? 0,
      host: options.host,
      https: options.https,
      stateDir: options.stateDir,
      ephemeral: options.ephemeral,
      now: options.now,
      defaultRegion: region,
      onUnexpectedError: options.onUnexpectedError,
      services: (registry, env) => {
        composed = compose(registry, env, { spec, extra: options, faults });
      },
    });
  } catch (err) {
    await composed?.cloudformation.close();
    await composed?.lambda.shutdown();
    composed?.store.close();
    throw err;
  }
  const { store, accounts, organization, identity, internal, lambda, cloudformation } = composed!;
  composed!.setEndpoint(server.endpoint);
  try {
    writeEndpointFile(server.stateDir, {
      endpoint: server.endpoint,
      httpsEndpoint: server.httpsEndpoint,
      region,
      caCertFile: server.httpsEndpoint ? join(server.stateDir, 'tls', TLS_FILES.caCert) : undefined,
    });
  } catch (err) {
    await cloudformation.close();
    await lambda.shutdown();
    await server.close();
    store.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    endpoint: server.endpoint,
    httpsEndpoint: server.httpsEndpoint,
    caCertPem: server.caCertPem,
    stateDir: server.stateDir,
    ephemeral: server.ephemeral,
    region,
    accounts,
    organization,
    faults,
    internal,
    credentialsFor(accountIdOrName) {
      const keys = identity.rootKeys(accountIdOrName);
      if (!keys)
        throw unknownAccountError(
          accountIdOrName,
          accounts.list().map((a) => a.name),
        );
      return { ...keys, region };
    },
    close() {
      closing ??= (async () => {
        removeEndpointFile(server.stateDir);
        // Stack operations first: their providers call the cloud (and its functions) until they finish.
        await cloudformation.close();
        // Functions first: a running one may be calling the cloud, which would hold the server open.
        await lambda.shutdown();
        await server.close();
        store.close();
      })();
      return closing;
    },
  };
}
