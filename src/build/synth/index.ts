/**
 * `synthesize`: packaged functions in, CloudFormation templates out. Pure and
 * deterministic: the same functions, in any order, give the same bytes.
 */
import { FleetpipeError } from '../../errors.js';
import { CloudFormationLimits } from '../../limits.js';
import type { PackagedFunction, ShardSummary, SynthResult, TemplateFile } from '../types.js';
import { type CfnTemplate, canonicalJson, compareStrings, sha256Hex } from './cfn.js';
import { buildFunctionTemplate } from './function-template.js';
import {
  buildRootTemplate,
  buildShardedRootTemplate,
  buildShardTemplate,
  type FunctionStackEntry,
  type RootCommon,
  type ShardRef,
} from './orchestration.js';
import { partitionByHashTrie, shardKey } from './shard.js';
import { planTargets } from './targets.js';
import {
  checkTemplateLimits,
  measureTemplate,
  resolveTemplateLimits,
  type TemplateLimits,
  type TemplateLimitViolation,
} from './template-limits.js';

export { type CfnTemplate, canonicalJson, sha256Hex } from './cfn.js';
export { partitionByHashTrie, shardId, shardKey } from './shard.js';
export {
  checkTemplateLimits,
  DefaultTemplateLimits,
  measureTemplate,
  type TemplateLimits,
  type TemplateLimitViolation,
  type TemplateMeasure,
} from './template-limits.js';

export interface SynthOptions {
  project: string;
  /** Project tags, for the stacks the root creates directly (function stacks carry their spec's tags). */
  tags?: Record<string, string>;
  functions: PackagedFunction[];
  /** Override CloudFormation's limits (tests use small ones to force sharding). */
  limits?: Partial<TemplateLimits>;
}

export const TemplateKeys = {
  root: 'templates/orchestration.json',
  function: (name: string, sha: string) => `templates/functions/${name}.${sha}.json`,
  shard: (id: string, sha: string) => `templates/shards/${id}.${sha}.json`,
} as const;

interface Rendered {
  file: TemplateFile;
  violations: TemplateLimitViolation[];
}

function render(template: CfnTemplate, keyOf: (sha: string) => string, limits: TemplateLimits): Rendered {
  const body = canonicalJson(template);
  const sha256 = sha256Hex(body);
  return {
    file: { key: keyOf(sha256), body, sha256 },
    violations: checkTemplateLimits(measureTemplate(template, body), limits),
  };
}

export function synthesize(options: SynthOptions): SynthResult {
  const limits = resolveTemplateLimits(options.limits);
  const functions = [...options.functions].sort((a, b) => compareStrings(a.spec.name, b.spec.name));
  assertUnique(functions);

  const entries = functions.map((fn) => functionEntry(options.project, fn, limits));
  const functionTemplates = new Map(entries.map((e) => [e.fn.spec.name, e.template]));
  const functionFiles = entries.map((e) => e.template);
  const common: RootCommon = {
    project: options.project,
    tags: options.tags ?? {},
    functions,
    deferredTargets: new Map(
      entries.flatMap((e) => (e.targets.deferred ? [[e.fn.spec.name, e.targets.deferred] as const] : [])),
    ),
  };

  const unsharded = render(buildRootTemplate(common, entries), () => TemplateKeys.root, limits);
  if (unsharded.violations.length === 0) {
    return { root: unsharded.file, shards: [], functionTemplates, files: [unsharded.file, ...functionFiles] };
  }
  const { root, shards, shardFiles } = shardedLayout(common, entries, limits);
  return { root, shards, functionTemplates, files: [root, ...shardFiles, ...functionFiles] };
}

