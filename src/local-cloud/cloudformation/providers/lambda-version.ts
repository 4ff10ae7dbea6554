/** AWS::Lambda::Version: a published version; its physical ID (and Ref) is the version ARN. */
import { DeleteFunctionCommand, LambdaClient, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { optionalString, type Props, requiredString } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Lambda';

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const lambda = clientFor(LambdaClient, ctx);
  const out = await call(SERVICE, () =>
    lambda.send(
      new PublishVersionCommand({
        FunctionName: requiredString(props, 'FunctionName'),
        Description: optionalString(props, 'Description'),
        CodeSha256: optionalString(props, 'CodeSha256'),
      }),
    ),
  );
  const arn = out.FunctionArn ?? '';
  return { physicalId: arn, attributes: { Version: out.Version, FunctionArn: arn } };
}

function versionOf(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

async function remove(arn: string, props: Props, ctx: ProviderContext): Promise<void> {
  const lambda = clientFor(LambdaClient, ctx);
  await callUnlessGone(SERVICE, () =>
    lambda.send(
      new DeleteFunctionCommand({
        FunctionName: requiredString(props, 'FunctionName'),
        Qualifier: versionOf(arn),
      }),
    ),
  );
}

export const lambdaVersionProvider: ResourceProvider = {
  type: 'AWS::Lambda::Version',
  replaceOn: ['FunctionName', 'Description', 'CodeSha256', 'ProvisionedConcurrencyConfig', 'RuntimePolicy'],
  create,
  update: async (arn) => ({ physicalId: arn, attributes: { Version: versionOf(arn), FunctionArn: arn } }),
  delete: remove,
};
