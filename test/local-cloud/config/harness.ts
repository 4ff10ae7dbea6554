/**
 * A whole local cloud for the AWS Config tests: the Lambda test cloud plus Config clients, a rule
 * function that reports evaluations with its role's credentials, and waiting for evaluations to land.
 */
import {
  ConfigServiceClient,
  type EvaluationResult,
  GetComplianceDetailsByConfigRuleCommand,
} from '@aws-sdk/client-config-service';
import { type Credentials, sdkConfig } from '../core/fixture.js';
import { type LambdaCloud, LOGS_POLICY, startLambdaCloud } from '../lambda/api/harness.js';

export { MANAGEMENT, TOOLS } from '../lambda/api/harness.js';

export interface ConfigCloud extends LambdaCloud {
  config(creds: Credentials): ConfigServiceClient;
  /** Waits (bounded) until the rule has `count` evaluation results; returns them. */
  results(creds: Credentials, rule: string, count: number): Promise<EvaluationResult[]>;
}

/**
 * A rule function: S3 buckets are COMPLIANT with default SSE-KMS encryption; other resources when their
 * configuration says `ok: true`; a scheduled run reports the account with the `verdict` rule parameter.
 * The annotation tells what the event carried.
 */
export const RULE_FUNCTION = `
const { ConfigServiceClient, PutEvaluationsCommand } = require('@aws-sdk/client-config-service');
const client = new ConfigServiceClient({});
exports.handler = async (event) => {
  const invoking = JSON.parse(event.invokingEvent);
  const params = JSON.parse(event.ruleParameters);
  const note = [invoking.messageType, invoking.recordVersion, event.configRuleName, event.eventLeftScope].join(' ');
  let evaluation;
  if (invoking.messageType === 'ScheduledNotification') {
    evaluation = {
      ComplianceResourceType: 'AWS::::Account',
      ComplianceResourceId: invoking.awsAccountId,
      ComplianceType: params.verdict,
      Annotation: note,
      OrderingTimestamp: new Date(invoking.notificationCreationTime),
    };
  } else {
    const item = invoking.configurationItem;
    let ok = item.configuration && item.configuration.ok === true;
    let detail = '';
    if (item.resourceType === 'AWS::S3::Bucket') {
      const rule = item.supplementaryConfiguration.ServerSideEncryptionConfiguration.rules[0];
      detail = rule.applyServerSideEncryptionByDefault.sseAlgorithm;
      ok = detail === 'aws:kms';
    }
    evaluation = {
      ComplianceResourceType: item.resourceType,
      ComplianceResourceId: item.resourceId,
      ComplianceType: ok ? 'COMPLIANT' : 'NON_COMPLIANT',
      Annotation: (note + ' ' + detail).trim(),
      OrderingTimestamp: new Date(item.configurationItemCaptureTime),
    };
  }
  await client.send(new PutEvaluationsCommand({ ResultToken: event.resultToken, Evaluations: [evaluation] }));
};
`;

export const RULE_ROLE_POLICY = {
  Version: '2012-10-17',
  Statement: [...LOGS_POLICY.Statement, { Effect: 'Allow', Action: 'config:PutEvaluations', Resource: '*' }],
};

export async function startConfigCloud(): Promise<ConfigCloud> {
  const base = await startLambdaCloud();
  const config = (creds: Credentials) => new ConfigServiceClient(sdkConfig(base.cloud, base.clock, creds));
  return {
    ...base,
    config,
    async results(creds, rule, count) {
      let found: EvaluationResult[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        await base.cloud.internal.config.idle();
        await base.cloud.internal.lambda.idle();
        const out = await config(creds).send(
          new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: rule, Limit: 100 }),
        );
        found = out.EvaluationResults ?? [];
        if (found.length >= count) return found;
      }
      return found;
    },
  };
}
