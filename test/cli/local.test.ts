/**
 * `fleetpipe local start` and `fleetpipe local credentials`: in process, and as a user runs them
 * (bin/fleetpipe.js in a child process, the printed exports fed to the aws CLI).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runLocalCredentials, runLocalStart } from '../../src/cli/local.js';
import { upsertIniSection } from '../../src/cli/local-profile.js';
import { createLocalCloud, type LocalCloudInstance } from '../../src/local-cloud/index.js';
import { captureOutput } from '../helpers/output.js';
import { makeTempDir, runAws } from '../local-cloud/core/fixture.js';

const bin = path.resolve(import.meta.dirname, '../../bin/fleetpipe.js');

/** `export NAME=value` lines as an environment. */
function exportsOf(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line);
    if (m) env[m[1]!] = m[2]!.replace(/^'(.*)'$/, '$1');
  }
  return env;
}

function fleetpipe(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('upsertIniSection', () => {
  it('appends a new section and replaces only its own keys in an existing one', () => {
    expect(upsertIniSection('', 'p', { a: '1' })).toBe('[p]\na = 1\n');
    const text = '[default]\nregion = x\n\n[p]\nkeep = yes\na = old\n[other]\nz = 1\n';
    expect(upsertIniSection(text, 'p', { a: '2', b: '3' })).toBe(
      '[default]\nregion = x\n\n[p]\na = 2\nb = 3\nkeep = yes\n\n[other]\nz = 1\n',
    );
    expect(upsertIniSection('[default]\nregion = x', 'q', { a: '1' })).toBe(
      '[default]\nregion = x\n\n[q]\na = 1\n',
    );
  });
});

describe('fleetpipe local credentials', () => {
  let dir: { path: string; remove(): Promise<void> };
  let home: { path: string; remove(): Promise<void> };
  let cloud: LocalCloudInstance;
  beforeEach(async () => {
    dir = await makeTempDir();
    home = await makeTempDir();
  });
  afterEach(async () => {
    await cloud?.close();
    await dir.remove();
    await home.remove();
  });

  it('prints exports the aws CLI uses as they are', async () => {
    cloud = await createLocalCloud({ stateDir: dir.path });
    const output = captureOutput();
    expect(await runLocalCredentials('dev-orders', { stateDir: dir.path }, output)).toBe(0);
    const env = exportsOf(output.stdout());
    expect(env).toEqual({
      AWS_ACCESS_KEY_ID: cloud.credentialsFor('dev-orders').accessKeyId,
      AWS_SECRET_ACCESS_KEY: cloud.credentialsFor('dev-orders').secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: cloud.endpoint,
    });
    const { stdout, stderr } = await runAws(['sts', 'get-caller-identity', '--output', 'json'], {
      home: home.path,
      env,
    });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout).Arn).toBe('arn:aws:iam::300000000002:root');
  });

  it('prints the HTTPS endpoint and AWS_CA_BUNDLE when the cloud serves HTTPS', async () => {
    cloud = await createLocalCloud({ stateDir: dir.path, https: true });
    const output = captureOutput();
    await runLocalCredentials('management', { stateDir: dir.path }, output);
    const env = exportsOf(output.stdout());
    expect(env['AWS_ENDPOINT_URL']).toBe(cloud.httpsEndpoint);
    expect(env['AWS_CA_BUNDLE']).toBe(path.join(dir.path, 'tls', 'ca-cert.pem'));
    const { stdout, stderr } = await runAws(['sts', 'get-caller-identity', '--output', 'json'], {
      home: home.path,
      env,
    });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout).Account).toBe('111111111111');
  });

  it('writes a profile to the files AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE name', async () => {
    cloud = await createLocalCloud({ stateDir: dir.path });
    const config = path.join(home.path, 'config');
    const credentials = path.join(home.path, 'credentials');
    writeFileSync(config, '[profile keep]\nregion = eu-west-1\n');
    const saved = {
      config: process.env['AWS_CONFIG_FILE'],
      credentials: process.env['AWS_SHARED_CREDENTIALS_FILE'],
    };
    process.env['AWS_CONFIG_FILE'] = config;
    process.env['AWS_SHARED_CREDENTIALS_FILE'] = credentials;
    try {
      const output = captureOutput();
      await runLocalCredentials('tools', { stateDir: dir.path, profile: 'local-tools' }, output);
      expect(output.stdout()).toContain('profile local-tools (tools 222222222222) written');
    } finally {
      for (const [key, value] of [
        ['AWS_CONFIG_FILE', saved.config],
        ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    expect(readFileSync(config, 'utf8')).toBe(
      `[profile keep]\nregion = eu-west-1\n\n[profile local-tools]\nregion = us-east-1\nendpoint_url = ${cloud.endpoint}\n`,
    );
    expect(readFileSync(credentials, 'utf8')).toContain(
      `[local-tools]\naws_access_key_id = ${cloud.credentialsFor('tools').accessKeyId}\n`,
    );
    const { stdout, stderr } = await runAws(['sts', 'get-caller-identity', '--output', 'json'], {
      home: home.path,
      env: { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_PROFILE: 'local-tools' },
    });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout).Account).toBe('222222222222');
  });

  it('names the known accounts when the account is unknown', async () => {
    cloud = await createLocalCloud({ stateDir: dir.path });
    const { code, stdout, stderr } = await fleetpipe([
      'local',
      'credentials',
      'nobody',
      '--state-dir',
      dir.path,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('error: The local organization has no account "nobody".');
    expect(stderr).toMatch(/hint: Use an account ID or one of these names: management, tools, dev-payments/);
  });

  it('says how to start a cloud when the state directory holds none', async () => {
    const output = captureOutput();
    await expect(runLocalCredentials('tools', { stateDir: dir.path }, output)).rejects.toMatchObject({
      code: 'LocalCloudNoState',
      hint: expect.stringContaining('fleetpipe local start --state-dir'),
    });
  });
});

describe('fleetpipe local start', () => {
  let dir: { path: string; remove(): Promise<void> };
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    child = undefined;
    await dir.remove();
  });

  /** Starts bin/fleetpipe.js local start; resolves with the child once it printed its banner. */
  function start(
    args: string[],
  ): Promise<{ child: ChildProcess; banner: string; exited: Promise<number | null>; stderr: () => string }> {
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, [bin, 'local', 'start', '--port', '0', ...args], {
        stdio: 'pipe',
      });
      child = proc;
      let out = '';
      let err = '';
      const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
      proc.stderr!.on('data', (d) => {
        err += String(d);
      });
      proc.stdout!.on('data', (d) => {
        out += String(d);
        if (out.includes('stop with Ctrl+C'))
          resolve({ child: proc, banner: out, exited, stderr: () => err });
      });
      proc.once('exit', (code) =>
        reject(new Error(`local start exited with ${code} before starting: ${err}`)),
      );
    });
  }

  it('runs in the foreground, prints its endpoint and how to get credentials, and stops on SIGTERM', async () => {
    const orgFile = path.join(dir.path, 'org.yaml');
    writeFileSync(orgFile, 'accounts:\n  - name: hub\n    id: "123456789012"\n  - name: spoke\n');
    const stateDir = path.join(dir.path, 'state');
    const run = await start(['--state-dir', stateDir, '--org', orgFile]);
    const endpoint = /^local cloud: (http:\/\/127\.0\.0\.1:\d+)$/m.exec(run.banner)?.[1];
    expect(endpoint).toBeDefined();
    expect(run.banner).toContain('123456789012  hub');
    expect(run.banner).toContain(
      `credentials: eval "$(fleetpipe local credentials hub --state-dir ${stateDir})"`,
    );

    const creds = await fleetpipe(['local', 'credentials', 'spoke', '--state-dir', stateDir]);
    expect(creds.code).toBe(0);
    const env = exportsOf(creds.stdout);
    expect(env['AWS_ENDPOINT_URL']).toBe(endpoint);
    const sts = new STSClient({
      endpoint,
      region: env['AWS_REGION'],
      credentials: { accessKeyId: env['AWS_ACCESS_KEY_ID']!, secretAccessKey: env['AWS_SECRET_ACCESS_KEY']! },
      maxAttempts: 1,
    });
    const who = await sts.send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toMatch(/^arn:aws:iam::\d{12}:root$/);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain('local cloud stopped');
    child = undefined;
    // Stopped: the keys still come from the state directory; the endpoint falls back to the default port.
    const after = exportsOf(
      (await fleetpipe(['local', 'credentials', 'spoke', '--state-dir', stateDir])).stdout,
    );
    expect(after['AWS_ACCESS_KEY_ID']).toBe(env['AWS_ACCESS_KEY_ID']);
    expect(after['AWS_ENDPOINT_URL']).toBe('http://127.0.0.1:4566');
  });

  it('keeps an ephemeral cloud in a temporary directory it removes on SIGINT', async () => {
    const run = await start(['--ephemeral']);
    const tempDir = /^state: in memory \(ephemeral; files in (.+)\)$/m.exec(run.banner)?.[1];
    expect(tempDir && existsSync(tempDir)).toBe(true);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    child = undefined;
    expect(existsSync(tempDir!)).toBe(false);
  });

  it('reports bad options as user errors', async () => {
    const both = await fleetpipe(['local', 'start', '--ephemeral', '--state-dir', dir.path]);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--ephemeral and --state-dir were both given');
    const badPort = await fleetpipe(['local', 'start', '--port', 'http']);
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toContain('--port http is not a port number');
    const badOrg = path.join(dir.path, 'bad.yaml');
    writeFileSync(badOrg, 'accounts:\n  - name: a\n    id: 1\n');
    const invalid = await fleetpipe([
      'local',
      'start',
      '--port',
      '0',
      '--state-dir',
      dir.path,
      '--org',
      badOrg,
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain(`${badOrg}:3:9: accounts[0].id: an account ID is exactly 12 digits`);
  });

  it('stops in process when its signal aborts', async () => {
    const output = captureOutput();
    let printed: (text: string) => void = () => {};
    const bannerPrinted = new Promise<string>((resolve) => {
      printed = resolve;
    });
    const controller = new AbortController();
    const running = runLocalStart(
      { port: '0', ephemeral: true, json: true },
      { out: (text) => printed(text), err: output.err },
      controller.signal,
    );
    // The JSON banner is printed once the cloud listens.
    const banner = JSON.parse(await bannerPrinted);
    expect(banner).toMatchObject({
      ephemeral: true,
      accounts: expect.arrayContaining([expect.objectContaining({ name: 'tools' })]),
    });
    controller.abort();
    expect(await running).toBe(0);
  });

  it('loads the local cloud only inside its actions (other commands never import it)', () => {
    const source = readFileSync(path.resolve(import.meta.dirname, '../../src/cli/local.ts'), 'utf8');
    const staticImports = source.match(/^import (?!type ).*from '\.\.\/local-cloud\/.*$/gm);
    expect(staticImports).toBeNull();
    expect(source).toContain("await import('../local-cloud/index.js')");
  });
});
