/**
 * Server processes for the local cloud benchmark: the local cloud (`fleetpipe local start --json`) and
 * the canned STS server, each in its own process, plus what /proc says about a process (RSS, CPU time).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const fleetpipeBin = path.join(repoRoot, 'bin', 'fleetpipe.js');

/** `require` that resolves from the repository root (the AWS SDK clients are installed there). */
export const requireFromRoot = createRequire(path.join(repoRoot, 'package.json'));

/** The local cloud's public API from the built lib/ (`lib/local-cloud.js`). */
export function importLocalCloud() {
  return import(pathToFileURL(path.join(repoRoot, 'lib', 'local-cloud.js')).href);
}

/** fleetpipe runs from lib/: build it when asked or when it is missing. */
export function ensureCompiled({ compile, log }) {
  const entries = ['fleetpipe.js', 'local-cloud.js'].map((f) => path.join(repoRoot, 'lib', f));
  if (!compile && entries.every((f) => existsSync(f))) {
    log(`using the built fleetpipe in ${path.join(repoRoot, 'lib')} (pass --compile to rebuild it first)`);
    return;
  }
  log(`compiling fleetpipe: npm run build in ${repoRoot}`);
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !entries.every((f) => existsSync(f))) {
    throw new Error(`"npm run build" failed in ${repoRoot}: fix the compile errors above, then run again`);
  }
}

/**
 * Spawns `node <args>` and resolves with the first line it prints on stdout, parsed as JSON.
 * Returns `{ child, info, stop() }`; `stop()` sends SIGTERM and resolves when the process exited.
 */
function spawnJsonServer({ args, what }) {
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (d) => {
      out += String(d);
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.stdout.off('data', onData);
      let info;
      try {
        info = JSON.parse(out.slice(0, nl));
      } catch {
        reject(new Error(`${what} printed no JSON line: ${out}${stderr}`));
        child.kill('SIGKILL');
        return;
      }
      const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        return exited;
      };
      resolve({ child, pid: child.pid, info, stop, stderr: () => stderr });
    };
    child.stdout.on('data', onData);
    exited.then(({ code, signal }) =>
      reject(new Error(`${what} exited (${signal ?? code}) before it started: ${stderr}`)),
    );
  });
}

/**
 * Starts `fleetpipe local start --port 0 --json` with `--ephemeral`, or `--state-dir` and `--org` when
 * given. Resolves once it listens, with `{ pid, endpoint, stateDir, accounts, stop() }`.
 */
export async function startLocalCloudProcess({ stateDir, org, nodeArgs = [] } = {}) {
  const args = [...nodeArgs, fleetpipeBin, 'local', 'start', '--port', '0', '--json'];
  if (stateDir) args.push('--state-dir', stateDir);
  else args.push('--ephemeral');
  if (org) args.push('--org', org);
  const server = await spawnJsonServer({ args, what: 'fleetpipe local start' });
  return {
    ...server,
    endpoint: server.info.endpoint,
    stateDir: server.info.stateDir,
    accounts: server.info.accounts,
  };
}

/** Starts the canned STS server (canned-sts.mjs) in its own process. */
export async function startCannedStsProcess() {
  const server = await spawnJsonServer({ args: [path.join(here, 'canned-sts.mjs')], what: 'canned STS' });
  return { ...server, endpoint: server.info.endpoint };
}

/** Memory of a running process from /proc/<pid>/status, in MB: `{ rssMb, peakRssMb }` (VmRSS, VmHWM). */
export function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!m) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(m[1]);
  };
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

let clockTicks;
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, nearly always 100). */
function ticksPerSecond() {
  if (clockTicks === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    clockTicks = Number(out.stdout?.trim()) || 100;
  }
  return clockTicks;
}

/** CPU time a process used so far (user + system), in ms, from /proc/<pid>/stat (1/USER_HZ resolution). */
export function cpuMsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1000) / ticksPerSecond();
}
