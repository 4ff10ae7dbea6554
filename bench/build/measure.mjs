/**
 * Measures one whole process: wall time (monotonic clock around the spawn)
 * and peak resident set size (GNU time's %M, in KB, of the measured process;
 * for a process tree it is the largest single process, not the sum).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const GnuTime = '/usr/bin/time';

export function checkGnuTime() {
  if (!existsSync(GnuTime)) {
    throw new Error(`${GnuTime} (GNU time) is missing: install it (Debian/Ubuntu: apt-get install time)`);
  }
}

/**
 * Runs `command args` under GNU time. Returns
 * `{ wallMs, rssKb, status, stdout, stderr }`; throws when the process fails.
 */
export function measure({ command, args, cwd, env }) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'fleetpipe-bench-time-'));
  const timeFile = path.join(scratch, 'time.txt');
  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(GnuTime, ['-f', '%M', '-o', timeFile, command, ...args], {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    if (result.error) throw result.error;
    if (result.status !== 0) {
      throw new Error(
        `${command} ${args.join(' ')} exited with ${result.status}\n${result.stdout}\n${result.stderr}`.trim(),
      );
    }
    const lines = readFileSync(timeFile, 'utf8').trim().split('\n');
    const rssKb = Number(lines[lines.length - 1]);
    return { wallMs, rssKb, status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `{ median, min, max, n }` of a list of numbers. */
export function summarize(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), n: values.length };
}
