/**
 * `fleetpipe local start` runs the local cloud in the foreground until SIGINT/SIGTERM;
 * `fleetpipe local credentials <account>` prints an account's administrator credentials as shell
 * exports (or writes an AWS profile), from the state directory alone.
 *
 * The local cloud is imported only when one of these commands runs, so other commands never load it.
 */
import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { FleetpipeError } from '../errors.js';
import type { LocalCloudInstance, StoredCredentials } from '../local-cloud/index.js';
import { awsProfileFiles, writeAwsProfile } from './local-profile.js';
import type { GlobalOptions, Output } from './render.js';

export const DEFAULT_STATE_DIR = '.fleetpipe/local';
export const DEFAULT_PORT = 4566;
const DEFAULT_REGION = 'us-east-1';

export interface LocalStartFlags extends GlobalOptions {
  port?: string;
  host?: string;
  stateDir?: string;
  ephemeral?: boolean;
  org?: string;
  https?: boolean;
  faults?: string;
}

export interface LocalCredentialsFlags extends GlobalOptions {
  endpoint?: string;
  stateDir?: string;
  profile?: string;
}

/** The local cloud's own errors, as fleetpipe errors (message + hint). */
function asFleetpipeError(err: unknown): unknown {
  if (err instanceof Error && err.name === 'LocalCloudError') {
    const e = err as Error & { code: string; hint?: string };
    return new FleetpipeError(e.code, e.message, { hint: e.hint, cause: err });
  }
  return err;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new FleetpipeError('LocalCloudBadPort', `--port ${value} is not a port number.`, {
      hint: 'Pass a number from 0 to 65535 (0 picks a free port).',
    });
  }
  return port;
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:+=@%-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function startBanner(cloud: LocalCloudInstance): string[] {
  const lines = [`local cloud: ${cloud.endpoint}`];
  if (cloud.httpsEndpoint)
    lines.push(`https: ${cloud.httpsEndpoint} (CA certificate in ${cloud.stateDir}/tls)`);
  lines.push(
    `state: ${cloud.ephemeral ? `in memory (ephemeral; files in ${cloud.stateDir})` : cloud.stateDir}`,
  );
  const accounts = cloud.accounts.list();
  lines.push(`organization ${cloud.organization.id}: ${accounts.length} accounts`);
  for (const a of accounts) lines.push(`  ${a.id}  ${a.name}${a.ouPath ? `  (${a.ouPath})` : ''}`);
  lines.push(
    `credentials: eval "$(fleetpipe local credentials ${accounts[0]?.name ?? '<account>'} --state-dir ${shellQuote(cloud.stateDir)})"`,
  );
  lines.push('stop with Ctrl+C');
  return lines;
}

/** Starts the cloud, reports where it listens, and closes it when `stop` aborts. */
export async function runLocalStart(
  flags: LocalStartFlags,
  output: Output,
  stop: AbortSignal,
): Promise<number> {
  const port = parsePort(flags.port);
  if (flags.ephemeral && flags.stateDir !== undefined) {
    throw new FleetpipeError('LocalCloudOptionsConflict', '--ephemeral and --state-dir were both given.', {
      hint: 'Use --state-dir to keep state between runs, or --ephemeral for a throw-away cloud.',
    });
  }
  const { createLocalCloud, loadFaultConfig } = await import('../local-cloud/index.js');
  let cloud: LocalCloudInstance;
  try {
    const faults = flags.faults ? await loadFaultConfig(flags.faults) : undefined;
    cloud = await createLocalCloud({
      ...(faults ? { faults } : {}),
      port,
      host: flags.host,
      https: flags.https ?? false,
      ...(flags.ephemeral ? { ephemeral: true } : { stateDir: resolve(flags.stateDir ?? DEFAULT_STATE_DIR) }),
      ...(flags.org ? { org: flags.org } : {}),
    });
  } catch (err) {
    throw asFleetpipeError(err);
  }
  if (flags.json) {
    output.out(
      JSON.stringify({
        endpoint: cloud.endpoint,
        httpsEndpoint: cloud.httpsEndpoint,
        stateDir: cloud.stateDir,
        ephemeral: cloud.ephemeral,
        organizationId: cloud.organization.id,
        accounts: cloud.accounts.list().map((a) => ({ id: a.id, name: a.name, ouPath: a.ouPath })),
      }),
    );
  } else {
    output.out(startBanner(cloud).join('\n'));
  }
  await new Promise<void>((resolveStop) => {
    if (stop.aborted) resolveStop();
    else stop.addEventListener('abort', () => resolveStop(), { once: true });
  });
  await cloud.close();
  if (!flags.json) output.err('local cloud stopped');
  return 0;
}

