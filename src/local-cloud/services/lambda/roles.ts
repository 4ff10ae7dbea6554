/**
 * The execution role: it must exist and trust `lambda.amazonaws.com` (checked at create and update, as
 * Lambda does), and at invocation Lambda assumes it and hands the session's keys to the function. Sessions
 * are cached per function and role until close to expiry, so warm processes keep their credentials.
 */
import { type Identity, sessionArn } from '../../core/identity.js';
import type { SessionRecord } from '../../core/sessions.js';
import { evaluateAssumeRole, type RequestPrincipal } from '../../iam/index.js';
import type { StateStore } from '../../state/store.js';
import { findRoleByArn, type RoleRecord } from '../iam/index.js';
import { LambdaErrors } from './errors.js';

export const LAMBDA_PRINCIPAL = 'lambda.amazonaws.com';
const SESSION_SECONDS = 12 * 60 * 60;
const RENEW_BEFORE_MS = 15 * 60 * 1000;
const ROLE_ARN = /^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

export function servicePrincipal(service: string): RequestPrincipal {
  return { type: 'Service', arn: '', accountId: '', servicePrincipal: service };
}

/** The role record, after checking that Lambda may assume it. */
export function checkExecutionRole(store: StateStore, roleArn: unknown): RoleRecord {
  if (typeof roleArn !== 'string' || !ROLE_ARN.test(roleArn)) {
    throw LambdaErrors.validation(
      'role',
      roleArn,
      'Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+',
    );
  }
  const role = findRoleByArn(store, roleArn);
  if (!role || !lambdaMayAssume(role)) {
    throw LambdaErrors.invalid('The role defined for the function cannot be assumed by Lambda.');
  }
  return role;
}

function lambdaMayAssume(role: RoleRecord): boolean {
  const result = evaluateAssumeRole({
    caller: servicePrincipal(LAMBDA_PRINCIPAL),
    roleArn: role.arn,
    trustPolicy: { name: `role/${role.name} trust policy`, document: role.trustPolicy },
    callerIdentityPolicies: [],
    callerSessionPolicies: [],
    action: 'sts:AssumeRole',
    contextKeys: {},
  });
  return result.decision === 'Allow';
}

export interface RoleSessions {
  /** A live session of the role for the function (a new one when missing or about to expire). */
  sessionFor(input: { functionKey: string; functionName: string; roleArn: string; now: Date }): SessionRecord;
}

export function createRoleSessions(store: StateStore, identity: Identity): RoleSessions {
  const cache = new Map<string, SessionRecord>();
  return {
    sessionFor({ functionKey, functionName, roleArn, now }) {
      const cacheKey = `${functionKey}|${roleArn}`;
      const cached = cache.get(cacheKey);
      if (cached && new Date(cached.expiresAt).getTime() - now.getTime() > RENEW_BEFORE_MS) return cached;
      const role = checkExecutionRole(store, roleArn);
      const session = identity.issueSession({
        issuedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + SESSION_SECONDS * 1000).toISOString(),
        accountId: role.arn.split(':')[4]!,
        roleArn: role.arn,
        roleName: role.name,
        roleId: role.id,
        sessionName: functionName,
        principalTags: Object.fromEntries(role.tags.map((t) => [t.Key, t.Value])),
        sessionTags: {},
        transitiveTagKeys: [],
        policyArns: [],
        chained: false,
      });
      cache.set(cacheKey, session);
      return session;
    },
  };
}

export { sessionArn };
