/**
 * `fleetpipe build`: discover → package → synthesize → write the artifact.
 */
import path from 'node:path';
import type { Reporter } from '../reporter.js';
import { silentReporter } from '../reporter.js';
import { FleetpipeVersion } from '../version.js';
import { type ArtifactFile, isUpToDate, writeArtifact } from './artifact.js';
import { buildManifest, type Manifest, serializeManifest } from './manifest.js';
import { packageFunctions } from './package.js';
import { synthesize } from './synth/index.js';
import type { PackagedFunction } from './types.js';
import { validateProject } from './validate.js';

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
  /** False when the artifact on disk was already exactly this build. */
  written: boolean;
  functions: PackagedFunction[];
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const reporter = options.reporter ?? silentReporter;
  const { project, functions: specs } = validateProject({ projectDir: options.projectDir, reporter });
  const outDir = path.resolve(options.outDir ?? path.join(project.root, 'dist'));
  const cacheDir = path.resolve(options.cacheDir ?? path.join(project.root, '.fleetpipe', 'cache'));

  const packaged = await packageFunctions(specs, { cacheDir, reporter });
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
    ...synth.files.map((t) => ({ key: t.key, body: t.body })),
    ...packaged.map((p) => ({ key: p.packaged.codeKey, from: p.zipPath, bytes: p.packaged.zipBytes })),
  ];
  if (isUpToDate(outDir, manifestText, files)) {
    reporter.emit({ code: 'BuildUpToDate', level: 'info', message: `${outDir} is up to date` });
    return { outDir, manifest, written: false, functions };
  }
  writeArtifact(outDir, manifestText, files);
  reporter.emit({
    code: 'BuildWritten',
    level: 'info',
    message: `wrote ${files.length + 1} files to ${outDir}`,
    data: { files: files.length + 1 },
  });
  return { outDir, manifest, written: true, functions };
}
