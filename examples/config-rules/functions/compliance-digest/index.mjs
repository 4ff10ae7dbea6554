/**
 * Weekday compliance digest: reads the compliance of every AWS Config rule in
 * the account and region, and publishes a summary to the SNS topic named by
 * DIGEST_TOPIC_ARN. RULE_NAME_PREFIX, when set, limits the digest to rules
 * whose names start with it.
 *
 * Invoked by an EventBridge schedule (see function.yaml).
 */
import { sdkConfigApi, sdkSnsApi } from './aws.mjs';
import { buildDigest } from './digest.mjs';

/** Every page of DescribeComplianceByConfigRule. */
async function allRuleCompliance(configApi) {
  const rules = [];
  let nextToken;
  do {
    const page = await configApi.describeComplianceByConfigRule(nextToken);
    rules.push(...(page.ComplianceByConfigRules ?? []));
    nextToken = page.NextToken;
  } while (nextToken);
  return rules;
}

/** arn:aws:lambda:<region>:<account>:function:<name> */
function whereAmI(context) {
  const [, , , region = 'unknown-region', account = 'unknown-account'] = (
    context?.invokedFunctionArn ?? ''
  ).split(':');
  return { region, account };
}

/**
 * @param {{ configApi: () => Promise<object>, snsApi: () => Promise<object>, env: Record<string, string | undefined> }} deps
 */
export function createHandler({ configApi, snsApi, env }) {
  return async (event, context) => {
    const topicArn = env.DIGEST_TOPIC_ARN;
    if (!topicArn) {
      throw new Error('DIGEST_TOPIC_ARN is not set: add it under "environment" in function.yaml.');
    }
    const rules = await allRuleCompliance(await configApi());
    const digest = buildDigest({
      rules,
      ...whereAmI(context),
      // EventBridge puts the scheduled time in the event.
      date: typeof event?.time === 'string' ? event.time.slice(0, 10) : undefined,
      rulePrefix: env.RULE_NAME_PREFIX || undefined,
    });
    const sns = await snsApi();
    await sns.publish({ TopicArn: topicArn, Subject: digest.subject, Message: digest.message });
    return { rules: rules.length, nonCompliantRules: digest.nonCompliantRules };
  };
}

export const handler = createHandler({ configApi: sdkConfigApi, snsApi: sdkSnsApi, env: process.env });
