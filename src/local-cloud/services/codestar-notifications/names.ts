/**
 * Notification rule ARNs: `arn:aws:codestar-notifications:<region>:<account>:notificationrule/<id>`, the ID
 * 40 hex characters derived from the account, region and a serial number (not drawn at random), so
 * replaying the journal gives the same ARNs.
 */
import { createHash } from 'node:crypto';
import type { Where } from '../codepipeline/call.js';

export function ruleId(where: Where, serial: number): string {
  return createHash('sha1').update(`${where.accountId}/${where.region}/${serial}`).digest('hex');
}

export function ruleArn(where: Where, id: string): string {
  return `arn:aws:codestar-notifications:${where.region}:${where.accountId}:notificationrule/${id}`;
}

/** The pattern the service's model gives notification rule ARNs. */
export const RULE_ARN_PATTERN = {
  regex: /^arn:aws[^:\s]*:codestar-notifications:[^:\s]+:\d{12}:notificationrule\/(.*\S)?$/,
  text: '^arn:aws[^:\\s]*:codestar-notifications:[^:\\s]+:\\d{12}:notificationrule\\/(.*\\S)?$',
};
