/**
 * Build benchmark: `fleetpipe build` against the same orchestration
 * synthesized with aws-cdk-lib, on synthetic projects of 50 and 500 functions.
 *
 *   node build/run.mjs [--sizes 50,500] [--runs 3] [--warm-runs 5] [--ts 0]
 *                      [--cdk-style l2|l1] [--compile] [--keep]
 *
 * Every measurement is a whole process (node startup included) under GNU
 * time: wall time and peak RSS. Per size, after one untimed warm-up of each:
 *   - fleetpipe cold and CDK synth alternate (A B A B …, `--runs` pairs):
 *     cold = no .fleetpipe/cache and no dist;
 *   - then `--warm-runs` fleetpipe warm no-op builds (cache and dist present,
 *     nothing changed; each must say "up to date").
 * Prints a table and writes bench/.work/results-build.json.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateProject } from './generate.mjs';
import { checkGnuTime, measure, summarize } from './measure.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const benchDir = path.resolve(here, '..');
const repoRoot = path.resolve(benchDir, '..');
const fleetpipeBin = path.join(repoRoot, 'bin', 'fleetpipe.js');
const cdkScript = path.join(here, 'cdk-synth.mjs');
const resultsFile = path.join(benchDir, '.work', 'results-build.json');

const Targets = { coldVsCdk: 0.2, warmMs: 200, peakRssMb: 150 };

const log = (line) => process.stderr.write(`${line}\n`);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '50,500' },
      runs: { type: 'string', default: '3' },
      'warm-runs': { type: 'string', default: '5' },
      ts: { type: 'string', default: '0' },
      'cdk-style': { type: 'string', default: 'l2' },
      compile: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: node build/run.mjs [--sizes 50,500] [--runs 3] [--warm-runs 5] [--ts <percent TypeScript>]\n' +
        '                          [--cdk-style l2|l1] [--compile] [--keep]\n',
    );
    process.exit(0);
  }
  const positive = (name, text) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive integer, not "${text}"`);
    return n;
  };
  const ts = Number(values.ts);
  if (!Number.isInteger(ts) || ts < 0 || ts > 50) throw new Error('--ts takes a percentage from 0 to 50');
  if (!['l1', 'l2'].includes(values['cdk-style'])) throw new Error('--cdk-style is l2 or l1');
  return {
    sizes: values.sizes.split(',').map((s) => positive('sizes', s.trim())),
    runs: positive('runs', values.runs),
    warmRuns: positive('warm-runs', values['warm-runs']),
    typescriptPercent: ts,
    cdkStyle: values['cdk-style'],
    compile: values.compile,
    keep: values.keep,
  };
}

/** fleetpipe runs from lib/: compile it when asked or when it is missing. */
function ensureFleetpipeCompiled(compile) {
  const entry = path.join(repoRoot, 'lib', 'fleetpipe.js');
  if (!compile && existsSync(entry)) {
    log(`using the compiled fleetpipe in ${path.join(repoRoot, 'lib')} (pass --compile to rebuild it first)`);
    return;
  }
  log(`compiling fleetpipe: npm run build in ${repoRoot}`);
  const result = spawnSync('npm', ['run', 'build'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0 || !existsSync(entry)) {
    throw new Error(`"npm run build" failed in ${repoRoot}: fix the compile errors above, then run again`);
  }
}

function cdkVersion() {
  const manifest = path.join(benchDir, 'node_modules', 'aws-cdk-lib', 'package.json');
  if (!existsSync(manifest)) {
    throw new Error(`aws-cdk-lib is not installed under ${benchDir}: run "npm ci" there first`);
  }
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}

function countFiles(dir, suffix) {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) n++;
  }
  return n;
}

function fleetpipeBuild({ projectDir, expect }) {
  const dist = path.join(projectDir, 'dist');
  const run = measure({
    command: process.execPath,
    args: [fleetpipeBin, '--json', 'build', projectDir, '--out', dist],
    cwd: projectDir,
  });
  let summary;
  try {
    summary = JSON.parse(run.stdout);
  } catch {
    throw new Error(`fleetpipe build printed no JSON summary:\n${run.stdout}\n${run.stderr}`);
  }
  const said = summary.written ? 'built' : 'up to date';
  if (!summary.ok || said !== expect) {
    throw new Error(`expected fleetpipe build to say "${expect}", it said "${said}" (${run.stderr})`);
  }
  return {
    wallMs: run.wallMs,
    rssKb: run.rssKb,
    inProcessMs: summary.durationMs,
    packaged: summary.packaged,
    fromCache: summary.fromCache,
    mode: summary.mode,
  };
}

