/**
 * Local cloud benchmark: the local cloud runs in its own process (`fleetpipe local start --json`), the
 * AWS SDK v3 clients run here.
 *
 *   node local-cloud/run.mjs [--calls 2000] [--warmup 200] [--objects 1000] [--object-kb 64]
 *                            [--max-sockets 256] [--accounts 100] [--cpu-prof DIR] [--compile]
 *
 *   (a) signed GetCallerIdentity round trip, sequential: SDK and raw client, against the cloud and
 *       against a canned server (the floor), median / p90 / p99;
 *   (b) `--objects` concurrent PutObject of `--object-kb` KB, all started at once: wall time,
 *       throughput, errors; ListObjectsV2 count and GetObject byte checks; ephemeral and --state-dir;
 *   (c) server RSS (current and peak) with an organization of `--accounts` accounts, each exercised.
 *
 * Prints a table and PASS/FAIL per target; writes bench/.work/results-local-cloud.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { measureAccounts, writeOrganizationFile } from './accounts.mjs';
import { measureLatency } from './latency.mjs';
import {
  ensureCompiled,
  importLocalCloud,
  repoRoot,
  startCannedStsProcess,
  startLocalCloudProcess,
} from './processes.mjs';
import { measurePutObjects } from './put-objects.mjs';

const resultsFile = path.join(repoRoot, 'bench', '.work', 'results-local-cloud.json');
const Targets = { roundTripMedianMs: 2, putErrors: 0, peakRssMb: 150 };

const log = (line) => process.stderr.write(`${line}\n`);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      calls: { type: 'string', default: '2000' },
      warmup: { type: 'string', default: '200' },
      objects: { type: 'string', default: '1000' },
      'object-kb': { type: 'string', default: '64' },
      'max-sockets': { type: 'string', default: '256' },
      accounts: { type: 'string', default: '100' },
      'cpu-prof': { type: 'string' },
      compile: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: node local-cloud/run.mjs [--calls 2000] [--warmup 200] [--objects 1000] [--object-kb 64]\n' +
        '                                [--max-sockets 256] [--accounts 100] [--cpu-prof DIR] [--compile]\n',
    );
    process.exit(0);
  }
  const integer = (name, min) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} takes an integer >= ${min}, not "${values[name]}"`);
    return n;
  };
  return {
    calls: integer('calls', 1),
    warmup: integer('warmup', 0),
    objects: integer('objects', 1),
    objectKb: integer('object-kb', 1),
    maxSockets: integer('max-sockets', 1),
    accounts: integer('accounts', 3),
    cpuProfDir: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : undefined,
    compile: values.compile,
  };
}

function machine() {
  const cpus = os.cpus();
  const uptime = spawnSync('uptime', { encoding: 'utf8' });
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    tmpdir: os.tmpdir(),
    uptimeAtStart: uptime.stdout?.trim() ?? '',
    loadAverageAtStart: os.loadavg(),
  };
}

async function withServer(start, run) {
  const server = await start();
  try {
    return await run(server);
  } finally {
    await server.stop();
  }
}

async function benchLatency({ options, api }) {
  log(`(a) GetCallerIdentity: ${options.warmup} warm-up + ${options.calls} timed calls per path`);
  if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
  const nodeArgs = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [];
  return withServer(
    () => startLocalCloudProcess({ nodeArgs }),
    (cloud) =>
      withServer(startCannedStsProcess, async (canned) => {
        const c = api.readStoredCredentials({ stateDir: cloud.stateDir, account: 'management' });
        const credentials = {
          accessKeyId: c.accessKeyId,
          secretAccessKey: c.secretAccessKey,
          region: c.endpoint?.region ?? 'us-east-1',
        };
        return measureLatency({
          cloud,
          canned,
          credentials,
          account: c.accountId,
          warmup: options.warmup,
          calls: options.calls,
          log,
        });
      }),
  );
}

async function benchPuts({ options, api, work }) {
  const runs = {};
  for (const mode of ['ephemeral', 'state-dir']) {
    log(`(b) ${options.objects} concurrent PutObject of ${options.objectKb} KB (${mode})`);
    const stateDir = mode === 'state-dir' ? path.join(work, 'puts-state') : undefined;
    runs[mode] = await withServer(
      () => startLocalCloudProcess({ stateDir }),
      (cloud) => {
        const c = api.readStoredCredentials({ stateDir: cloud.stateDir, account: 'tools' });
        return measurePutObjects({
          server: cloud,
          credentials: {
            accessKeyId: c.accessKeyId,
            secretAccessKey: c.secretAccessKey,
            region: 'us-east-1',
          },
          count: options.objects,
          size: options.objectKb * 1024,
          maxSockets: options.maxSockets,
          bucket: 'bench-put-objects',
        });
      },
    );
    const r = runs[mode];
    log(`  ${Math.round(r.wallMs)} ms, ${r.errors} errors, ${r.listed} listed`);
  }
  return runs;
}

async function benchAccounts({ options, api, work }) {
  log(`(c) server RSS with ${options.accounts} accounts`);
  const org = path.join(work, 'org.yaml');
  writeOrganizationFile({ file: org, count: options.accounts });
  const stateDir = path.join(work, 'accounts-state');
  return withServer(
    () => startLocalCloudProcess({ stateDir, org }),
    (cloud) =>
      measureAccounts({
        server: cloud,
        readStoredCredentials: api.readStoredCredentials,
        expectedAccounts: options.accounts,
      }),
  );
}

function targets(results) {
  const latency = results.latency['sdk -> cloud'].ms.median;
  const puts = Object.values(results.puts);
  const putsOk = puts.every(
    (p) => p.errors === 0 && p.listed === results.options.objects && p.verified.every((v) => v.equal),
  );
  const rss = results.accounts.after.peakRssMb;
  return {
    roundTripMedianMs: {
      value: latency,
      limit: Targets.roundTripMedianMs,
      pass: latency <= Targets.roundTripMedianMs,
    },
    putErrors: { value: puts.reduce((n, p) => n + p.errors, 0), limit: Targets.putErrors, pass: putsOk },
    peakRssMb: { value: rss, limit: Targets.peakRssMb, pass: rss <= Targets.peakRssMb },
  };
}

const ms = (v) => `${v.toFixed(3)} ms`;
const mb = (v) => `${v.toFixed(1)} MB`;
const verdict = (t) => (t.pass ? 'PASS' : 'FAIL');

function renderTable(header, rows) {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  return all
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function render(results) {
  const m = results.machine;
  const o = results.options;
  const lines = [
    `fleetpipe local cloud benchmark: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, node ${m.node}, ${m.platform}`,
    `uptime at start: ${m.uptimeAtStart}`,
    `uptime at end:   ${results.uptimeAtEnd}`,
    '',
    `(a) signed GetCallerIdentity, sequential on one keep-alive connection: ${o.warmup} warm-up + ${o.calls} timed calls`,
  ];
  const latencyRows = Object.entries(results.latency).map(([name, r]) => [
    name,
    ms(r.ms.median),
    ms(r.ms.p90),
    ms(r.ms.p99),
    ms(r.ms.max),
    `${Math.round(r.callsPerSecond)}/s`,
    ms(r.serverCpuMsPerCall),
  ]);
  lines.push(renderTable(['path', 'median', 'p90', 'p99', 'max', 'rate', 'server CPU/call'], latencyRows));
  const l = results.latency;
  lines.push(
    `cloud's share of the SDK round trip (median sdk->cloud minus sdk->canned): ` +
      ms(l['sdk -> cloud'].ms.median - l['sdk -> canned'].ms.median) +
      `; with the raw client: ${ms(l['raw -> cloud'].ms.median - l['raw -> canned'].ms.median)}`,
  );
  lines.push('');
  lines.push(
    `(b) ${o.objects} concurrent PutObject of ${o.objectKb} KB, one S3 client, maxSockets ${o.maxSockets}, no retries`,
  );
  const putRows = Object.entries(results.puts).map(([mode, p]) => [
    mode,
    `${Math.round(p.wallMs)} ms`,
    `${Math.round(p.objectsPerSecond)} obj/s`,
    `${p.mbPerSecond.toFixed(1)} MB/s`,
    String(p.errors),
    String(p.listed),
    `${p.verified.filter((v) => v.equal).length}/${p.verified.length}`,
    `${mb(p.serverMemory.rssMb)} / ${mb(p.serverMemory.peakRssMb)}`,
  ]);
  lines.push(
    renderTable(
      ['state', 'wall', 'throughput', 'bytes', 'errors', 'listed', 'GetObject equal', 'server RSS / peak'],
      putRows,
    ),
  );
  for (const [mode, p] of Object.entries(results.puts)) {
    for (const e of p.firstErrors) lines.push(`  ${mode} error: ${e}`);
  }
  lines.push('');
  const a = results.accounts;
  lines.push(
    `(c) server with ${a.accounts} accounts, ${a.calls} STS calls (each account once, AssumeRole into each member)`,
  );
  lines.push(
    renderTable(
      ['when', 'RSS', 'peak RSS (VmHWM)'],
      [
        ['started, idle', mb(a.idle.rssMb), mb(a.idle.peakRssMb)],
        ['after every account', mb(a.after.rssMb), mb(a.after.peakRssMb)],
      ],
    ),
  );
  lines.push('');
  const t = results.targets;
  lines.push(
    renderTable(
      ['target', 'measured', 'verdict'],
      [
        [
          `round trip median <= ${Targets.roundTripMedianMs} ms (sdk -> cloud)`,
          ms(t.roundTripMedianMs.value),
          verdict(t.roundTripMedianMs),
        ],
        [
          `${o.objects} concurrent PutObject: zero errors, all listed, bytes equal`,
          `${t.putErrors.value} errors`,
          verdict(t.putErrors),
        ],
        [
          `server peak RSS <= ${Targets.peakRssMb} MB with ${a.accounts} accounts`,
          mb(t.peakRssMb.value),
          verdict(t.peakRssMb),
        ],
      ],
    ),
  );
  if (results.options.cpuProfDir)
    lines.push('', `CPU profile of the (a) server in ${results.options.cpuProfDir}`);
  return lines.join('\n');
}

async function main() {
  const options = parseOptions();
  // The SDK's notice that Node.js 20 support ends: noise in a benchmark's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  ensureCompiled({ compile: options.compile, log });
  const api = await importLocalCloud();
  const work = mkdtempSync(path.join(os.tmpdir(), 'fleetpipe-bench-local-cloud-'));
  try {
    const results = {
      benchmark: 'local-cloud',
      date: new Date().toISOString(),
      machine: machine(),
      fleetpipeVersion: JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version,
      options,
      targetLimits: Targets,
    };
    results.latency = await benchLatency({ options, api });
    results.puts = await benchPuts({ options, api, work });
    results.accounts = await benchAccounts({ options, api, work });
    results.uptimeAtEnd = spawnSync('uptime', { encoding: 'utf8' }).stdout?.trim() ?? '';
    results.targets = targets(results);
    mkdirSync(path.dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${render(results)}\n\nresults: ${path.relative(process.cwd(), resultsFile)}\n`);
    if (!Object.values(results.targets).every((t) => t.pass)) process.exitCode = 2;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  log(`bench/local-cloud: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