function credentialEnvironment(
  creds: StoredCredentials,
  flags: LocalCredentialsFlags,
): { endpoint: string; region: string; caBundle?: string } {
  const stored = creds.endpoint;
  const endpoint =
    flags.endpoint ?? stored?.httpsEndpoint ?? stored?.endpoint ?? `http://127.0.0.1:${DEFAULT_PORT}`;
  const region = stored?.region ?? DEFAULT_REGION;
  const https = endpoint.startsWith('https:');
  return { endpoint, region, caBundle: https ? (stored?.caCertFile ?? creds.caCertFile) : undefined };
}

export async function runLocalCredentials(
  account: string,
  flags: LocalCredentialsFlags,
  output: Output,
): Promise<number> {
  if (flags.endpoint !== undefined && !/^https?:\/\/[^/]+\/?$/.test(flags.endpoint)) {
    throw new FleetpipeError(
      'LocalCloudBadEndpoint',
      `--endpoint ${flags.endpoint} is not an endpoint URL.`,
      {
        hint: 'Pass the URL `fleetpipe local start` printed, e.g. http://127.0.0.1:4566',
      },
    );
  }
  const stateDir = resolve(flags.stateDir ?? DEFAULT_STATE_DIR);
  const { readStoredCredentials } = await import('../local-cloud/index.js');
  let creds: StoredCredentials;
  try {
    creds = readStoredCredentials({ stateDir, account });
  } catch (err) {
    throw asFleetpipeError(err);
  }
  const env = credentialEnvironment(creds, flags);
  const caBundle = env.caBundle && (isAbsolute(env.caBundle) ? env.caBundle : resolve(env.caBundle));
  if (flags.profile) {
    const files = awsProfileFiles();
    writeAwsProfile({
      name: flags.profile,
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      region: env.region,
      endpointUrl: env.endpoint,
      caBundle,
    });
    output.out(
      `profile ${flags.profile} (${creds.accountName} ${creds.accountId}) written to ${files.config} and ${files.credentials}`,
    );
    output.out(`use it with: export AWS_PROFILE=${flags.profile}`);
    return 0;
  }
  const vars: [string, string][] = [
    ['AWS_ACCESS_KEY_ID', creds.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', creds.secretAccessKey],
    ['AWS_REGION', env.region],
    ['AWS_DEFAULT_REGION', env.region],
    ['AWS_ENDPOINT_URL', env.endpoint],
  ];
  if (caBundle) vars.push(['AWS_CA_BUNDLE', caBundle]);
  if (flags.json) {
    output.out(
      JSON.stringify({
        accountId: creds.accountId,
        accountName: creds.accountName,
        ...Object.fromEntries(vars),
      }),
    );
    return 0;
  }
  output.out(`# ${creds.accountName} (${creds.accountId}): administrator of the local cloud account`);
  output.out('unset AWS_SESSION_TOKEN AWS_PROFILE');
  for (const [name, value] of vars) output.out(`export ${name}=${shellQuote(value)}`);
  return 0;
}

/** Resolves when the process gets SIGINT or SIGTERM. */
function processStopSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return controller.signal;
}

export function registerLocal(program: Command, output: Output, setExit: (code: number) => void): void {
  const local = program
    .command('local')
    .description('run a multi-account AWS on 127.0.0.1 (the local cloud)');
  local
    .command('start')
    .description('start the local cloud in the foreground (stop with Ctrl+C)')
    .option('--port <port>', 'HTTP port (0 picks a free one)', String(DEFAULT_PORT))
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--state-dir <dir>', `where state is kept between runs (default: ${DEFAULT_STATE_DIR})`)
    .option('--ephemeral', 'keep everything in memory; nothing survives a stop')
    .option('--org <file>', 'organization file (org.yaml); the default organization unless given')
    .option('--https', 'also serve HTTPS, with a local CA kept in <state-dir>/tls')
    .option('--faults <file>', 'fault injection rules (YAML or JSON): latency, throttling, failures')
    .action(async (_flags: unknown, cmd: Command) => {
      setExit(await runLocalStart(cmd.optsWithGlobals<LocalStartFlags>(), output, processStopSignal()));
    });
  local
    .command('credentials')
    .description("print an account's administrator credentials as shell exports")
    .argument('<account>', 'account ID or name')
    .option('--endpoint <url>', 'endpoint to print (default: where the cloud of --state-dir listens)')
    .option('--state-dir <dir>', `state directory of the cloud (default: ${DEFAULT_STATE_DIR})`)
    .option(
      '--profile <name>',
      'write an AWS profile instead (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE)',
    )
    .action(async (account: string, _flags: unknown, cmd: Command) => {
      setExit(await runLocalCredentials(account, cmd.optsWithGlobals<LocalCredentialsFlags>(), output));
    });
}
