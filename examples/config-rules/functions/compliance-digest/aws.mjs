/**
 * The AWS calls the digest makes, over AWS SDK v3 (shipped with the Lambda
 * Node.js runtime, so nothing is vendored). Clients are made once per
 * execution environment.
 */

let config;
let sns;

export async function sdkConfigApi() {
  config ??= import('@aws-sdk/client-config-service').then(
    ({ ConfigServiceClient, DescribeComplianceByConfigRuleCommand }) => {
      const client = new ConfigServiceClient({});
      return {
        /** One page of DescribeComplianceByConfigRule. */
        describeComplianceByConfigRule: (nextToken) =>
          client.send(new DescribeComplianceByConfigRuleCommand(nextToken ? { NextToken: nextToken } : {})),
      };
    },
  );
  return config;
}

export async function sdkSnsApi() {
  sns ??= import('@aws-sdk/client-sns').then(({ SNSClient, PublishCommand }) => {
    const client = new SNSClient({});
    return {
      /** @param {{ TopicArn: string, Subject: string, Message: string }} input */
      publish: (input) => client.send(new PublishCommand(input)),
    };
  });
  return sns;
}
