/** AWS::Lambda::Alias; the physical ID and Ref are the alias ARN. */
import {
  CreateAliasCommand,
  DeleteAliasCommand,
  LambdaClient,
  UpdateAliasCommand,
} from '@aws-sdk/client-lambda';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { optionalString, type Props, requiredString } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Lambda';

function routingOf(props: Props) {
  const routing = props['RoutingConfig'] as
    | { AdditionalVersionWeights?: Array<{ FunctionVersion: string; FunctionWeight: number | string }> }
    | undefined;
  if (!routing?.AdditionalVersionWeights) return undefined;
  return {
    AdditionalVersionWeights: Object.fromEntries(
      routing.AdditionalVersionWeights.map((w) => [String(w.FunctionVersion), Number(w.FunctionWeight)]),
    ),
  };
}

function result(arn: string | undefined): ProviderResult {
  return { physicalId: arn ?? '', attributes: { AliasArn: arn } };
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const lambda = clientFor(LambdaClient, ctx);
  const out = await call(SERVICE, () =>
    lambda.send(
      new CreateAliasCommand({
        FunctionName: requiredString(props, 'FunctionName'),
        Name: requiredString(props, 'Name'),
        FunctionVersion: requiredString(props, 'FunctionVersion'),
        Description: optionalString(props, 'Description'),
        RoutingConfig: routingOf(props),
      }),
    ),
  );
  return result(out.AliasArn);
}

async function update(
  arn: string,
  props: Props,
  _previous: Props,
  ctx: ProviderContext,
): Promise<ProviderResult> {
  const lambda = clientFor(LambdaClient, ctx);
  const out = await call(SERVICE, () =>
    lambda.send(
      new UpdateAliasCommand({
        FunctionName: requiredString(props, 'FunctionName'),
        Name: requiredString(props, 'Name'),
        FunctionVersion: requiredString(props, 'FunctionVersion'),
        Description: optionalString(props, 'Description') ?? '',
        RoutingConfig: routingOf(props) ?? { AdditionalVersionWeights: {} },
      }),
    ),
  );
  return result(out.AliasArn ?? arn);
}

async function remove(_arn: string, props: Props, ctx: ProviderContext): Promise<void> {
  const lambda = clientFor(LambdaClient, ctx);
  await callUnlessGone(SERVICE, () =>
    lambda.send(
      new DeleteAliasCommand({
        FunctionName: requiredString(props, 'FunctionName'),
        Name: requiredString(props, 'Name'),
      }),
    ),
  );
}

export const lambdaAliasProvider: ResourceProvider = {
  type: 'AWS::Lambda::Alias',
  replaceOn: ['FunctionName', 'Name'],
  create,
  update,
  delete: remove,
};
