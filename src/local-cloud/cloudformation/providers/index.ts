/**
 * The resource providers the local CloudFormation engine creates resources with. Each acts through the
 * local cloud's own API with the stack's acting credentials (see types.ts).
 *
 *   const providers = builtinProviders();
 *   const role = providers.get('AWS::IAM::Role');  // undefined: the type is not supported
 */
import { codebuildProjectProvider } from './codebuild-project.js';
import { codepipelinePipelineProvider } from './codepipeline-pipeline.js';
import { codestarConnectionProvider } from './codestar-connection.js';
import { codestarNotificationRuleProvider } from './codestar-notification-rule.js';
import { configRuleProvider } from './config-rule.js';
import { eventsRuleProvider } from './events-rule.js';
import { iamManagedPolicyProvider } from './iam-managed-policy.js';
import { iamPolicyProvider } from './iam-policy.js';
import { iamRoleProvider } from './iam-role.js';
import { kmsAliasProvider } from './kms-alias.js';
import { kmsKeyProvider } from './kms-key.js';
import { lambdaAliasProvider } from './lambda-alias.js';
import { lambdaFunctionProvider } from './lambda-function.js';
import { lambdaPermissionProvider } from './lambda-permission.js';
import { lambdaVersionProvider } from './lambda-version.js';
import { logsLogGroupProvider } from './logs-log-group.js';
import { s3BucketProvider } from './s3-bucket.js';
import { s3BucketPolicyProvider } from './s3-bucket-policy.js';
import { snsSubscriptionProvider } from './sns-subscription.js';
import { snsTopicProvider } from './sns-topic.js';
import { snsTopicPolicyProvider } from './sns-topic-policy.js';
import { ssmParameterProvider } from './ssm-parameter.js';
import type { ResourceProvider } from './types.js';

export { providerError } from './errors.js';
export type { ActingCredentials, ProviderContext, ProviderResult, ResourceProvider } from './types.js';
export { ProviderError } from './types.js';

const PROVIDERS: readonly ResourceProvider[] = [
  iamRoleProvider,
  iamPolicyProvider,
  iamManagedPolicyProvider,
  logsLogGroupProvider,
  lambdaFunctionProvider,
  lambdaPermissionProvider,
  lambdaVersionProvider,
  lambdaAliasProvider,
  configRuleProvider,
  eventsRuleProvider,
  snsTopicProvider,
  snsSubscriptionProvider,
  snsTopicPolicyProvider,
  s3BucketProvider,
  s3BucketPolicyProvider,
  kmsKeyProvider,
  kmsAliasProvider,
  codepipelinePipelineProvider,
  codebuildProjectProvider,
  codestarConnectionProvider,
  codestarNotificationRuleProvider,
  ssmParameterProvider,
];

/** A fresh map from resource type to provider. */
export function builtinProviders(): Map<string, ResourceProvider> {
  return new Map(PROVIDERS.map((p) => [p.type, p]));
}
