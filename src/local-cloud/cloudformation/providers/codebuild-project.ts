/**
 * AWS::CodeBuild::Project. Ref is the project name (generated when `Name` is absent); GetAtt `Arn`. The
 * template's PascalCase properties are converted member by member into CodeBuild's camelCase request
 * (see shapes.ts; `Source.BuildSpec` → `buildspec`, `SecondarySourceVersions` →
 * `secondarySourcesVersions`). An update sends the whole project, tags included, and puts back CodeBuild's
 * defaults for properties the template no longer sets (cache, logs, timeouts, key, description, VPC,
 * secondary sources and artifacts, badge), as CloudFormation does.
 *
 * Accepted but not applied: `Triggers` (webhooks) and `Visibility` (set through separate APIs the local
 * CodeBuild does not offer).
 */
import {
  CodeBuildClient,
  CreateProjectCommand,
  type CreateProjectCommandInput,
  DeleteProjectCommand,
  UpdateProjectCommand,
  type UpdateProjectCommandInput,
} from '@aws-sdk/client-codebuild';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { optionalString, type Props, tagList } from './props.js';
import { bool, convertObject, int, json, list, object, renamed, str } from './shapes.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'CodeBuild';

const SOURCE = object({
  Type: str,
  Location: str,
  BuildSpec: renamed(str, 'buildspec'),
  GitCloneDepth: int,
  GitSubmodulesConfig: object({ FetchSubmodules: bool }),
  InsecureSsl: bool,
  ReportBuildStatus: bool,
  BuildStatusConfig: object({ Context: str, TargetUrl: str }),
  Auth: object({ Type: str, Resource: str }),
  SourceIdentifier: str,
});
const ARTIFACTS = object({
  Type: str,
  Location: str,
  Path: str,
  NamespaceType: str,
  Name: str,
  Packaging: str,
  OverrideArtifactName: bool,
  EncryptionDisabled: bool,
  ArtifactIdentifier: str,
});
const ENVIRONMENT = object({
  Type: str,
  Image: str,
  ComputeType: str,
  EnvironmentVariables: list(object({ Name: str, Value: str, Type: str })),
  PrivilegedMode: bool,
  Certificate: str,
  RegistryCredential: object({ Credential: str, CredentialProvider: str }),
  ImagePullCredentialsType: str,
  Fleet: object({ FleetArn: str }),
  HostKernel: str,
  DockerServer: object({ ComputeType: str, SecurityGroupIds: list(str) }),
});

/** Template properties that are request members (Name, Tags, Triggers and Visibility are handled apart). */
const PROJECT = {
  Description: str,
  Source: SOURCE,
  SecondarySources: list(SOURCE),
  SourceVersion: str,
  SecondarySourceVersions: renamed(
    list(object({ SourceIdentifier: str, SourceVersion: str })),
    'secondarySourcesVersions',
  ),
  Artifacts: ARTIFACTS,
  SecondaryArtifacts: list(ARTIFACTS),
  Cache: object({ Type: str, Location: str, Modes: list(str), CacheNamespace: str }),
  Environment: ENVIRONMENT,
  ServiceRole: str,
  TimeoutInMinutes: int,
  QueuedTimeoutInMinutes: int,
  EncryptionKey: str,
  VpcConfig: object({ VpcId: str, Subnets: list(str), SecurityGroupIds: list(str) }),
  BadgeEnabled: bool,
  LogsConfig: object({
    CloudWatchLogs: object({ Status: str, GroupName: str, StreamName: str }),
    S3Logs: object({ Status: str, Location: str, EncryptionDisabled: bool }),
  }),
  FileSystemLocations: list(
    object({ Type: str, Location: str, MountPoint: str, Identifier: str, MountOptions: str }),
  ),
  ConcurrentBuildLimit: int,
  ResourceAccessRole: str,
  AutoRetryLimit: int,
  BuildBatchConfig: object({
    ServiceRole: str,
    CombineArtifacts: bool,
    TimeoutInMins: int,
    BatchReportMode: str,
    Restrictions: object({ MaximumBuildsAllowed: int, ComputeTypesAllowed: list(str) }),
  }),
  Triggers: json,
  Visibility: str,
};

/** What CodeBuild goes back to when the template stops setting a property. */
function defaults(ctx: ProviderContext): Record<string, [string, unknown]> {
  return {
    Description: ['description', ''],
    Cache: ['cache', { type: 'NO_CACHE' }],
    LogsConfig: ['logsConfig', { cloudWatchLogs: { status: 'ENABLED' }, s3Logs: { status: 'DISABLED' } }],
    TimeoutInMinutes: ['timeoutInMinutes', 60],
    QueuedTimeoutInMinutes: ['queuedTimeoutInMinutes', 480],
    EncryptionKey: ['encryptionKey', `arn:${ctx.partition}:kms:${ctx.region}:${ctx.accountId}:alias/aws/s3`],
    VpcConfig: ['vpcConfig', {}],
    SecondarySources: ['secondarySources', []],
    SecondaryArtifacts: ['secondaryArtifacts', []],
    BadgeEnabled: ['badgeEnabled', false],
  };
}

/** The request members for a project named `name`. */
export function projectRequest(props: Props, name: string): Record<string, unknown> {
  const { Name: _name, Tags: _tags, ...members } = props;
  const request = convertObject(PROJECT, members, '');
  delete request['triggers'];
  delete request['visibility'];
  return { name, ...request, tags: tagList(props).map((t) => ({ key: t.Key, value: t.Value })) };
}

function result(ctx: ProviderContext, name: string): ProviderResult {
  return {
    physicalId: name,
    attributes: { Arn: `arn:${ctx.partition}:codebuild:${ctx.region}:${ctx.accountId}:project/${name}` },
  };
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const client = clientFor(CodeBuildClient, ctx);
  const name = optionalString(props, 'Name') ?? generatedName(ctx, { maxLength: 255 });
  const input = projectRequest(props, name) as unknown as CreateProjectCommandInput;
  if (input.tags?.length === 0) delete input.tags;
  await call(SERVICE, () => client.send(new CreateProjectCommand(input)));
  return result(ctx, name);
}

async function update(
  name: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const client = clientFor(CodeBuildClient, ctx);
  const request = projectRequest(props, name);
  for (const [property, [member, value]] of Object.entries(defaults(ctx))) {
    const dropped = previous[property] !== undefined && props[property] === undefined;
    if (dropped) request[member] = value;
  }
  await call(SERVICE, () =>
    client.send(new UpdateProjectCommand(request as unknown as UpdateProjectCommandInput)),
  );
  return result(ctx, name);
}

async function remove(name: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const client = clientFor(CodeBuildClient, ctx);
  await callUnlessGone(SERVICE, () => client.send(new DeleteProjectCommand({ name })));
}

export const codebuildProjectProvider: ResourceProvider = {
  type: 'AWS::CodeBuild::Project',
  replaceOn: ['Name'],
  create,
  update,
  delete: remove,
};
