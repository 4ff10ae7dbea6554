/**
 * Names AWS Config gives: rule ARNs and IDs (`config-rule-xxxxxx`), result tokens, the service-linked
 * role rules run under. IDs and tokens are derived from the state's serial, so they are deterministic.
 */
import { createHash } from 'node:crypto';

export interface Where {
  accountId: string;
  region: string;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** `config-rule-` and six lower-case letters or digits. */
export function ruleId(where: Where, name: string, serial: number): string {
  const bytes = digest(`rule/${where.accountId}/${where.region}/${name}/${serial}`);
  let id = '';
  for (let i = 0; i < 6; i++) id += (bytes[i]! % 36).toString(36);
  return `config-rule-${id}`;
}

export function ruleArn(where: Where, id: string): string {
  return `arn:aws:config:${where.region}:${where.accountId}:config-rule/${id}`;
}

/** An opaque token for one invocation of a rule's function. */
export function resultToken(where: Where, id: string, serial: number): string {
  return digest(`token/${where.accountId}/${where.region}/${id}/${serial}`).toString('base64url');
}

/** The role AWS Config works with in an account (its service-linked role). */
export function configRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}
