/**
 * AWS::Lambda::Permission: one statement in the function's resource policy. Its Sid (and physical ID)
 * is generated as CloudFormation generates it; every property change replaces it.
 */
import { AddPermissionCommand, LambdaClient, RemovePermissionCommand } from '@aws-sdk/client-lambda';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { optionalString, type Props, requiredString } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Lambda';

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const lambda = clientFor(LambdaClient, ctx);
  const statementId = generatedName(ctx, { maxLength: 100 });
  await call(SERVICE, () =>
    lambda.send(
      new AddPermissionCommand({
        FunctionName: requiredString(props, 'FunctionName'),
        StatementId: statementId,
        Action: requiredString(props, 'Action'),
        Principal: requiredString(props, 'Principal'),
        SourceAccount: optionalString(props, 'SourceAccount'),
        SourceArn: optionalString(props, 'SourceArn'),
        EventSourceToken: optionalString(props, 'EventSourceToken'),
        PrincipalOrgID: optionalString(props, 'PrincipalOrgID'),
      }),
    ),
  );
  return { physicalId: statementId, attributes: { Id: statementId } };
}

async function remove(statementId: string, props: Props, ctx: ProviderContext): Promise<void> {
  const lambda = clientFor(LambdaClient, ctx);
  await callUnlessGone(SERVICE, () =>
    lambda.send(
      new RemovePermissionCommand({
        FunctionName: requiredString(props, 'FunctionName'),
        StatementId: statementId,
      }),
    ),
  );
}

export const lambdaPermissionProvider: ResourceProvider = {
  type: 'AWS::Lambda::Permission',
  replaceOn: [
    'Action',
    'EventSourceToken',
    'FunctionName',
    'FunctionUrlAuthType',
    'Principal',
    'PrincipalOrgID',
    'SourceAccount',
    'SourceArn',
  ],
  create,
  // Every property replaces the permission, so an update changes nothing.
  update: async (physicalId) => ({ physicalId, attributes: { Id: physicalId } }),
  delete: remove,
};
