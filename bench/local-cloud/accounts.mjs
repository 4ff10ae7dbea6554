/**
 * (c) Server memory with many accounts: an org.yaml of `count` accounts (management, tools, and the
 * rest spread over workloads/dev, workloads/qa, workloads/prod/us and workloads/prod/eu), every account
 * exercised once, then the server process's current and peak RSS from /proc.
 *
 * Exercised per account: GetCallerIdentity with the account's administrator keys; for every member
 * account also AssumeRole from the management account into its OrganizationAccountAccessRole and a
 * GetCallerIdentity with that session.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { fleetpipeBin, memoryOf, requireFromRoot } from './processes.mjs';

const { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } = requireFromRoot('@aws-sdk/client-sts');
const { NodeHttpHandler } = requireFromRoot('@smithy/node-http-handler');

const Leaves = [
  ['dev', 'workloads/dev'],
  ['qa', 'workloads/qa'],
  ['prod-us', 'workloads/prod/us'],
  ['prod-eu', 'workloads/prod/eu'],
];

/** The org.yaml text of `count` (>= 3) accounts; account names are returned in file order. */
export function organizationYaml(count) {
  const perLeaf = new Map(Leaves.map(([env]) => [env, []]));
  for (let i = 0; i < count - 2; i++) {
    const [env] = Leaves[i % Leaves.length];
    perLeaf.get(env).push(`${env}-app-${String(i + 1).padStart(3, '0')}`);
  }
  const account = (name, indent, tags) =>
    `${indent}- name: ${name}\n${indent}  tags: { ${Object.entries(tags)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')} }\n`;
  const leafAccounts = (env, indent) =>
    perLeaf
      .get(env)
      .map((name, i) => account(name, indent, { team: `team-${i % 7}`, environment: env.split('-')[0] }))
      .join('');
  const text =
    'managementAccount: management\n' +
    'accounts:\n' +
    account('management', '  ', { team: 'platform', environment: 'management' }) +
    'organizationalUnits:\n' +
    '  - name: infrastructure\n' +
    '    accounts:\n' +
    account('tools', '      ', { team: 'platform', environment: 'tools' }) +
    '  - name: workloads\n' +
    '    organizationalUnits:\n' +
    '      - name: dev\n        accounts:\n' +
    leafAccounts('dev', '          ') +
    '      - name: qa\n        accounts:\n' +
    leafAccounts('qa', '          ') +
    '      - name: prod\n' +
    '        organizationalUnits:\n' +
    '          - name: us\n            accounts:\n' +
    leafAccounts('prod-us', '              ') +
    '          - name: eu\n            accounts:\n' +
    leafAccounts('prod-eu', '              ');
  const names = ['management', 'tools', ...Leaves.flatMap(([env]) => perLeaf.get(env))];
  return { text, names };
}

export function writeOrganizationFile({ file, count }) {
  const { text, names } = organizationYaml(count);
  writeFileSync(file, text);
  return names;
}

/** `fleetpipe local credentials <account> --json`: the keys as a user gets them. */
export function cliCredentials({ stateDir, account }) {
  const run = spawnSync(
    process.execPath,
    [fleetpipeBin, '--json', 'local', 'credentials', account, '--state-dir', stateDir],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`fleetpipe local credentials ${account} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/**
 * `server` is a running cloud process started with the organization (`{ pid, endpoint, stateDir,
 * accounts }`), `readStoredCredentials` the local cloud's API to read keys from its state directory.
 */
export async function measureAccounts({ server, readStoredCredentials, expectedAccounts }) {
  if (server.accounts.length !== expectedAccounts) {
    throw new Error(`the cloud has ${server.accounts.length} accounts, expected ${expectedAccounts}`);
  }
  const idle = memoryOf(server.pid);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const requestHandler = new NodeHttpHandler({ httpAgent: agent });
  const sts = (credentials, region) =>
    new STSClient({ endpoint: server.endpoint, region, credentials, maxAttempts: 1, requestHandler });
  const keysOf = (account) => {
    const c = readStoredCredentials({ stateDir: server.stateDir, account: account.id });
    return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey };
  };
  // The keys the CLI prints must be the keys read through the API (checked on one member account).
  const probe = server.accounts[server.accounts.length - 1];
  const fromCli = cliCredentials({ stateDir: server.stateDir, account: probe.name });
  if (fromCli.AWS_ACCESS_KEY_ID !== keysOf(probe).accessKeyId) {
    throw new Error(`fleetpipe local credentials ${probe.name} printed other keys than the state holds`);
  }
  const region = fromCli.AWS_REGION;
  const management = server.accounts.find((a) => a.name === 'management');
  const members = server.accounts.filter((a) => a !== management);
  const managementSts = sts(keysOf(management), region);
  let calls = 0;
  for (const account of server.accounts) {
    const who = await sts(keysOf(account), region).send(new GetCallerIdentityCommand({}));
    calls++;
    if (who.Account !== account.id) throw new Error(`${account.name}: GetCallerIdentity said ${who.Account}`);
  }
  for (const account of members) {
    const { Credentials } = await managementSts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account.id}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'bench',
      }),
    );
    const session = sts(
      {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
      },
      region,
    );
    const who = await session.send(new GetCallerIdentityCommand({}));
    calls += 2;
    if (!who.Arn.startsWith(`arn:aws:sts::${account.id}:assumed-role/OrganizationAccountAccessRole/`)) {
      throw new Error(`${account.name}: the session is ${who.Arn}`);
    }
  }
  agent.destroy();
  return { accounts: server.accounts.length, calls, idle, after: memoryOf(server.pid) };
}
