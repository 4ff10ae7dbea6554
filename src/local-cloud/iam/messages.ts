/**
 * AccessDenied messages in the shape AWS uses ("Troubleshoot access denied error messages"):
 *
 *   User: <principal> is not authorized to perform: <action> on resource: <resource> because no
 *   identity-based policy allows the <action> action
 *   User: <principal> is not authorized to perform: <action> on resource: <resource> with an explicit
 *   deny in a resource-based policy
 *
 * AWS leaves out "on resource: ..." when the action has no resource (`*`). The service chooses the
 * error code (`AccessDenied` for S3 and STS, `AccessDeniedException` for JSON protocol services).
 */
import type { DecidingPolicyType, EvaluationResult } from './types.js';

type DenyingPolicyType = Exclude<DecidingPolicyType, 'root user'>;

const EXPLICIT_PHRASE: Record<DenyingPolicyType, string> = {
  'identity-based': 'with an explicit deny in an identity-based policy',
  'resource-based': 'with an explicit deny in a resource-based policy',
  'role trust': 'with an explicit deny in the role trust policy',
  'permissions boundary': 'with an explicit deny in a permissions boundary',
  session: 'with an explicit deny in a session policy',
};

const IMPLICIT_NOUN: Record<DenyingPolicyType, string> = {
  'identity-based': 'identity-based policy',
  'resource-based': 'resource-based policy',
  'role trust': 'role trust policy',
  'permissions boundary': 'permissions boundary',
  session: 'session policy',
};

export interface AccessDeniedMessageInput {
  /** The caller's ARN (the session ARN for an assumed role). */
  principalArn: string;
  action: string;
  resource: string;
  decision: Exclude<EvaluationResult['decision'], 'Allow'>;
  /** Which policy type denied; without it the message carries no reason. */
  policyType?: DecidingPolicyType;
}

export function accessDeniedMessage(input: AccessDeniedMessageInput): string {
  const { principalArn, action, resource, decision, policyType } = input;
  let message = `User: ${principalArn || 'anonymous'} is not authorized to perform: ${action}`;
  if (resource !== '*' && resource !== '') message += ` on resource: ${resource}`;
  if (policyType === undefined || policyType === 'root user') return message;
  return decision === 'ExplicitDeny'
    ? `${message} ${EXPLICIT_PHRASE[policyType]}`
    : `${message} because no ${IMPLICIT_NOUN[policyType]} allows the ${action} action`;
}
