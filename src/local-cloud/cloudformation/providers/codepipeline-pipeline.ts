/**
 * AWS::CodePipeline::Pipeline. Ref is the pipeline name (generated when `Name` is absent); GetAtt
 * `Version` is the pipeline's version after the create or update (as a string), `Arn` its ARN. The template's PascalCase structure is
 * converted member by member into CodePipeline's camelCase declaration (see shapes.ts): stages, actions,
 * action type IDs, artifacts, conditions, variables and triggers; action `Configuration` keys stay as
 * written, their values become strings (`PollForSourceChanges: false` → `"false"`). `ArtifactStores`
 * (a list of `{ Region, ArtifactStore }`) becomes the API's map by region.
 *
 * Accepted but not applied (pipelines do not run here): `DisableInboundStageTransitions` (its stage
 * names must exist) and `RestartExecutionOnUpdate`.
 */
import {
  CodePipelineClient,
  CreatePipelineCommand,
  DeletePipelineCommand,
  type PipelineDeclaration,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePipelineCommand,
} from '@aws-sdk/client-codepipeline';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { optionalString, type Props, tagList, tagMap } from './props.js';
import { bool, convert, convertObject, int, list, object, str, stringMap } from './shapes.js';
import { tagChanges } from './tag-changes.js';
import { type ProviderContext, ProviderError, type ProviderResult, type ResourceProvider } from './types.js';

const SERVICE = 'CodePipeline';

const ARTIFACT_STORE = object({
  Type: str,
  Location: str,
  EncryptionKey: object({ Id: str, Type: str }),
});
const INPUT_ARTIFACT = object({ Name: str });
const OUTPUT_ARTIFACT = object({ Name: str, Files: list(str) });
const TYPE_ID = object({ Category: str, Owner: str, Provider: str, Version: str });
const ACTION = object({
  Name: str,
  ActionTypeId: TYPE_ID,
  RunOrder: int,
  Configuration: stringMap,
  InputArtifacts: list(INPUT_ARTIFACT),
  OutputArtifacts: list(OUTPUT_ARTIFACT),
  RoleArn: str,
  Region: str,
  Namespace: str,
  TimeoutInMinutes: int,
  Commands: list(str),
  OutputVariables: list(str),
  EnvironmentVariables: list(object({ Name: str, Value: str, Type: str })),
});
const RULE = object({
  Name: str,
  RuleTypeId: TYPE_ID,
  Configuration: stringMap,
  InputArtifacts: list(INPUT_ARTIFACT),
  Commands: list(str),
  Region: str,
  RoleArn: str,
  TimeoutInMinutes: int,
});
const CONDITIONS = list(object({ Result: str, Rules: list(RULE) }));
const STAGE = object({
  Name: str,
  Actions: list(ACTION),
  Blockers: list(object({ Name: str, Type: str })),
  BeforeEntry: object({ Conditions: CONDITIONS }),
  OnFailure: object({ Result: str, RetryConfiguration: object({ RetryMode: str }), Conditions: CONDITIONS }),
  OnSuccess: object({ Conditions: CONDITIONS }),
});
const GIT_FILTER = object({ Includes: list(str), Excludes: list(str) });
const TRIGGER = object({
  ProviderType: str,
  GitConfiguration: object({
    SourceActionName: str,
    Push: list(object({ Tags: GIT_FILTER, Branches: GIT_FILTER, FilePaths: GIT_FILTER })),
    PullRequest: list(object({ Events: list(str), Branches: GIT_FILTER, FilePaths: GIT_FILTER })),
  }),
});
const VARIABLE = object({ Name: str, DefaultValue: str, Description: str });

/** Template properties that are members of the pipeline declaration as they are. */
const DECLARATION = {
  RoleArn: str,
  Stages: list(STAGE),
  ArtifactStore: ARTIFACT_STORE,
  PipelineType: str,
  ExecutionMode: str,
  Variables: list(VARIABLE),
  Triggers: list(TRIGGER),
};
const ARTIFACT_STORES = list(object({ Region: str, ArtifactStore: ARTIFACT_STORE }));
const TRANSITIONS = list(object({ StageName: str, Reason: str }));