/**
 * Both sides start each timed run from the same state: the previous run's
 * output removed and the file system's dirty data written back (`sync`), so
 * that one run's writeback does not land in the next run's time.
 */
function settleFileSystem() {
  spawnSync('sync');
}

function cleanFleetpipe(projectDir) {
  rmSync(path.join(projectDir, 'dist'), { recursive: true, force: true });
  rmSync(path.join(projectDir, '.fleetpipe'), { recursive: true, force: true });
  settleFileSystem();
}

function fleetpipeCold({ projectDir, count }) {
  cleanFleetpipe(projectDir);
  const run = fleetpipeBuild({ projectDir, expect: 'built' });
  const dist = path.join(projectDir, 'dist');
  const templates = countFiles(path.join(dist, 'templates', 'functions'), '.json');
  const zips = countFiles(path.join(dist, 'functions'), '.zip');
  if (templates !== count || zips !== count || run.packaged !== count) {
    throw new Error(`cold build of ${count} functions wrote ${templates} templates and ${zips} zips`);
  }
  return run;
}

function cdkSynth({ specFile, outDir, count, style }) {
  rmSync(outDir, { recursive: true, force: true });
  settleFileSystem();
  const run = measure({
    command: process.execPath,
    args: [cdkScript, '--spec', specFile, '--out', outDir, '--style', style],
    cwd: benchDir,
    env: { CDK_VALIDATION: 'false' },
  });
  const nested = countFiles(outDir, '.nested.template.json');
  if (nested !== count) throw new Error(`CDK synthesized ${nested} nested templates, expected ${count}`);
  return { wallMs: run.wallMs, rssKb: run.rssKb, nestedTemplates: nested };
}

function nodeBaseline() {
  const run = measure({ command: process.execPath, args: ['-e', ''], cwd: benchDir });
  return { wallMs: run.wallMs, rssKb: run.rssKb };
}

function stats(runs) {
  const out = {
    wallMs: summarize(runs.map((r) => r.wallMs)),
    rssMb: summarize(runs.map((r) => r.rssKb / 1024)),
    runs,
  };
  if (runs[0]?.inProcessMs !== undefined) out.inProcessMs = summarize(runs.map((r) => r.inProcessMs));
  return out;
}

