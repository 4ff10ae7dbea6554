/**
 * AWS::SSM::Parameter; the physical ID and Ref are the parameter's name, GetAtt gives Type and Value.
 * CloudFormation makes String and StringList parameters only (SecureString fails the resource, as on
 * AWS). A template without Name gets `CFN-<logicalId>-<suffix>`, AWS's pattern for this type. Updates
 * overwrite the value (a new version) and change tags with Add/RemoveTagsFromResource.
 */
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  PutParameterCommand,
  type PutParameterCommandInput,
  RemoveTagsFromResourceCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { clientFor } from './clients.js';
import { call, providerError } from './errors.js';
import { nameSuffix } from './names.js';
import { optionalString, type Props, requiredString } from './props.js';
import { type ProviderContext, ProviderError, type ProviderResult, type ResourceProvider } from './types.js';

const SERVICE = 'Ssm';
const TYPES = ['String', 'StringList'];

/** The Type property: String or StringList (AWS's own wording for SecureString). */
function parameterType(props: Props): 'String' | 'StringList' {
  const type = requiredString(props, 'Type');
  if (type === 'SecureString') {
    throw new ProviderError(
      'SSM Parameters of type SecureString cannot be created using CloudFormation',
      'InvalidRequest',
    );
  }
  if (!TYPES.includes(type)) {
    throw new ProviderError(
      `Property Type must be one of ${TYPES.join(', ')}; ${type} is not supported.`,
      'ValidationError',
    );
  }
  return type as 'String' | 'StringList';
}

/** `Tags` is a map of strings for this type (not a list of Key/Value). */
function tagMap(props: Props): Record<string, string> {
  const value = props['Tags'];
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new ProviderError('Property Tags must be a map of strings', 'ValidationError');
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** What PutParameter takes from the properties (Name and Tags aside). */
function parameterInput(props: Props, previous: Props | undefined): Omit<PutParameterCommandInput, 'Name'> {
  // A property removed from the template is cleared, not kept from the previous version.
  const cleared = (key: string) =>
    optionalString(props, key) ?? (previous && optionalString(previous, key) !== undefined ? '' : undefined);
  return {
    Type: parameterType(props),
    Value: requiredString(props, 'Value'),
    Description: cleared('Description'),
    AllowedPattern: cleared('AllowedPattern'),
    Tier: optionalString(props, 'Tier') as PutParameterCommandInput['Tier'],
    DataType: optionalString(props, 'DataType'),
    Policies: optionalString(props, 'Policies'),
  };
}

function result(name: string, props: Props): ProviderResult {
  return { physicalId: name, attributes: { Type: props['Type'], Value: props['Value'] } };
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const input = parameterInput(props, undefined);
  const name = optionalString(props, 'Name') ?? `CFN-${ctx.logicalId}-${nameSuffix(ctx)}`;
  const tags = tagList(tagMap(props));
  const ssm = clientFor(SSMClient, ctx);
  await call(SERVICE, () =>
    ssm.send(new PutParameterCommand({ ...input, Name: name, Tags: tags.length > 0 ? tags : undefined })),
  );
  return result(name, props);
}

async function updateTags(ssm: SSMClient, name: string, props: Props, previous: Props): Promise<void> {
  const next = tagMap(props);
  const before = tagMap(previous);
  const removed = Object.keys(before).filter((key) => !(key in next));
  const added = Object.entries(next).filter(([key, value]) => before[key] !== value);
  if (removed.length > 0) {
    await call(SERVICE, () =>
      ssm.send(
        new RemoveTagsFromResourceCommand({ ResourceType: 'Parameter', ResourceId: name, TagKeys: removed }),
      ),
    );
  }
  if (added.length > 0) {
    await call(SERVICE, () =>
      ssm.send(
        new AddTagsToResourceCommand({
          ResourceType: 'Parameter',
          ResourceId: name,
          Tags: tagList(Object.fromEntries(added)),
        }),
      ),
    );
  }
}

async function update(
  name: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const input = parameterInput(props, previous);
  const ssm = clientFor(SSMClient, ctx);
  await call(SERVICE, () => ssm.send(new PutParameterCommand({ ...input, Name: name, Overwrite: true })));
  await updateTags(ssm, name, props, previous);
  return result(name, props);
}

async function remove(name: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const ssm = clientFor(SSMClient, ctx);
  try {
    await ssm.send(new DeleteParameterCommand({ Name: name }));
  } catch (err) {
    if ((err as { name?: string })?.name === 'ParameterNotFound') return;
    throw providerError(err, SERVICE);
  }
}

export const ssmParameterProvider: ResourceProvider = {
  type: 'AWS::SSM::Parameter',
  replaceOn: ['Name'],
  create,
  update,
  delete: remove,
};