/** The pipeline declaration of CreatePipeline/UpdatePipeline. */
export function pipelineDeclaration(props: Props, name: string): Record<string, unknown> {
  const {
    Name: _name,
    ArtifactStores: stores,
    DisableInboundStageTransitions: transitions,
    RestartExecutionOnUpdate: restart,
    Tags: _tags,
    ...members
  } = props;
  const declaration: Record<string, unknown> = { name, ...convertObject(DECLARATION, members, '') };
  if (stores !== undefined && stores !== null) {
    const perRegion = convert(ARTIFACT_STORES, stores, 'ArtifactStores') as {
      region: string;
      artifactStore: unknown;
    }[];
    declaration['artifactStores'] = Object.fromEntries(perRegion.map((s) => [s.region, s.artifactStore]));
  }
  if (restart !== undefined && restart !== null) convert(bool, restart, 'RestartExecutionOnUpdate');
  if (transitions !== undefined && transitions !== null) {
    const stageNames = new Set(((declaration['stages'] ?? []) as { name: string }[]).map((s) => s.name));
    for (const t of convert(TRANSITIONS, transitions, 'DisableInboundStageTransitions') as {
      stageName: string;
    }[]) {
      if (!stageNames.has(t.stageName)) {
        throw new ProviderError(
          `DisableInboundStageTransitions names stage ${t.stageName}, which the pipeline does not have`,
          'ValidationError',
        );
      }
    }
  }
  return declaration;
}

function pipelineArn(ctx: ProviderContext, name: string): string {
  return `arn:${ctx.partition}:codepipeline:${ctx.region}:${ctx.accountId}:${name}`;
}

function result(ctx: ProviderContext, name: string, version: number | undefined): ProviderResult {
  return { physicalId: name, attributes: { Version: String(version ?? 1), Arn: pipelineArn(ctx, name) } };
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const client = clientFor(CodePipelineClient, ctx);
  const name = optionalString(props, 'Name') ?? generatedName(ctx, { maxLength: 100 });
  const pipeline = pipelineDeclaration(props, name) as unknown as PipelineDeclaration;
  const tags = tagList(props).map((t) => ({ key: t.Key, value: t.Value }));
  const out = await call(SERVICE, () =>
    client.send(new CreatePipelineCommand({ pipeline, tags: tags.length > 0 ? tags : undefined })),
  );
  return result(ctx, name, out.pipeline?.version);
}

async function update(
  name: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const client = clientFor(CodePipelineClient, ctx);
  const pipeline = pipelineDeclaration(props, name) as unknown as PipelineDeclaration;
  const out = await call(SERVICE, () => client.send(new UpdatePipelineCommand({ pipeline })));
  const changes = tagChanges(tagMap(tagList(previous)), tagMap(tagList(props)));
  const resourceArn = pipelineArn(ctx, name);
  if (changes.remove.length > 0) {
    await call(SERVICE, () =>
      client.send(new UntagResourceCommand({ resourceArn, tagKeys: changes.remove })),
    );
  }
  const set = Object.entries(changes.set).map(([key, value]) => ({ key, value }));
  if (set.length > 0) {
    await call(SERVICE, () => client.send(new TagResourceCommand({ resourceArn, tags: set })));
  }
  return result(ctx, name, out.pipeline?.version);
}

async function remove(name: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const client = clientFor(CodePipelineClient, ctx);
  await callUnlessGone(SERVICE, () => client.send(new DeletePipelineCommand({ name })));
}

export const codepipelinePipelineProvider: ResourceProvider = {
  type: 'AWS::CodePipeline::Pipeline',
  replaceOn: ['Name'],
  create,
  update,
  delete: remove,
};
