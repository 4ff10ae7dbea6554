import path from 'node:path';
import type { Command } from 'commander';
import { build } from '../build/build.js';
import type { ManifestFunction } from '../build/manifest.js';
import { consoleReporter, formatBytes, type GlobalOptions, type Output, table } from './render.js';

interface BuildFlags extends GlobalOptions {
  out?: string;
  cacheDir?: string;
}

function trigger(fn: ManifestFunction): string {
  const parts: string[] = [];
  if (fn.configRule) parts.push('Config rule');
  if (fn.schedule) parts.push(fn.schedule);
  return parts.join(', ') || '-';
}

export async function runBuild(dir: string, flags: BuildFlags, output: Output): Promise<number> {
  const started = performance.now();
  const result = await build({
    projectDir: dir,
    ...(flags.out ? { outDir: flags.out } : {}),
    ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}),
    reporter: consoleReporter(output, flags),
  });
  const ms = Math.round(performance.now() - started);
  const { manifest } = result;
  if (flags.json) {
    output.out(
      JSON.stringify(
        {
          ok: true,
          project: manifest.project,
          outDir: result.outDir,
          written: result.written,
          layout: manifest.layout,
          root: manifest.root,
          shards: manifest.shards.map(({ id, key, sha256, functions }) => ({
            id,
            key,
            sha256,
            functions: functions.length,
          })),
          functions: manifest.functions,
          mode: result.mode,
          packaged: result.packaged,
          fromCache: result.fromCache,
          durationMs: ms,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  const relative = path.relative(process.cwd(), result.outDir) || '.';
  const rel = relative.startsWith('..') ? result.outDir : relative;
  const rows = [
    ['FUNCTION', 'RUNTIME', 'CODE', 'SHA256', 'TRIGGER'],
    ...manifest.functions.map((f) => [
      f.name,
      f.runtime,
      formatBytes(f.code.bytes),
      f.code.sha256.slice(0, 12),
      trigger(f),
    ]),
  ];
  output.out(`${manifest.project}: ${manifest.functions.length} functions → ${rel}`);
  output.out(table(rows));
  const layout =
    manifest.layout === 'flat'
      ? `1 orchestration stack with ${manifest.functions.length} nested function stacks`
      : `1 orchestration stack, ${manifest.shards.length} shards, ${manifest.functions.length} nested function stacks`;
  output.out(`layout: ${layout}`);
  const how =
    result.mode === 'unchanged'
      ? 'nothing changed since the last build'
      : `${result.packaged} packaged, ${result.fromCache} from cache`;
  output.out(`${result.written ? 'built' : 'up to date'} in ${ms} ms (${how})`);
  return 0;
}

export function registerBuild(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('build')
    .description('package every function and write the "build once" artifact (manifest, templates, zips)')
    .argument('[dir]', 'project directory holding fleetpipe.yaml', '.')
    .option('-o, --out <dir>', 'artifact directory (default: <dir>/dist)')
    .option('--cache-dir <dir>', 'incremental build cache (default: <dir>/.fleetpipe/cache)')
    .action(async (dir: string, flags: BuildFlags, cmd: Command) => {
      setExit(await runBuild(dir, { ...cmd.optsWithGlobals(), ...flags }, output));
    });
}
