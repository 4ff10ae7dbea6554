// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` here are IAM policy variables, not template literals.
/**
 * One case per documented rule. Each name cites the IAM User Guide page and the rule it checks:
 *   [Eval]      Policy evaluation logic / requests within a single account
 *   [Cross]     Cross-account policy evaluation logic
 *   [Operators] IAM JSON policy elements: Condition operators
 *   [Multi]     Creating a condition with multiple keys or values / single- vs multivalued keys
 *   [Vars]      IAM policy elements: Variables and tags
 *   [Principal] AWS JSON policy elements: Principal / NotPrincipal
 *   [Keys]      AWS global condition context keys
 *   [Boundary]  Permissions boundaries for IAM entities
 */
import { describe, expect, it } from 'vitest';
import {
  type Decision,
  type EvaluationInput,
  evaluate,
  type EvaluationReason,
} from '../../../src/local-cloud/iam/index.js';
import {
  ACCOUNT,
  allow,
  deny,
  iamUser,
  KEY_ARN,
  named,
  OBJECT,
  ORG_ID,
  OTHER_ACCOUNT,
  roleSession,
  rootUser,
} from './fixtures.js';

const session = roleSession({ orgId: ORG_ID, tags: { team: 'platform' } });
const foreign = roleSession({ account: OTHER_ACCOUNT, role: 'Reader', orgId: ORG_ID });
const req = (overrides: Partial<EvaluationInput['request']> = {}): EvaluationInput['request'] => ({
  principal: session,
  action: 's3:GetObject',
  resource: OBJECT,
  resourceAccount: ACCOUNT,
  ...overrides,
});
const idAllow = (action = 's3:GetObject', resource = '*') => [named('identity', allow(action, resource))];
const withCondition = (condition: Record<string, Record<string, unknown>>) => [
  {
    name: 'identity',
    document: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }],
    }),
  },
];
const bucket = (...statements: Parameters<typeof named>[1][]) => named('bucket', ...statements);

interface Case {
  rule: string;
  input: EvaluationInput;
  decision: Decision;
  reason?: EvaluationReason;
}

