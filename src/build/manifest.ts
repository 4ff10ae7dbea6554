/**
 * manifest.json: what the artifact holds. Relative keys and hashes only — no
 * absolute paths, no timestamps — so the same input gives the same bytes anywhere.
 */
import type { PackagedFunction, SynthResult } from './types.js';

export const ManifestFileName = 'manifest.json';
export const ManifestSchemaVersion = 1;

export interface ManifestFunction {
  name: string;
  /** Directory relative to the project root. */
  dir: string;
  logicalId: string;
  runtime: string;
  handler: string;
  architecture: string;
  code: { key: string; sha256: string; bytes: number; unzippedBytes: number };
  template: { key: string; sha256: string };
  shard: string;
  configRule?: string;
  schedule?: string;
  targets?: Record<string, string[]>;
}

export interface Manifest {
  schemaVersion: number;
  project: string;
  fleetpipeVersion: string;
  layout: 'flat' | 'sharded';
  root: { key: string; sha256: string };
  shards: { id: string; logicalId: string; key: string; sha256: string; functions: string[] }[];
  functions: ManifestFunction[];
}

export function buildManifest(options: {
  project: string;
  fleetpipeVersion: string;
  functions: PackagedFunction[];
  synth: SynthResult;
}): Manifest {
  const { synth } = options;
  const shardOf = new Map<string, string>();
  for (const shard of synth.shards) for (const fn of shard.functions) shardOf.set(fn, shard.id);
  const functions = [...options.functions]
    .sort((a, b) => (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0))
    .map((p): ManifestFunction => {
      const template = synth.functionTemplates.get(p.spec.name);
      if (!template) throw new Error(`internal: no template synthesized for ${p.spec.name}`);
      const entry: ManifestFunction = {
        name: p.spec.name,
        dir: p.spec.relDir,
        logicalId: p.spec.logicalId,
        runtime: p.spec.runtime,
        handler: p.spec.handler,
        architecture: p.spec.architecture,
        code: { key: p.codeKey, sha256: p.codeSha256, bytes: p.zipBytes, unzippedBytes: p.unzippedBytes },
        template: { key: template.key, sha256: template.sha256 },
        shard: shardOf.get(p.spec.name) ?? 'root',
      };
      if (p.spec.configRule) entry.configRule = p.spec.configRule.name;
      if (p.spec.schedule) entry.schedule = p.spec.schedule.expression;
      if (p.spec.targets) entry.targets = p.spec.targets as Record<string, string[]>;
      return entry;
    });
  return {
    schemaVersion: ManifestSchemaVersion,
    project: options.project,
    fleetpipeVersion: options.fleetpipeVersion,
    layout: synth.shards.length > 0 ? 'sharded' : 'flat',
    root: { key: synth.root.key, sha256: synth.root.sha256 },
    shards: synth.shards.map((s) => ({
      id: s.id,
      logicalId: s.logicalId,
      key: s.templateKey,
      sha256: s.templateSha256,
      functions: s.functions,
    })),
    functions,
  };
}

export function serializeManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
