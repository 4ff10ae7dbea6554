/**
 * Topic policies: the default one AWS gives a new topic (the owner account may manage, subscribe to and
 * publish to it), and the checks SetTopicAttributes applies to a new one (IAM's resource-policy grammar,
 * at most 30 KB).
 *
 * The default policy grants `"AWS": "*"` under `AWS:SourceOwner` = the owner account. That key is set for
 * requests AWS services make on behalf of a resource, never for a principal's own request, so for callers
 * the statement grants nothing: the owner account's principals are allowed by their IAM policies, and
 * other accounts are refused until the topic policy names them.
 */
import { validatePolicy } from '../../iam/index.js';
import { SnsErrors } from './errors.js';

export const MAX_TOPIC_POLICY_BYTES = 30 * 1024;

const DEFAULT_ACTIONS = [
  'SNS:GetTopicAttributes',
  'SNS:SetTopicAttributes',
  'SNS:AddPermission',
  'SNS:RemovePermission',
  'SNS:DeleteTopic',
  'SNS:Subscribe',
  'SNS:ListSubscriptionsByTopic',
  'SNS:Publish',
];

export function defaultTopicPolicy(topicArn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: DEFAULT_ACTIONS,
        Resource: topicArn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  });
}

export function checkTopicPolicy(text: string): void {
  if (Buffer.byteLength(text, 'utf8') > MAX_TOPIC_POLICY_BYTES) {
    throw SnsErrors.invalidParameter('Policy Error: Policy size exceeds the maximum of 30 KB');
  }
  const result = validatePolicy(text, 'resource');
  if (!result.ok) {
    const { message, detail } = result.error;
    throw SnsErrors.invalidParameter(
      `Policy Error: ${detail === undefined ? message : `${message} (${detail})`}`,
    );
  }
}