function benchSize({ count, options }) {
  const work = mkdtempSync(path.join(os.tmpdir(), `fleetpipe-bench-build-${count}-`));
  try {
    const projectDir = path.join(work, 'project');
    mkdirSync(projectDir);
    const spec = generateProject({ dir: projectDir, count, typescriptPercent: options.typescriptPercent });
    const specFile = path.join(work, 'project.json');
    writeFileSync(specFile, JSON.stringify(spec));
    const cdkOut = path.join(work, 'cdk.out');
    const cdkArgs = { specFile, outDir: cdkOut, count, style: options.cdkStyle };
    log(`${count} functions in ${projectDir}: ${JSON.stringify(spec.kinds)}`);

    log('  warm-up (untimed): fleetpipe cold, CDK synth');
    fleetpipeCold({ projectDir, count });
    cdkSynth(cdkArgs);

    const cold = [];
    const cdk = [];
    const baseline = [];
    for (let i = 0; i < options.runs; i++) {
      cold.push(fleetpipeCold({ projectDir, count }));
      cdk.push(cdkSynth(cdkArgs));
      baseline.push(nodeBaseline());
      log(
        `  pair ${i + 1}/${options.runs}: fleetpipe cold ${(cold[i].wallMs / 1000).toFixed(3)} s, ` +
          `CDK ${(cdk[i].wallMs / 1000).toFixed(3)} s`,
      );
    }
    // The last cold run left cache and dist in place: these builds change nothing.
    const warm = [];
    for (let i = 0; i < options.warmRuns; i++) {
      warm.push(fleetpipeBuild({ projectDir, expect: 'up to date' }));
    }
    log(`  warm: ${warm.map((w) => `${Math.round(w.wallMs)} ms`).join(', ')}`);

    const pairRatios = cold.map((c, i) => c.wallMs / cdk[i].wallMs);
    const result = {
      functions: count,
      kinds: spec.kinds,
      fleetpipeCold: stats(cold),
      fleetpipeWarm: stats(warm),
      cdk: stats(cdk),
      nodeBaseline: stats(baseline),
      coldVsCdk: {
        ofMedians: summarize(cold.map((c) => c.wallMs)).median / summarize(cdk.map((c) => c.wallMs)).median,
        pairs: pairRatios,
        pairMedian: summarize(pairRatios).median,
      },
    };
    const peakRssMb = Math.max(...[...cold, ...warm].map((r) => r.rssKb / 1024));
    result.targets = {
      coldVsCdk: {
        value: result.coldVsCdk.pairMedian,
        limit: Targets.coldVsCdk,
        pass: result.coldVsCdk.pairMedian <= Targets.coldVsCdk,
      },
      warmMs: {
        value: result.fleetpipeWarm.wallMs.median,
        limit: Targets.warmMs,
        pass: result.fleetpipeWarm.wallMs.median <= Targets.warmMs,
      },
      peakRssMb: { value: peakRssMb, limit: Targets.peakRssMb, pass: peakRssMb <= Targets.peakRssMb },
    };
    return result;
  } finally {
    if (options.keep) log(`  kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

const sec = (ms) => `${(ms / 1000).toFixed(3)} s`;
const msec = (ms) => `${Math.round(ms)} ms`;
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
  const lines = [
    `fleetpipe build benchmark: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, node ${m.node}, ${m.platform}`,
    `work directory: ${m.tmpdir} (set TMPDIR to measure on another file system)`,
    `aws-cdk-lib ${results.cdk.version} (${results.cdk.style} constructs, CDK_VALIDATION=false); ` +
      `${results.options.runs} cold/CDK pairs, ${results.options.warmRuns} warm runs; ` +
      `TypeScript ${results.options.typescriptPercent}%`,
    '',
  ];
  const rows = [];
  for (const r of results.sizes) {
    const row = (what, s, fmt, extra = '') => [
      String(r.functions),
      what,
      fmt(s.wallMs.median),
      `${fmt(s.wallMs.min)} .. ${fmt(s.wallMs.max)}`,
      `${mb(s.rssMb.median)} / ${mb(s.rssMb.max)}`,
      extra,
    ];
    const inProc = (s) => `in-process ${msec(s.inProcessMs.median)}`;
    rows.push(row('fleetpipe cold', r.fleetpipeCold, sec, inProc(r.fleetpipeCold)));
    rows.push(row('fleetpipe warm', r.fleetpipeWarm, msec, inProc(r.fleetpipeWarm)));
    rows.push(row(`CDK synth (${results.cdk.style})`, r.cdk, sec));
    rows.push(row('node -e "" (baseline)', r.nodeBaseline, msec));
  }
  lines.push(
    renderTable(
      ['N', 'measurement', 'wall median', 'wall min .. max', 'peak RSS median / max', 'note'],
      rows,
    ),
  );
  lines.push('');
  const targetRows = [];
  for (const r of results.sizes) {
    const t = r.targets;
    targetRows.push([
      String(r.functions),
      `cold / CDK <= ${Targets.coldVsCdk}`,
      `${t.coldVsCdk.value.toFixed(3)} (pairs ${r.coldVsCdk.pairs.map((p) => p.toFixed(3)).join(', ')}; ` +
        `ratio of medians ${r.coldVsCdk.ofMedians.toFixed(3)})`,
      verdict(t.coldVsCdk),
    ]);
    targetRows.push([
      String(r.functions),
      `warm <= ${Targets.warmMs} ms`,
      msec(t.warmMs.value),
      verdict(t.warmMs),
    ]);
    targetRows.push([
      String(r.functions),
      `peak RSS <= ${Targets.peakRssMb} MB`,
      `${mb(t.peakRssMb.value)} (max over cold and warm runs)`,
      verdict(t.peakRssMb),
    ]);
  }
  lines.push(renderTable(['N', 'target', 'measured', 'verdict'], targetRows));
  return lines.join('\n');
}

function main() {
  const options = parseOptions();
  checkGnuTime();
  ensureFleetpipeCompiled(options.compile);
  const version = cdkVersion();
  const cpus = os.cpus();
  const results = {
    benchmark: 'build',
    date: new Date().toISOString(),
    machine: {
      cpus: os.availableParallelism(),
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      // Projects, caches, dist and cdk.out live here (TMPDIR): its file system weighs on every figure.
      tmpdir: os.tmpdir(),
    },
    fleetpipeVersion: JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version,
    cdk: { version, style: options.cdkStyle, validation: false },
    options,
    targets: Targets,
    sizes: [],
  };
  for (const count of options.sizes) results.sizes.push(benchSize({ count, options }));
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${render(results)}\n\nresults: ${path.relative(process.cwd(), resultsFile)}\n`);
}

try {
  main();
} catch (err) {
  log(`bench/build: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
