/**
 * `fleetpipe build`: discover → package → synthesize → write the artifact.
 *
 * A no-op build takes a fast path: when nothing the build reads has changed
 * since the last build to the same directory (see fingerprint.ts) and the
 * artifact is intact, it returns the manifest without loading the parser,
 * bundler or compressor. Everything else is imported on first use.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Reporter } from '../reporter.js';
import { silentReporter } from '../reporter.js';
import { FleetpipeVersion } from '../version.js';
import { type ArtifactFile, isUpToDate, writeArtifact } from './artifact.js';
import { computeFingerprint, intactArtifact, readBuildState, writeBuildState } from './fingerprint.js';
import type { Manifest } from './manifest.js';
import type { PackagedFunction } from './types.js';

export interface BuildOptions {
  /** Project directory (holding fleetpipe.yaml). */
  projectDir: string;
  /** Artifact directory; default `<projectDir>/dist`. */
  outDir?: string;
  /** Incremental cache; default `<projectDir>/.fleetpipe/cache`. */
  cacheDir?: string;
  reporter?: Reporter;
}

export interface BuildResult {
  outDir: string;
  manifest: Manifest;
  /** False when the artifact on disk already was exactly this build. */
  written: boolean;
  /**
   * How the build went: `unchanged` — nothing it reads changed since the last
   * build, nothing was read; otherwise every function was packaged or taken
   * from the cache.
   */
  mode: 'unchanged' | 'full';
  /** Functions zipped now and functions taken from the cache (both 0 when unchanged). */
  packaged: number;
  fromCache: number;
  /** The packaged functions (full builds only). */
  functions: PackagedFunction[];
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const reporter = options.reporter ?? silentReporter;
  const projectRoot = path.resolve(options.projectDir);
  const outDir = path.resolve(options.outDir ?? path.join(projectRoot, 'dist'));
  const cacheDir = path.resolve(options.cacheDir ?? path.join(projectRoot, '.fleetpipe', 'cache'));

  const previous = readBuildState(cacheDir, outDir);
  const fingerprintOf = (functionsDir: string, extraFiles: readonly string[]) =>
    computeFingerprint({ projectRoot, functionsDir, extraFiles, fleetpipeVersion: FleetpipeVersion });
  let before: string | undefined;
  if (previous && previous.fleetpipeVersion === FleetpipeVersion) {
    before = fingerprintOf(previous.functionsDir, previous.extraFiles);
    if (before === previous.fingerprint) {
      const manifestText = intactArtifact(previous);
      if (manifestText !== undefined) {
        reporter.emit({
          code: 'BuildUpToDate',
          level: 'info',
          message: `${outDir} is up to date (nothing changed)`,
        });
        return {
          outDir,
          manifest: JSON.parse(manifestText) as Manifest,
          written: false,
          mode: 'unchanged',
          packaged: 0,
          fromCache: 0,
          functions: [],
        };
      }
    }
  }

  const { validateProject } = await import('./validate.js');
  const { project, functions: specs } = validateProject({ projectDir: projectRoot, reporter });
  const functionsDir = path.resolve(project.root, project.config.functionsDir);
  // Taken before packaging reads the files: one that changes during the build makes the next build a full one.
  const fingerprint =
    previous?.functionsDir === functionsDir && before !== undefined
      ? before
      : fingerprintOf(functionsDir, []);

  const [{ packageFunctions }, { synthesize }, { buildManifest, serializeManifest }] = await Promise.all([
    import('./package.js'),
    import('./synth/index.js'),
    import('./manifest.js'),
  ]);
  // New zips are written once, into the artifact, and taken into the cache from there.
  const packaged = await packageFunctions(specs, {
    projectRoot: project.root,
    cacheDir,
    reporter,
    deferCacheWrites: true,
  });
  const functions = packaged.map((p) => p.packaged);
  const synth = synthesize({
    project: project.config.project,
    ...(project.config.tags ? { tags: project.config.tags } : {}),
    functions,
  });
  const manifest = buildManifest({
    project: project.config.project,
    fleetpipeVersion: FleetpipeVersion,
    functions,
    synth,
  });
  const manifestText = serializeManifest(manifest);
  const files: ArtifactFile[] = [
    ...synth.files.map((t) => ({ key: t.key, body: t.body, bytes: Buffer.byteLength(t.body) })),
    ...packaged.map((p) =>
      p.pending
        ? { key: p.packaged.codeKey, body: p.pending.zip, bytes: p.packaged.zipBytes }
        : { key: p.packaged.codeKey, from: p.zipPath, bytes: p.packaged.zipBytes },
    ),
  ];
  const written = !isUpToDate(outDir, manifestText, files);
  if (written) writeArtifact(outDir, manifestText, files);
  for (const p of packaged) await p.pending?.adopt(path.join(outDir, ...p.packaged.codeKey.split('/')));

  const extraFiles = [...new Set(packaged.flatMap((p) => p.dependsOn))]
    .filter((f) => !f.startsWith(functionsDir + path.sep))
    .sort();
  writeBuildState(cacheDir, {
    version: 1,
    fleetpipeVersion: FleetpipeVersion,
    outDir,
    functionsDir,
    extraFiles,
    fingerprint: extraFiles.length === 0 ? fingerprint : fingerprintOf(functionsDir, extraFiles),
    manifestSha256: createHash('sha256').update(manifestText).digest('hex'),
    files: files.map((f) => [f.key, f.bytes ?? 0]),
  });

  const fromCache = functions.filter((f) => f.cached).length;
  reporter.emit(
    written
      ? {
          code: 'BuildWritten',
          level: 'info',
          message: `wrote ${files.length + 1} files to ${outDir}`,
          data: { files: files.length + 1 },
        }
      : { code: 'BuildUpToDate', level: 'info', message: `${outDir} is up to date` },
  );
  return {
    outDir,
    manifest,
    written,
    mode: 'full',
    packaged: functions.length - fromCache,
    fromCache,
    functions,
  };
}
