/** AWS::Config::ConfigRule */
import {
  ConfigServiceClient,
  DeleteConfigRuleCommand,
  DescribeComplianceByConfigRuleCommand,
  DescribeConfigRulesCommand,
  PutConfigRuleCommand,
} from '@aws-sdk/client-config-service';
import { clientFor } from './clients.js';
import { call, callUnlessGone } from './errors.js';
import { generatedName } from './names.js';
import { jsonText, optionalString, type Props } from './props.js';
import type { ProviderContext, ProviderResult, ResourceProvider } from './types.js';

const SERVICE = 'Config';

async function put(config: ConfigServiceClient, name: string, props: Props): Promise<ProviderResult> {
  await call(SERVICE, () =>
    config.send(
      new PutConfigRuleCommand({
        ConfigRule: {
          ConfigRuleName: name,
          Description: optionalString(props, 'Description'),
          Source: props['Source'] as never,
          Scope: props['Scope'] as never,
          InputParameters: jsonText(props['InputParameters']),
          MaximumExecutionFrequency: optionalString(props, 'MaximumExecutionFrequency') as never,
        },
      }),
    ),
  );
  const described = await call(SERVICE, () =>
    config.send(new DescribeConfigRulesCommand({ ConfigRuleNames: [name] })),
  );
  const rule = described.ConfigRules?.[0];
  const compliance = await callUnlessGone(SERVICE, () =>
    config.send(new DescribeComplianceByConfigRuleCommand({ ConfigRuleNames: [name] })),
  );
  return {
    physicalId: name,
    attributes: {
      Arn: rule?.ConfigRuleArn,
      ConfigRuleId: rule?.ConfigRuleId,
      'Compliance.Type': compliance?.ComplianceByConfigRules?.[0]?.Compliance?.ComplianceType,
    },
  };
}

async function create(props: Props, ctx: ProviderContext): Promise<ProviderResult> {
  const name = optionalString(props, 'ConfigRuleName') ?? generatedName(ctx, { maxLength: 128 });
  return put(clientFor(ConfigServiceClient, ctx), name, props);
}

async function remove(name: string, _props: Props, ctx: ProviderContext): Promise<void> {
  const config = clientFor(ConfigServiceClient, ctx);
  await callUnlessGone(SERVICE, () => config.send(new DeleteConfigRuleCommand({ ConfigRuleName: name })));
}

export const configRuleProvider: ResourceProvider = {
  type: 'AWS::Config::ConfigRule',
  replaceOn: ['ConfigRuleName'],
  create,
  update: (name, props, _previous, ctx) => put(clientFor(ConfigServiceClient, ctx), name, props),
  delete: remove,
};
