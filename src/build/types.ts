/**
 * The data that flows through `fleetpipe build`:
 *   discover → FunctionSpec[] → package → PackagedFunction[] → synth → SynthResult
 */
import type { ConfigRuleConfig, IamStatement, TargetFilter } from '../config/schema.js';
import type { Runtime, RuntimeFamily } from './runtimes.js';

/** How the code of a function is turned into a zip. */
export type PackagingKind =
  /** Plain JavaScript: the directory as it is, plus production node_modules. */
  | 'node'
  /** TypeScript: bundled by esbuild into one index.mjs. */
  | 'node-bundle'
  /** Python: the directory as it is, vendored packages included. */
  | 'python';

export interface ScheduleSpec {
  expression: string;
  input?: Record<string, unknown>;
  enabled: boolean;
}

export interface ConfigRuleSpec extends Omit<ConfigRuleConfig, 'name'> {
  /** The Config rule's name (defaults to the function name). */
  name: string;
}

/** One function, fully resolved: defaults applied, names mapped, runtime inferred. */
export interface FunctionSpec {
  /** The directory's own name, e.g. `s3-bucket-encryption`. */
  dirName: string;
  /** Absolute path of the function's directory. */
  dir: string;
  /** Path of the directory relative to the project root, with `/` separators (for messages). */
  relDir: string;
  /** function.yaml, if the function has one (absolute path). */
  configFile?: string;
  /** Lambda function name: `<project>-<dir>`, at most 64 characters. */
  name: string;
  /** CloudFormation logical ID of the function's nested stack. */
  logicalId: string;
  runtime: Runtime;
  family: RuntimeFamily;
  /** `module.export` as Lambda expects it (after bundling, for TypeScript). */
  handler: string;
  /** The source file the handler lives in, relative to `dir`. */
  entry: string;
  packaging: PackagingKind;
  memorySize: number;
  timeout: number;
  architecture: 'x86_64' | 'arm64';
  environment: Record<string, string>;
  description?: string;
  logRetentionDays: number;
  reservedConcurrency?: number;
  iamStatements: IamStatement[];
  schedule?: ScheduleSpec;
  configRule?: ConfigRuleSpec;
  /** Project tags merged with the function's own (function wins). */
  tags: Record<string, string>;
  targets?: TargetFilter;
}

/** A function after packaging: its zip is in the artifact, named by its hash. */
export interface PackagedFunction {
  spec: FunctionSpec;
  /** sha256 of the zip bytes, lowercase hex. */
  codeSha256: string;
  /** Key of the zip inside the artifact (and the S3 bucket): `functions/<name>/<sha256>.zip`. */
  codeKey: string;
  zipBytes: number;
  unzippedBytes: number;
  fileCount: number;
  /** True when the zip came from the incremental cache. */
  cached: boolean;
}

/** A template to write into the artifact. */
export interface TemplateFile {
  /** Key inside the artifact, e.g. `templates/functions/<name>.<sha256>.json`. */
  key: string;
  /** The exact bytes to write (canonical JSON). */
  body: string;
  sha256: string;
}

export interface ShardSummary {
  /** Shard ID, stable across builds (e.g. `Shard3A`); `root` when there is no sharding. */
  id: string;
  logicalId: string;
  /** Function names in this shard, sorted. */
  functions: string[];
  templateKey: string;
  templateSha256: string;
}

export interface SynthResult {
  /** The orchestration (root) template: what a deploy creates as the one stack. */
  root: TemplateFile;
  /** Shard templates (empty when all function stacks fit in the root). */
  shards: ShardSummary[];
  /** Child template per function name. */
  functionTemplates: Map<string, TemplateFile>;
  /** Every template file to write: root, shards, functions. */
  files: TemplateFile[];
}