const cases: Case[] = [
  {
    rule: '[Eval] by default all requests are implicitly denied',
    input: { request: req() },
    decision: 'ImplicitDeny',
    reason: 'no identity-based policy allows',
  },
  {
    rule: '[Eval] the account root user has full access by default',
    input: { request: req({ principal: rootUser() }) },
    decision: 'Allow',
    reason: 'root user has full access to its own account',
  },
  {
    rule: '[Eval] an explicit allow in an identity-based policy overrides the default',
    input: { request: req(), identityPolicies: idAllow() },
    decision: 'Allow',
  },
  {
    rule: '[Eval] an explicit deny in any policy overrides any allows (identity deny vs resource allow)',
    input: {
      request: req(),
      identityPolicies: [named('identity', deny('s3:*'))],
      resourcePolicy: bucket(allow('s3:GetObject', OBJECT, { Principal: { AWS: session.arn } })),
    },
    decision: 'ExplicitDeny',
    reason: 'explicit deny in an identity-based policy',
  },
  {
    rule: '[Eval] an explicit deny in any policy overrides any allows (resource deny vs identity allow)',
    input: {
      request: req(),
      identityPolicies: idAllow(),
      resourcePolicy: bucket(deny('s3:*', '*', { Principal: '*' })),
    },
    decision: 'ExplicitDeny',
    reason: 'explicit deny in a resource-based policy',
  },
  {
    rule: '[Eval] same account: either the identity or the resource policy allowing is enough (resource only)',
    input: {
      request: req(),
      resourcePolicy: bucket(allow('s3:GetObject', OBJECT, { Principal: { AWS: session.arn } })),
    },
    decision: 'Allow',
    reason: 'allowed by a resource-based policy',
  },
  {
    rule: '[Eval] resource policy granting the role ARN is limited by an implicit deny in the boundary',
    input: {
      request: req(),
      resourcePolicy: bucket(allow('s3:GetObject', OBJECT, { Principal: { AWS: session.roleArn! } })),
      permissionsBoundary: named('boundary', allow('ec2:*')),
    },
    decision: 'ImplicitDeny',
    reason: 'no permissions boundary allows',
  },
  {
    rule: '[Eval] resource policy granting the role session ARN is not limited by the boundary',
    input: {
      request: req(),
      resourcePolicy: bucket(allow('s3:GetObject', OBJECT, { Principal: { AWS: session.arn } })),
      permissionsBoundary: named('boundary', allow('ec2:*')),
    },
    decision: 'Allow',
  },
  {
    rule: '[Eval] resource policy granting an IAM user ARN is not limited by an implicit deny in identity policy',
    input: {
      request: req({ principal: iamUser('alice') }),
      resourcePolicy: bucket(allow('s3:GetObject', OBJECT, { Principal: { AWS: iamUser('alice').arn } })),
    },
    decision: 'Allow',
  },
  {
    rule: '[Eval] KMS key policies must explicitly allow access, even in the same account',
    input: {
      request: req({ action: 'kms:Decrypt', resource: KEY_ARN, resourceAccount: undefined }),
      identityPolicies: idAllow('kms:*'),
      resourcePolicy: named(
        'key',
        allow('kms:*', '*', { Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } }),
      ),
      resourcePolicyKind: 'kms-key',
    },
    decision: 'ImplicitDeny',
    reason: 'no resource-based policy allows',
  },
  {
    rule: '[Eval] IAM role trust policies must explicitly allow access, even in the same account',
    input: {
      request: req({ action: 'sts:AssumeRole', resource: `arn:aws:iam::${ACCOUNT}:role/Target` }),
      identityPolicies: idAllow('sts:AssumeRole'),
      resourcePolicy: named('trust', {
        Effect: 'Allow',
        Principal: { Service: 'ec2.amazonaws.com' },
        Action: 'sts:AssumeRole',
      }),
      resourcePolicyKind: 'trust',
    },
    decision: 'ImplicitDeny',
    reason: 'no role trust policy allows',
  },
  {
    rule: '[Eval] identity policies and the permissions boundary: the intersection',
    input: {
      request: req(),
      identityPolicies: idAllow('s3:*'),
      permissionsBoundary: named('b', allow('s3:PutObject')),
    },
    decision: 'ImplicitDeny',
    reason: 'no permissions boundary allows',
  },
  {
    rule: '[Eval] session policies: a session policy that does not allow the action denies implicitly',
    input: {
      request: req(),
      identityPolicies: idAllow('s3:*'),
      sessionPolicies: [named('s', allow('s3:PutObject'))],
    },
    decision: 'ImplicitDeny',
    reason: 'no session policy allows',
  },
  {
    rule: '[Cross] the identity policy in the trusted account and the resource policy must both allow (identity missing)',
    input: {
      request: req({ principal: foreign }),
      resourcePolicy: bucket(allow('s3:GetObject', OBJECT, { Principal: { AWS: OTHER_ACCOUNT } })),
    },
    decision: 'ImplicitDeny',
    reason: 'no identity-based policy allows',
  },
  {
    rule: '[Cross] the identity policy in the trusted account and the resource policy must both allow (resource missing)',
    input: { request: req({ principal: foreign }), identityPolicies: idAllow() },
    decision: 'ImplicitDeny',
    reason: 'no resource-based policy allows',
  },
  {
    rule: '[Cross] both evaluations allow → allowed',
    input: {
      request: req({ principal: foreign }),
      identityPolicies: idAllow(),
      resourcePolicy: bucket(allow('s3:GetObject', OBJECT, { Principal: { AWS: foreign.roleArn! } })),
    },
    decision: 'Allow',
  },
  {
    rule: '[Principal] an account principal delegates to the account: it does not grant on its own',
    input: {
      request: req(),
      resourcePolicy: bucket(
        allow('s3:GetObject', OBJECT, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
      ),
    },
    decision: 'ImplicitDeny',
    reason: 'no identity-based policy allows',
  },
  {
    rule: '[Principal] "*" and {"AWS": "*"} are equivalent',
    input: {
      request: req(),
      resourcePolicy: bucket(allow('s3:GetObject', OBJECT, { Principal: { AWS: '*' } })),
    },
    decision: 'Allow',
  },
  {
    rule: '[Principal] a role session principal names one specific session',
    input: {
      request: req({ principal: roleSession({ session: 'other' }) }),
      resourcePolicy: bucket(allow('s3:GetObject', OBJECT, { Principal: { AWS: session.arn } })),
    },
    decision: 'ImplicitDeny',
  },
  {
    rule: '[Principal] NotPrincipal with Deny: include the account ARN, or the whole account is denied',
    input: {
      request: req(),
      identityPolicies: idAllow(),
      resourcePolicy: bucket({
        Effect: 'Deny',
        NotPrincipal: { AWS: [session.roleArn!, session.arn] },
        Action: 's3:*',
        Resource: '*',
      }),
    },
    decision: 'ExplicitDeny',
  },
  {
    rule: '[Boundary] NotPrincipal with Deny always denies a principal that has a permissions boundary',
    input: {
      request: req(),
      identityPolicies: idAllow(),
      permissionsBoundary: named('b', allow('*')),
      resourcePolicy: bucket({
        Effect: 'Deny',
        NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, session.roleArn!, session.arn] },
        Action: 's3:*',
        Resource: '*',
      }),
    },
    decision: 'ExplicitDeny',
    reason: 'explicit deny in a resource-based policy',
  },
  {
    rule: '[Operators] a key absent from the request context makes a positive condition false',
    input: {
      request: req(),
      identityPolicies: withCondition({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }),
    },
    decision: 'ImplicitDeny',
  },
  {
    rule: '[Operators] a key absent from the request context makes a negated condition (StringNotLike) true',
    input: {
      request: req(),
      identityPolicies: withCondition({ StringNotLike: { 'aws:SourceVpc': 'vpc-*' } }),
    },
    decision: 'Allow',
  },
  {
    rule: '[Operators] ...IfExists: an absent key evaluates the condition as true',
    input: {
      request: req(),
      identityPolicies: withCondition({ StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } }),
    },
    decision: 'Allow',
  },
  {
    rule: '[Operators] Null "true": the key is absent',
    input: { request: req(), identityPolicies: withCondition({ Null: { 'aws:TokenIssueTime': 'true' } }) },
    decision: 'Allow',
  },
  {
    rule: '[Operators] ArnLike checks each of the six colon-delimited parts separately',
    input: {
      request: req({
        contextKeys: {
          'aws:SourceArn': 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/d.txt',
        },
      }),
      identityPolicies: withCondition({
        ArnLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' },
      }),
    },
    decision: 'ImplicitDeny',
  },
  {
    rule: '[Operators] StringLike lets the same pattern span colons',
    input: {
      request: req({
        contextKeys: {
          'aws:SourceArn': 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/d.txt',
        },
      }),
      identityPolicies: withCondition({
        StringLike: { 'aws:SourceArn': 'arn:aws:someservice:*:111122223333:finance/*' },
      }),
    },
    decision: 'Allow',
  },
  {
    rule: '[Operators] IpAddress: a value without a prefix is a single /32 address',
    input: {
      request: req({ contextKeys: { 'aws:SourceIp': '203.0.113.2' } }),
      identityPolicies: withCondition({ IpAddress: { 'aws:SourceIp': '203.0.113.1' } }),
    },
    decision: 'ImplicitDeny',
  },
  {
    rule: '[Multi] multiple values for one key are ORed',
    input: {
      request: req({ contextKeys: { 'aws:SourceVpc': 'vpc-2' } }),
      identityPolicies: withCondition({ StringEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] } }),
    },
    decision: 'Allow',
  },
  {
    rule: '[Multi] negated operator with multiple values works like AND: must match none',
    input: {
      request: req({ contextKeys: { 'aws:SourceVpc': 'vpc-2' } }),
      identityPolicies: withCondition({ StringNotEquals: { 'aws:SourceVpc': ['vpc-1', 'vpc-2'] } }),
    },
    decision: 'ImplicitDeny',
  },
  {
    rule: '[Multi] ForAllValues returns true when the key is absent from the request',
    input: {
      request: req(),
      identityPolicies: withCondition({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } }),
    },
    decision: 'Allow',
  },
  {
    rule: '[Multi] ForAnyValue returns false when the key is absent from the request',
    input: {
      request: req(),
      identityPolicies: withCondition({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } }),
    },
    decision: 'ImplicitDeny',
  },
  {
    rule: '[Vars] a variable with no value in a Resource matches no resource',
    input: {
      request: req(),
      identityPolicies: idAllow('s3:GetObject', 'arn:aws:s3:::${aws:PrincipalTag/missing}/*'),
    },
    decision: 'ImplicitDeny',
  },
  {
    rule: '[Vars] a default value is used when the key has no value',
    input: {
      request: req({ resource: 'arn:aws:s3:::team-company-wide/doc' }),
      identityPolicies: idAllow(
        's3:GetObject',
        "arn:aws:s3:::team-${aws:PrincipalTag/department, 'company-wide'}/*",
      ),
    },
    decision: 'Allow',
  },
  {
    rule: '[Vars] condition key names used as variables are case-insensitive',
    input: {
      request: req({ resource: 'arn:aws:s3:::team-platform/doc' }),
      identityPolicies: idAllow('s3:GetObject', 'arn:aws:s3:::team-${AWS:PRINCIPALTAG/TEAM}/*'),
    },
    decision: 'Allow',
  },
  {
    rule: '[Keys] aws:PrincipalArn is the role ARN for an assumed role',
    input: {
      request: req(),
      identityPolicies: withCondition({ StringEquals: { 'aws:PrincipalArn': session.roleArn! } }),
    },
    decision: 'Allow',
  },
  {
    rule: '[Keys] aws:PrincipalType is AssumedRole for role sessions',
    input: {
      request: req(),
      identityPolicies: withCondition({ StringEquals: { 'aws:PrincipalType': 'AssumedRole' } }),
    },
    decision: 'Allow',
  },
  {
    rule: '[Keys] aws:PrincipalAccount is the caller’s account',
    input: {
      request: req(),
      identityPolicies: withCondition({ StringEquals: { 'aws:PrincipalAccount': ACCOUNT } }),
    },
    decision: 'Allow',
  },
  {
    rule: '[Keys] aws:ResourceAccount is the resource owner',
    input: {
      request: req({ resourceAccount: ACCOUNT }),
      identityPolicies: withCondition({ StringEquals: { 'aws:ResourceAccount': ACCOUNT } }),
    },
    decision: 'Allow',
  },
  {
    rule: '[Keys] a caller-supplied key overrides a derived one',
    input: {
      request: req({ contextKeys: { 'aws:PrincipalOrgID': 'o-override' } }),
      identityPolicies: withCondition({ StringEquals: { 'aws:PrincipalOrgID': 'o-override' } }),
    },
    decision: 'Allow',
  },
];

describe('IAM documentation rules', () => {
  it.each(cases.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const result = evaluate(c.input);
    expect(result.decision).toBe(c.decision);
    if (c.reason) expect(result.reason).toBe(c.reason);
  });
});