/** A function's child template (checked against the limits) and its target plan. */
function functionEntry(project: string, fn: PackagedFunction, limits: TemplateLimits): FunctionStackEntry {
  const name = fn.spec.name;
  const rendered = render(
    buildFunctionTemplate({ project, fn }),
    (sha) => TemplateKeys.function(name, sha),
    limits,
  );
  throwIfViolated(rendered, {
    what: `the template of function ${name}`,
    file: fn.spec.configFile,
    hint: 'Shorten the configuration in function.yaml (IAM statements, tags, environment, Config rule scope).',
  });
  return { fn, template: rendered.file, targets: planTargets(fn.spec.targets) };
}

interface ShardedLayout {
  root: TemplateFile;
  shards: ShardSummary[];
  shardFiles: TemplateFile[];
}

/** The hash-trie layout (see shard.ts): whether a group fits is decided on its real template. */
function shardedLayout(
  common: RootCommon,
  entries: FunctionStackEntry[],
  limits: TemplateLimits,
): ShardedLayout {
  const fitting = new Map<string, TemplateFile>();
  const groups = partitionByHashTrie({
    items: entries,
    keyOf: (e) => shardKey(e.fn.spec.name),
    nameOf: (e) => e.fn.spec.name,
    fits: ({ id, members }) => {
      const rendered = render(
        buildShardTemplate({ project: common.project, shardId: id, entries: members }),
        (sha) => TemplateKeys.shard(id, sha),
        limits,
      );
      if (rendered.violations.length > 0) return false;
      fitting.set(id, rendered.file);
      return true;
    },
  });
  const shardRefs: ShardRef[] = groups.map((g) => ({ id: g.id, template: fitting.get(g.id)! }));
  const shards: ShardSummary[] = groups.map((g, i) => ({
    id: g.id,
    logicalId: g.id,
    functions: g.members.map((e) => e.fn.spec.name),
    templateKey: shardRefs[i]!.template.key,
    templateSha256: shardRefs[i]!.template.sha256,
  }));
  const root = render(buildShardedRootTemplate(common, shardRefs), () => TemplateKeys.root, limits);
  throwIfViolated(root, {
    what: `the orchestration template (${shards.length} shards)`,
    hint: 'The root holds one stack per shard; this many shards means the limits passed to synthesize are too small.',
  });
  return { root: root.file, shards, shardFiles: shardRefs.map((s) => s.template) };
}

function assertUnique(functions: PackagedFunction[]): void {
  const problems: FleetpipeError[] = [];
  const seen = { name: new Map<string, PackagedFunction>(), logicalId: new Map<string, PackagedFunction>() };
  for (const fn of functions) {
    for (const field of ['name', 'logicalId'] as const) {
      const value = fn.spec[field];
      const other = seen[field].get(value);
      if (other) {
        problems.push(
          new FleetpipeError(
            'FunctionNameCollision',
            `Functions ${other.spec.relDir} and ${fn.spec.relDir} have the same ${field === 'name' ? 'function name' : 'CloudFormation logical ID'} "${value}".`,
            { file: fn.spec.configFile, hint: 'Rename one of the two function directories.' },
          ),
        );
      } else seen[field].set(value, fn);
    }
    if (fn.spec.logicalId.length > CloudFormationLimits.maxLogicalIdLength) {
      problems.push(
        new FleetpipeError(
          'LogicalIdTooLong',
          `The logical ID of function ${fn.spec.name} is longer than ${CloudFormationLimits.maxLogicalIdLength} characters.`,
          { source: 'toolkit', hint: 'Use a shorter function directory name.' },
        ),
      );
    }
  }
  if (problems.length > 0) throw FleetpipeError.combine(problems);
}

interface ViolationContext {
  what: string;
  hint: string;
  file?: string;
}

function throwIfViolated(rendered: Rendered, context: ViolationContext): void {
  if (rendered.violations.length === 0) return;
  throw new FleetpipeError(
    'TemplateLimitExceeded',
    `CloudFormation would reject ${context.what}: ${rendered.violations.map((v) => v.message).join('; ')}.`,
    { file: context.file, hint: context.hint },
  );
}
