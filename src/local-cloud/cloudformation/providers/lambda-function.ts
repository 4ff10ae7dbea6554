/** AWS::Lambda::Function (zip packages: Code.S3Bucket/S3Key/S3ObjectVersion or Code.ZipFile). */
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  type FunctionCode,
  LambdaClient,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { strToU8, zipSync } from 'fflate';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import {
  changed,
  optionalNumber,
  optionalString,
  type Props,
  requiredString,
  stringList,
  tagList,
  tagMap,
} from './props.js';
import { type ProviderContext, ProviderError, type ProviderResult, type ResourceProvider } from './types.js';

const SERVICE = 'Lambda';

/** A fixed entry time keeps the package reproducible (zip dates start in 1980; any time zone). */
const ZIP_TIME = '1980-01-02T00:00:00Z';

/** Properties changed through UpdateFunctionConfiguration. */
const CONFIGURATION = [
  'Role',
  'Runtime',
  'Handler',
  'MemorySize',
  'Timeout',
  'Environment',
  'Description',
  'Layers',
  'DeadLetterConfig',
  'TracingConfig',
  'KmsKeyArn',
] as const;

/** CloudFormation's inline code file: index.js for Node.js runtimes, index.py for Python ones. */
function inlineFileName(runtime: string): string {
  return runtime.startsWith('python') ? 'index.py' : 'index.js';
}

function codeOf(props: Props): FunctionCode {
  const code = (props['Code'] ?? {}) as Props;
  const zipFile = optionalString(code, 'ZipFile');
  if (zipFile !== undefined) {
    const runtime = requiredString(props, 'Runtime');
    return { ZipFile: zipSync({ [inlineFileName(runtime)]: strToU8(zipFile) }, { mtime: ZIP_TIME }) };
  }
  if (code['ImageUri'] !== undefined) {
    throw new ProviderError('AWS::Lambda::Function: container images are not supported by the local cloud');
  }
  return {
    S3Bucket: requiredString(code, 'S3Bucket'),
    S3Key: requiredString(code, 'S3Key'),
    S3ObjectVersion: optionalString(code, 'S3ObjectVersion'),
  };
}

function environmentOf(props: Props): { Variables: Record<string, string> } | undefined {
  const env = props['Environment'] as { Variables?: Record<string, unknown> } | undefined;
  if (!env?.Variables) return undefined;
  return { Variables: Object.fromEntries(Object.entries(env.Variables).map(([k, v]) => [k, String(v)])) };
}

function configurationOf(props: Props) {
  return {
    Role: requiredString(props, 'Role'),
    Runtime: optionalString(props, 'Runtime') as never,
    Handler: optionalString(props, 'Handler'),
    MemorySize: optionalNumber(props, 'MemorySize'),
    Timeout: optionalNumber(props, 'Timeout'),
    Environment: environmentOf(props),
    Description: optionalString(props, 'Description'),
    Layers: props['Layers'] === undefined ? undefined : stringList(props, 'Layers'),
    KmsKeyArn: optionalString(props, 'KmsKeyArn'),
  };
}

function result(functionName: string, arn: string | undefined): ProviderResult {
  return { physicalId: functionName, attributes: { Arn: arn } };
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const lambda = clientFor(LambdaClient, ctx);
  const name = optionalString(props, 'FunctionName') ?? generatedName(ctx, { maxLength: 64 });
  const tags = tagList(props);
  const out = await call(SERVICE, () =>
    lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Code: codeOf(props),
        ...configurationOf(props),
        Architectures:
          props['Architectures'] === undefined ? undefined : (stringList(props, 'Architectures') as never),
        PackageType: 'Zip',
        Tags: tags.length > 0 ? tagMap(tags) : undefined,
      }),
    ),
  );
  return result(name, out.FunctionArn);
}

async function update(
  name: string,
  props: Props,
  previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const lambda = clientFor(LambdaClient, ctx);
  let arn: string | undefined;
  if (
    changed(props['Code'], previous['Code']) ||
    changed(props['Architectures'], previous['Architectures'])
  ) {
    const code = codeOf(props);
    const out = await call(SERVICE, () =>
      lambda.send(
        new UpdateFunctionCodeCommand({
          FunctionName: name,
          ...code,
          Architectures:
            props['Architectures'] === undefined ? undefined : (stringList(props, 'Architectures') as never),
        }),
      ),
    );
    arn = out.FunctionArn;
  }
  if (CONFIGURATION.some((key) => changed(props[key], previous[key])) || arn === undefined) {
    const out = await call(SERVICE, () =>
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: name, ...configurationOf(props) })),
    );
    arn = out.FunctionArn;
  }
  const tags = tagList(props);
  if (tags.length > 0 && changed(tags, tagList(previous)) && arn) {
    const resource = arn;
    await call(SERVICE, () =>
      lambda.send(new TagResourceCommand({ Resource: resource, Tags: tagMap(tags) })),
    );
  }
  return result(name, arn);
}

async function remove(name: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const lambda = clientFor(LambdaClient, ctx);
  await callUnlessGone(SERVICE, () => lambda.send(new DeleteFunctionCommand({ FunctionName: name })));
}

export const lambdaFunctionProvider: ResourceProvider = {
  type: 'AWS::Lambda::Function',
  replaceOn: ['FunctionName', 'PackageType'],
  create,
  update,
  delete: remove,
};
