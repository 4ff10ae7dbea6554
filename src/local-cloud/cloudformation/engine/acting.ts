/**
 * Who CloudFormation acts as for a stack operation: the caller (its own key, secret and session token),
 * or — with RoleARN — a session of that role, assumed as the service principal
 * `cloudformation.amazonaws.com`, whose trust policy must allow it.
 */
import { credentialOf } from '../../core/authorize.js';
import type { Identity } from '../../core/identity.js';
import { AwsError, type RequestContext } from '../../http/index.js';
import { evaluateAssumeRole } from '../../iam/index.js';
import type { StateStore } from '../../state/store.js';
import { findRoleByArn } from '../../services/iam/index.js';
import type { ActingCredentials } from '../providers/types.js';

export const CLOUDFORMATION_PRINCIPAL = 'cloudformation.amazonaws.com';
const SESSION_SECONDS = 60 * 60;

/** The caller's own credentials, to act as the caller. */
export function callerCredentials(ctx: RequestContext): ActingCredentials {
  const record = credentialOf(ctx);
  if (!record || ctx.caller.type !== 'Credentials') {
    throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', {
      status: 403,
    });
  }
  const credentials: ActingCredentials = {
    accessKeyId: ctx.caller.accessKeyId,
    secretAccessKey: record.secretAccessKey,
  };
  if (record.sessionToken !== undefined) credentials.sessionToken = record.sessionToken;
  return credentials;
}

function invalidRole(roleArn: string): AwsError {
  return new AwsError('ValidationError', `Role ${roleArn} is invalid or cannot be assumed`);
}

/** A fresh session of the stack's service role; ValidationError when CloudFormation may not assume it. */
export function roleCredentials(input: {
  store: StateStore;
  identity: Identity;
  roleArn: string;
  now: Date;
}): ActingCredentials {
  const role = findRoleByArn(input.store, input.roleArn);
  if (!role) throw invalidRole(input.roleArn);
  const result = evaluateAssumeRole({
    caller: { type: 'Service', arn: '', accountId: '', servicePrincipal: CLOUDFORMATION_PRINCIPAL },
    roleArn: role.arn,
    trustPolicy: { name: `role/${role.name} trust policy`, document: role.trustPolicy },
    callerIdentityPolicies: [],
    callerSessionPolicies: [],
    action: 'sts:AssumeRole',
    contextKeys: {},
  });
  if (result.decision !== 'Allow') throw invalidRole(input.roleArn);
  const session = input.identity.issueSession({
    issuedAt: input.now.toISOString(),
    expiresAt: new Date(input.now.getTime() + SESSION_SECONDS * 1000).toISOString(),
    accountId: role.arn.split(':')[4]!,
    roleArn: role.arn,
    roleName: role.name,
    roleId: role.id,
    sessionName: 'AWSCloudFormation',
    principalTags: Object.fromEntries(role.tags.map((t) => [t.Key, t.Value])),
    sessionTags: {},
    transitiveTagKeys: [],
    policyArns: [],
    chained: false,
  });
  return {
    accessKeyId: session.accessKeyId,
    secretAccessKey: session.secretAccessKey,
    sessionToken: session.sessionToken,
  };
}
