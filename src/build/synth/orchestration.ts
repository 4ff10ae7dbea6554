/**
 * The orchestration templates: the root (what a deploy creates as its one
 * stack) and, when the root would cross a CloudFormation limit, the shard
 * templates between root and functions. Both hold nested stacks fetched from
 * the artifact bucket of the region being deployed.
 */
import type { PackagedFunction, TemplateFile } from '../types.js';
import {
  type CfnObject,
  type CfnOutput,
  type CfnParameter,
  type CfnResource,
  type CfnTemplate,
  type CfnValue,
  escapeSub,
  ref,
  resource,
  sub,
  tagList,
  template,
} from './cfn.js';
import { FunctionTemplateParameters, functionTags } from './function-template.js';
import type { DeferredTargets, TargetPlan } from './targets.js';

export const ArtifactParameters = { bucket: 'ArtifactBucket', prefix: 'ArtifactPrefix' } as const;

function artifactParameters(): Record<string, CfnParameter> {
  return {
    [ArtifactParameters.bucket]: {
      Type: 'String',
      Description: "fleetpipe's artifact bucket in the region being deployed",
    },
    [ArtifactParameters.prefix]: {
      Type: 'String',
      Description: 'Key prefix of the artifact inside the bucket: empty, or ending with /',
      Default: '',
      AllowedPattern: "^([A-Za-z0-9!_.*'()/-]*/)?$",
      ConstraintDescription: "must be empty or end with '/' (letters, digits and !_.*'()/- only)",
    },
  };
}

/** `https://<bucket>.s3.<region>.<suffix>/<prefix><key>`: the artifact bucket of the stack's own region. */
export function artifactUrl(key: string): CfnObject {
  return sub(
    `https://\${${ArtifactParameters.bucket}}.s3.\${AWS::Region}.\${AWS::URLSuffix}/\${${ArtifactParameters.prefix}}${escapeSub(key)}`,
  );
}

/** One function as its parent template sees it. */
export interface FunctionStackEntry {
  fn: PackagedFunction;
  template: TemplateFile;
  targets: TargetPlan;
}

export interface StackGroupInput {
  project: string;
  /** Sorted by function name. */
  entries: FunctionStackEntry[];
}

interface StackGroupSections {
  conditions: Record<string, CfnValue>;
  resources: Record<string, CfnResource>;
}

/** The nested stack of each function, with its target condition when it has one. */
function functionStacks({ project, entries }: StackGroupInput): StackGroupSections {
  const resources: Record<string, CfnResource> = {};
  const conditions: Record<string, CfnValue> = {};
  const taken = new Set([...entries.map((e) => e.fn.spec.logicalId), ...Object.values(ArtifactParameters)]);
  for (const { fn, template: child, targets } of entries) {
    let conditionName: string | undefined;
    if (targets.condition !== undefined) {
      conditionName = `${fn.spec.logicalId}Targets`;
      while (taken.has(conditionName)) conditionName += 'X';
      taken.add(conditionName);
      conditions[conditionName] = targets.condition;
    }
    resources[fn.spec.logicalId] = resource(
      'AWS::CloudFormation::Stack',
      {
        TemplateURL: artifactUrl(child.key),
        Parameters: {
          [FunctionTemplateParameters.codeBucket]: ref(ArtifactParameters.bucket),
          [FunctionTemplateParameters.codeKey]: sub(
            `\${${ArtifactParameters.prefix}}${escapeSub(fn.codeKey)}`,
          ),
        },
        Tags: functionTags(project, fn.spec),
      },
      { Condition: conditionName },
    );
  }
  return { conditions, resources };
}

export interface ShardTemplateInput extends StackGroupInput {
  shardId: string;
}

/** A shard: the function stacks whose name hash starts with the shard's prefix. */
export function buildShardTemplate(input: ShardTemplateInput): CfnTemplate {
  const { conditions, resources } = functionStacks(input);
  return template({
    description: `fleetpipe shard ${input.shardId} of project ${input.project}: ${input.entries.length} functions`,
    parameters: artifactParameters(),
    conditions,
    resources,
  });
}

export interface RootCommon {
  project: string;
  /** Tags for stacks the root creates directly (shards); function stacks carry their function's tags. */
  tags: Record<string, string>;
  /** All functions of the build, sorted by name (for metadata and counts). */
  functions: PackagedFunction[];
  /** Account filters per function name that the deploy engine must apply. */
  deferredTargets: Map<string, DeferredTargets>;
}

function rootMetadata(common: RootCommon, layout: 'root' | 'sharded'): CfnObject {
  const targets: CfnObject = {};
  for (const [name, deferred] of common.deferredTargets) targets[name] = { ...deferred };
  return {
    fleetpipe: {
      project: common.project,
      layout,
      functionCount: common.functions.length,
      // Account filters by name or OU path: not expressible in CloudFormation.
      // The deploy engine reads them here and applies them per account.
      ...(Object.keys(targets).length > 0 && { targets }),
    },
  };
}

/**
 * Few outputs on purpose: the root can hold up to 500 nested stacks and
 * CloudFormation allows 200 outputs, so nothing here is per function.
 */
function rootOutputs(common: RootCommon): Record<string, CfnOutput> {
  return {
    Project: { Description: 'fleetpipe project', Value: common.project },
    FunctionCount: { Description: 'Functions in this build', Value: String(common.functions.length) },
  };
}

function rootDescription(common: RootCommon, detail: string): string {
  return `fleetpipe orchestration for project ${common.project}: ${common.functions.length} functions${detail}`;
}

/** Root layout: every function stack directly in the root. */
export function buildRootTemplate(common: RootCommon, entries: FunctionStackEntry[]): CfnTemplate {
  const { conditions, resources } = functionStacks({ project: common.project, entries });
  return template({
    description: rootDescription(common, ''),
    metadata: rootMetadata(common, 'root'),
    parameters: artifactParameters(),
    conditions,
    resources,
    outputs: rootOutputs(common),
  });
}

export interface ShardRef {
  id: string;
  template: TemplateFile;
}

/** Sharded layout: the root holds one stack per shard, in shard-ID order. */
export function buildShardedRootTemplate(common: RootCommon, shards: ShardRef[]): CfnTemplate {
  const resources: Record<string, CfnResource> = {};
  for (const shard of shards) {
    resources[shard.id] = resource('AWS::CloudFormation::Stack', {
      TemplateURL: artifactUrl(shard.template.key),
      Parameters: {
        [ArtifactParameters.bucket]: ref(ArtifactParameters.bucket),
        [ArtifactParameters.prefix]: ref(ArtifactParameters.prefix),
      },
      Tags: tagList({ ...common.tags, 'fleetpipe:project': common.project, 'fleetpipe:shard': shard.id }),
    });
  }
  return template({
    description: rootDescription(common, ` in ${shards.length} shards`),
    metadata: rootMetadata(common, 'sharded'),
    parameters: artifactParameters(),
    resources,
    outputs: rootOutputs(common),
  });
}
