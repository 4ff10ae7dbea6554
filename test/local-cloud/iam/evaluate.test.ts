// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${...}` here are IAM policy variables, not template literals.
import { describe, expect, it } from 'vitest';
import {
  type EvaluationInput,
  evaluate,
  evaluateAssumeRole,
  type PolicyInput,
  type RequestContext,
  type RequestPrincipal,
  resolveResourceAccount,
} from '../../../src/local-cloud/iam/index.js';
import {
  ACCOUNT,
  allow,
  anonymous,
  BUCKET,
  deny,
  iamUser,
  KEY_ARN,
  named,
  OBJECT,
  ORG_ID,
  OTHER_ACCOUNT,
  roleSession,
  rootUser,
  servicePrincipal,
} from './fixtures.js';

const caller = roleSession();
const request = (overrides: Partial<RequestContext> = {}): RequestContext => ({
  principal: caller,
  action: 's3:GetObject',
  resource: OBJECT,
  resourceAccount: ACCOUNT,
  ...overrides,
});
const decide = (input: Partial<EvaluationInput> & { request?: RequestContext }) =>
  evaluate({ request: request(), ...input });

const bucketPolicy = (...statements: Parameters<typeof named>[1][]): PolicyInput =>
  named('bucket-policy', ...statements);

describe('identity-based policies in one account', () => {
  it('an identity allow allows, naming the statement', () => {
    const result = decide({
      identityPolicies: [named('role/Deploy inline', allow('s3:GetObject', OBJECT, { Sid: 'Read' }))],
    });
    expect(result).toEqual({
      decision: 'Allow',
      reason: 'allowed by an identity-based policy',
      policyType: 'identity-based',
      matched: { policy: 'role/Deploy inline', sid: 'Read', statementIndex: 0 },
    });
  });

  it('nothing allows → implicit deny', () => {
    expect(decide({})).toEqual({
      decision: 'ImplicitDeny',
      reason: 'no identity-based policy allows',
      policyType: 'identity-based',
    });
  });

  it('an explicit deny overrides an allow, in the same or another policy', () => {
    const result = decide({
      identityPolicies: [
        named('a', allow('s3:*')),
        named('b', deny('s3:GetObject', 'arn:aws:s3:::artifacts/*', { Sid: 'NoRead' })),
      ],
    });
    expect(result.decision).toBe('ExplicitDeny');
    expect(result.reason).toBe('explicit deny in an identity-based policy');
    expect(result.matched).toEqual({ policy: 'b', sid: 'NoRead', statementIndex: 0 });
  });

  it('actions compare case-insensitively, resources case-sensitively', () => {
    expect(decide({ identityPolicies: [named('p', allow('S3:getobject', OBJECT))] }).decision).toBe('Allow');
    expect(
      decide({ identityPolicies: [named('p', allow('s3:GetObject', 'arn:aws:s3:::Artifacts/fn/abc.zip'))] })
        .decision,
    ).toBe('ImplicitDeny');
  });

  it('NotAction allows everything except what it lists', () => {
    const policies = [named('p', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })];
    expect(decide({ identityPolicies: policies }).decision).toBe('Allow');
    expect(
      decide({ identityPolicies: policies, request: request({ action: 'iam:CreateRole', resource: '*' }) })
        .decision,
    ).toBe('ImplicitDeny');
  });

  it('NotResource with Deny denies every resource except those listed', () => {
    const policies = [
      named('allow', allow('s3:*', '*')),
      named('deny', {
        Effect: 'Deny',
        Action: 's3:*',
        NotResource: ['arn:aws:s3:::hr/payroll', 'arn:aws:s3:::hr/payroll/*'],
      }),
    ];
    expect(
      decide({
        identityPolicies: policies,
        request: request({ resource: 'arn:aws:s3:::hr/payroll/jan.csv' }),
      }).decision,
    ).toBe('Allow');
    expect(decide({ identityPolicies: policies }).decision).toBe('ExplicitDeny');
  });

  it('Resource with a policy variable: matches the principal’s own resources, nothing when the key is missing', () => {
    const policies = [named('team', allow('s3:GetObject', 'arn:aws:s3:::team-${aws:PrincipalTag/team}/*'))];
    const req = (principal: RequestPrincipal, resource: string) => request({ principal, resource });
    const payments = roleSession({ tags: { team: 'payments' } });
    expect(
      decide({ identityPolicies: policies, request: req(payments, 'arn:aws:s3:::team-payments/x') }).decision,
    ).toBe('Allow');
    expect(
      decide({ identityPolicies: policies, request: req(payments, 'arn:aws:s3:::team-search/x') }).decision,
    ).toBe('ImplicitDeny');
    expect(
      decide({ identityPolicies: policies, request: req(roleSession(), 'arn:aws:s3:::team-/x') }).decision,
    ).toBe('ImplicitDeny');
  });

  it('a Deny with a variable that has no value does not apply (Resource matches nothing)', () => {
    const policies = [
      named('allow', allow('s3:*')),
      named('deny', deny('s3:*', 'arn:aws:s3:::${aws:PrincipalTag/blocked}*')),
    ];
    expect(decide({ identityPolicies: policies }).decision).toBe('Allow');
  });

  it('${aws:username} in a user home directory (docs example)', () => {
    const alice = iamUser('alice');
    const policies = [
      named(
        'home',
        allow('s3:*', ['arn:aws:s3:::docs/home/${aws:username}', 'arn:aws:s3:::docs/home/${aws:username}/*']),
      ),
    ];
    expect(
      decide({
        identityPolicies: policies,
        request: request({ principal: alice, resource: 'arn:aws:s3:::docs/home/alice/a.txt' }),
      }).decision,
    ).toBe('Allow');
    expect(
      decide({
        identityPolicies: policies,
        request: request({ principal: alice, resource: 'arn:aws:s3:::docs/home/bob/a.txt' }),
      }).decision,
    ).toBe('ImplicitDeny');
  });
});

describe('permissions boundaries and session policies', () => {
  const broad = [named('identity', allow('s3:*'))];
  const boundary = named('boundary', allow(['s3:GetObject', 's3:ListBucket']));

  it('permissions are the intersection of identity policies and the boundary', () => {
    expect(decide({ identityPolicies: broad, permissionsBoundary: boundary }).decision).toBe('Allow');
    const put = decide({
      identityPolicies: broad,
      permissionsBoundary: boundary,
      request: request({ action: 's3:PutObject' }),
    });
    expect(put).toEqual({
      decision: 'ImplicitDeny',
      reason: 'no permissions boundary allows',
      policyType: 'permissions boundary',
    });
  });

  it('a boundary alone grants nothing', () => {
    expect(decide({ permissionsBoundary: boundary }).reason).toBe('no identity-based policy allows');
  });

  it('an explicit deny in the boundary', () => {
    const result = decide({
      identityPolicies: broad,
      permissionsBoundary: named('boundary', allow('*'), deny('s3:GetObject')),
    });
    expect(result.reason).toBe('explicit deny in a permissions boundary');
  });

  it('session policies intersect too', () => {
    const sessionPolicies = [named('session', allow('s3:GetObject'))];
    expect(decide({ identityPolicies: broad, sessionPolicies }).decision).toBe('Allow');
    const put = decide({
      identityPolicies: broad,
      sessionPolicies,
      request: request({ action: 's3:PutObject' }),
    });
    expect(put.reason).toBe('no session policy allows');
    const denied = decide({
      identityPolicies: broad,
      sessionPolicies: [named('session', allow('*'), deny('s3:*'))],
    });
    expect(denied.reason).toBe('explicit deny in a session policy');
  });

  it('the root user is not limited by a boundary', () => {
    expect(
      decide({ request: request({ principal: rootUser() }), permissionsBoundary: named('b', allow('iam:*')) })
        .decision,
    ).toBe('Allow');
  });
});

describe('resource-based policies in one account', () => {
  const session = caller.arn;
  const role = caller.roleArn!;

  it('a bucket policy granting the session ARN allows without any identity policy', () => {
    const result = decide({
      resourcePolicy: bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: session } })),
    });
    expect(result.decision).toBe('Allow');
    expect(result.reason).toBe('allowed by a resource-based policy');
    expect(result.matched?.policy).toBe('bucket-policy');
  });

  it('a grant to the session ARN is not limited by the boundary', () => {
    const result = decide({
      resourcePolicy: bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: session } })),
      permissionsBoundary: named('boundary', allow('sts:GetCallerIdentity')),
    });
    expect(result.decision).toBe('Allow');
  });

  it('a grant to the role ARN allows without identity policy but is limited by the boundary', () => {
    const resourcePolicy = bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: role } }));
    expect(decide({ resourcePolicy }).decision).toBe('Allow');
    const bounded = decide({
      resourcePolicy,
      permissionsBoundary: named('boundary', allow('sts:GetCallerIdentity')),
    });
    expect(bounded.reason).toBe('no permissions boundary allows');
    const inBoundary = decide({ resourcePolicy, permissionsBoundary: named('boundary', allow('s3:Get*')) });
    expect(inBoundary.reason).toBe('allowed by a resource-based policy');
  });

  it('a grant to the role ARN is limited by session policies', () => {
    const resourcePolicy = bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: role } }));
    expect(decide({ resourcePolicy, sessionPolicies: [named('session', allow('sqs:*'))] }).reason).toBe(
      'no session policy allows',
    );
  });

  it('a grant to the account delegates: the identity policy must allow', () => {
    const resourcePolicy = bucketPolicy(
      allow('s3:GetObject', OBJECT, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
    );
    expect(decide({ resourcePolicy }).reason).toBe('no identity-based policy allows');
    expect(decide({ resourcePolicy, identityPolicies: [named('id', allow('s3:GetObject'))] }).reason).toBe(
      'allowed by an identity-based policy',
    );
    const shortForm = bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: ACCOUNT } }));
    expect(decide({ resourcePolicy: shortForm }).reason).toBe('no identity-based policy allows');
  });

  it('Principal "*" with aws:PrincipalOrgID allows members of the organization', () => {
    const resourcePolicy = bucketPolicy(
      allow('s3:GetObject', `${BUCKET}/*`, {
        Principal: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
      }),
    );
    expect(
      decide({ resourcePolicy, request: request({ principal: roleSession({ orgId: ORG_ID }) }) }).decision,
    ).toBe('Allow');
    expect(
      decide({ resourcePolicy, request: request({ principal: roleSession({ orgId: 'o-other' }) }) }).decision,
    ).toBe('ImplicitDeny');
  });

  it('a bucket policy denying insecure transport denies even with an identity allow', () => {
    const resourcePolicy = bucketPolicy(
      deny('s3:*', [BUCKET, `${BUCKET}/*`], {
        Sid: 'DenyInsecureTransport',
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const identityPolicies = [named('id', allow('s3:*'))];
    const insecure = decide({
      identityPolicies,
      resourcePolicy,
      request: request({ contextKeys: { 'aws:SecureTransport': false } }),
    });
    expect(insecure.decision).toBe('ExplicitDeny');
    expect(insecure.reason).toBe('explicit deny in a resource-based policy');
    expect(insecure.matched?.sid).toBe('DenyInsecureTransport');
    const secure = decide({
      identityPolicies,
      resourcePolicy,
      request: request({ contextKeys: { 'aws:SecureTransport': true } }),
    });
    expect(secure.decision).toBe('Allow');
  });

  it('a bucket policy requiring SSE-KMS on upload (s3:x-amz-server-side-encryption)', () => {
    const resourcePolicy = bucketPolicy(
      deny('s3:PutObject', `${BUCKET}/*`, {
        Principal: '*',
        Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
      }),
    );
    const identityPolicies = [named('id', allow('s3:PutObject'))];
    const put = (sse?: string) =>
      decide({
        identityPolicies,
        resourcePolicy,
        request: request({ action: 's3:PutObject', contextKeys: { 's3:x-amz-server-side-encryption': sse } }),
      }).decision;
    expect(put()).toBe('ExplicitDeny');
    expect(put('AES256')).toBe('ExplicitDeny');
    expect(put('aws:kms')).toBe('Allow');
  });

  it('an explicit deny in the identity policy beats a resource-policy allow to the session', () => {
    const result = decide({
      resourcePolicy: bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: session } })),
      identityPolicies: [named('id', deny('s3:*'))],
    });
    expect(result.reason).toBe('explicit deny in an identity-based policy');
  });

  it('reports the strongest grant among several allowing statements', () => {
    const result = decide({
      resourcePolicy: bucketPolicy(
        allow('s3:GetObject', OBJECT, { Sid: 'Account', Principal: { AWS: ACCOUNT } }),
        allow('s3:GetObject', OBJECT, { Sid: 'Session', Principal: { AWS: session } }),
      ),
    });
    expect(result.decision).toBe('Allow');
    expect(result.matched?.sid).toBe('Session');
  });

  it('the root user: full access in its own account, but explicit denies still apply', () => {
    const root = rootUser();
    expect(decide({ request: request({ principal: root }) })).toEqual({
      decision: 'Allow',
      reason: 'root user has full access to its own account',
      policyType: 'root user',
    });
    const denied = decide({
      request: request({ principal: root }),
      resourcePolicy: bucketPolicy(deny('s3:*', '*', { Principal: '*' })),
    });
    expect(denied.decision).toBe('ExplicitDeny');
  });
});

describe('KMS key policies', () => {
  const kmsRequest = (principal: RequestPrincipal = caller, contextKeys = {}) =>
    request({ principal, action: 'kms:Decrypt', resource: KEY_ARN, resourceAccount: undefined, contextKeys });
  const keyPolicy = (...statements: Parameters<typeof named>[1][]) => named('key-policy', ...statements);
  const rootDelegation = keyPolicy(
    allow('kms:*', '*', { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
  );

  it('delegation to the account root: the identity policy must allow', () => {
    expect(
      decide({ request: kmsRequest(), resourcePolicy: rootDelegation, resourcePolicyKind: 'kms-key' }).reason,
    ).toBe('no identity-based policy allows');
    const allowed = decide({
      request: kmsRequest(),
      resourcePolicy: rootDelegation,
      resourcePolicyKind: 'kms-key',
      identityPolicies: [named('id', allow('kms:Decrypt', KEY_ARN))],
    });
    expect(allowed.reason).toBe('allowed by an identity-based policy');
  });

  it('without the key policy allowing, an identity allow is not enough', () => {
    const other = keyPolicy(
      allow('kms:*', '*', { Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` } }),
    );
    const identityPolicies = [named('id', allow('kms:*'))];
    expect(
      decide({
        request: kmsRequest(),
        resourcePolicy: other,
        resourcePolicyKind: 'kms-key',
        identityPolicies,
      }).reason,
    ).toBe('no resource-based policy allows');
    expect(decide({ request: kmsRequest(), resourcePolicyKind: 'kms-key', identityPolicies }).reason).toBe(
      'no resource-based policy allows',
    );
  });

  it('even the root user needs the key policy to allow the account', () => {
    const other = keyPolicy(allow('kms:*', '*', { Principal: { AWS: caller.roleArn! } }));
    expect(
      decide({ request: kmsRequest(rootUser()), resourcePolicy: other, resourcePolicyKind: 'kms-key' })
        .decision,
    ).toBe('ImplicitDeny');
    expect(
      decide({
        request: kmsRequest(rootUser()),
        resourcePolicy: rootDelegation,
        resourcePolicyKind: 'kms-key',
      }).decision,
    ).toBe('Allow');
  });

  it('a key policy naming the role allows without an identity policy', () => {
    const direct = keyPolicy(allow('kms:Decrypt', '*', { Principal: { AWS: caller.roleArn! } }));
    expect(
      decide({ request: kmsRequest(), resourcePolicy: direct, resourcePolicyKind: 'kms-key' }).reason,
    ).toBe('allowed by a resource-based policy');
  });

  it('cross-account use through S3 only (kms:ViaService + aws:PrincipalOrgID)', () => {
    const targetRole = roleSession({ account: OTHER_ACCOUNT, role: 'fleetpipe-cfn-exec', orgId: ORG_ID });
    const viaS3 = keyPolicy(
      allow(['kms:Decrypt', 'kms:DescribeKey'], '*', {
        Sid: 'OrgReadViaS3',
        Principal: { AWS: '*' },
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': ORG_ID, 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/fleetpipe-*' },
        },
      }),
    );
    const identityPolicies = [named('id', allow('kms:Decrypt', KEY_ARN))];
    const through = decide({
      request: kmsRequest(targetRole, { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }),
      resourcePolicy: viaS3,
      resourcePolicyKind: 'kms-key',
      identityPolicies,
    });
    expect(through.decision).toBe('Allow');
    expect(through.matched?.sid).toBe('OrgReadViaS3');
    const direct = decide({
      request: kmsRequest(targetRole),
      resourcePolicy: viaS3,
      resourcePolicyKind: 'kms-key',
      identityPolicies,
    });
    expect(direct.reason).toBe('no resource-based policy allows');
  });
});

describe('cross-account requests need both sides', () => {
  const foreign = roleSession({ account: OTHER_ACCOUNT, role: 'Reader' });
  const foreignRequest = (principal: RequestPrincipal = foreign) => request({ principal });
  const grantRole = bucketPolicy(
    allow('s3:GetObject', `${BUCKET}/*`, { Principal: { AWS: foreign.roleArn! } }),
  );
  const identityPolicies = [named('id', allow('s3:GetObject', `${BUCKET}/*`))];

  it('resource policy and identity policy both allow → Allow', () => {
    const result = decide({ request: foreignRequest(), resourcePolicy: grantRole, identityPolicies });
    expect(result.decision).toBe('Allow');
    expect(result.reason).toBe('allowed by a resource-based policy');
  });

  it('only the resource policy allows → implicit deny by the identity side', () => {
    expect(decide({ request: foreignRequest(), resourcePolicy: grantRole }).reason).toBe(
      'no identity-based policy allows',
    );
  });

  it('a grant to the exact session ARN still needs the identity side across accounts', () => {
    const resourcePolicy = bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: foreign.arn } }));
    expect(decide({ request: foreignRequest(), resourcePolicy }).reason).toBe(
      'no identity-based policy allows',
    );
    expect(decide({ request: foreignRequest(), resourcePolicy, identityPolicies }).decision).toBe('Allow');
  });

  it('only the identity policy allows → implicit deny by the resource side', () => {
    expect(decide({ request: foreignRequest(), identityPolicies })).toEqual({
      decision: 'ImplicitDeny',
      reason: 'no resource-based policy allows',
      policyType: 'resource-based',
    });
  });

  it('a grant to the other account delegates to its identity policies', () => {
    const resourcePolicy = bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: OTHER_ACCOUNT } }));
    expect(decide({ request: foreignRequest(), resourcePolicy, identityPolicies }).decision).toBe('Allow');
    expect(decide({ request: foreignRequest(), resourcePolicy }).decision).toBe('ImplicitDeny');
  });

  it('the caller’s boundary applies to cross-account access', () => {
    const result = decide({
      request: foreignRequest(),
      resourcePolicy: grantRole,
      identityPolicies,
      permissionsBoundary: named('b', allow('sqs:*')),
    });
    expect(result.reason).toBe('no permissions boundary allows');
  });

  it('a root user of another account needs the resource policy', () => {
    const root = rootUser(OTHER_ACCOUNT);
    expect(decide({ request: foreignRequest(root) }).reason).toBe('no resource-based policy allows');
    const resourcePolicy = bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: OTHER_ACCOUNT } }));
    expect(decide({ request: foreignRequest(root), resourcePolicy }).decision).toBe('Allow');
  });

  it('an account principal does not match principals of another account', () => {
    const resourcePolicy = bucketPolicy(
      allow('s3:GetObject', OBJECT, { Principal: { AWS: '999999999999' } }),
    );
    expect(decide({ request: foreignRequest(), resourcePolicy, identityPolicies }).reason).toBe(
      'no resource-based policy allows',
    );
  });

  it('the resource account comes from the request, else the ARN, else the caller', () => {
    expect(resolveResourceAccount(request({ resourceAccount: OTHER_ACCOUNT }))).toBe(OTHER_ACCOUNT);
    expect(resolveResourceAccount(request({ resource: KEY_ARN, resourceAccount: undefined }))).toBe(ACCOUNT);
    expect(
      resolveResourceAccount(request({ principal: foreign, resource: OBJECT, resourceAccount: undefined })),
    ).toBe(OTHER_ACCOUNT);
  });
});

describe('role trust policies (sts:AssumeRole)', () => {
  const targetRole = `arn:aws:iam::${ACCOUNT}:role/fleetpipe-deploy`;
  const trust = (...statements: Parameters<typeof named>[1][]) => named('trust', ...statements);
  const assume = (
    principal: RequestPrincipal,
    trustPolicy: PolicyInput,
    more: Partial<Parameters<typeof evaluateAssumeRole>[0]> = {},
  ) => evaluateAssumeRole({ caller: principal, roleArn: targetRole, trustPolicy, ...more });
  const callerPolicy = [named('caller', allow('sts:AssumeRole', 'arn:aws:iam::*:role/fleetpipe-*'))];
  const pipeline = roleSession({
    account: OTHER_ACCOUNT,
    role: 'pipeline',
    orgId: ORG_ID,
    tags: { fleetpipe: 'pipeline' },
  });

  it('same account, trust names the account: the caller needs an identity allow', () => {
    const accountTrust = trust({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'sts:AssumeRole',
    });
    expect(assume(caller, accountTrust).reason).toBe('no identity-based policy allows');
    expect(assume(caller, accountTrust, { callerIdentityPolicies: callerPolicy }).decision).toBe('Allow');
  });

  it('same account, trust names the caller’s role: no identity allow needed', () => {
    const roleTrust = trust({
      Effect: 'Allow',
      Principal: { AWS: caller.roleArn! },
      Action: 'sts:AssumeRole',
    });
    expect(assume(caller, roleTrust).reason).toBe('allowed by the role trust policy');
  });

  it('same account, an identity allow alone is not enough', () => {
    const serviceTrust = trust({
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    expect(assume(caller, serviceTrust, { callerIdentityPolicies: callerPolicy })).toEqual({
      decision: 'ImplicitDeny',
      reason: 'no role trust policy allows',
      policyType: 'role trust',
    });
  });

  it('cross-account: trust delegates to the account, the caller’s identity policy must allow this role', () => {
    const accountTrust = trust({
      Effect: 'Allow',
      Principal: { AWS: OTHER_ACCOUNT },
      Action: 'sts:AssumeRole',
    });
    expect(assume(pipeline, accountTrust, { callerIdentityPolicies: callerPolicy }).decision).toBe('Allow');
    const otherRoleOnly = [named('caller', allow('sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/other`))];
    expect(assume(pipeline, accountTrust, { callerIdentityPolicies: otherRoleOnly }).reason).toBe(
      'no identity-based policy allows',
    );
  });

  it('sts:ExternalId must match', () => {
    const externalTrust = trust({
      Effect: 'Allow',
      Principal: { AWS: OTHER_ACCOUNT },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'fleetpipe-7f3a' } },
    });
    const withId = (id?: string) =>
      assume(pipeline, externalTrust, {
        callerIdentityPolicies: callerPolicy,
        contextKeys: { 'sts:ExternalId': id },
      });
    expect(withId('fleetpipe-7f3a').decision).toBe('Allow');
    expect(withId('guess').reason).toBe('no role trust policy allows');
    expect(withId(undefined).reason).toBe('no role trust policy allows');
  });

  it('fleetpipe’s org-wide trust: Principal "*", aws:PrincipalOrgID and an ArnLike on aws:PrincipalArn', () => {
    const orgTrust = trust({
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:PrincipalOrgID': ORG_ID },
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/pipeline' },
      },
    });
    expect(assume(pipeline, orgTrust, { callerIdentityPolicies: callerPolicy }).decision).toBe('Allow');
    const intruder = roleSession({ account: OTHER_ACCOUNT, role: 'pipeline', orgId: 'o-zzzzzzzzzz' });
    expect(assume(intruder, orgTrust, { callerIdentityPolicies: callerPolicy }).reason).toBe(
      'no role trust policy allows',
    );
    const otherRole = roleSession({ account: OTHER_ACCOUNT, role: 'builder', orgId: ORG_ID });
    expect(assume(otherRole, orgTrust, { callerIdentityPolicies: callerPolicy }).reason).toBe(
      'no role trust policy allows',
    );
  });

  it('aws:PrincipalTag conditions in a trust policy', () => {
    const tagTrust = trust({
      Effect: 'Allow',
      Principal: { AWS: OTHER_ACCOUNT },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:PrincipalTag/fleetpipe': 'pipeline' } },
    });
    expect(assume(pipeline, tagTrust, { callerIdentityPolicies: callerPolicy }).decision).toBe('Allow');
    const untagged = roleSession({ account: OTHER_ACCOUNT, role: 'pipeline' });
    expect(assume(untagged, tagTrust, { callerIdentityPolicies: callerPolicy }).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('service principals', () => {
    const serviceTrust = trust({
      Effect: 'Allow',
      Principal: { Service: ['lambda.amazonaws.com'] },
      Action: 'sts:AssumeRole',
    });
    expect(assume(servicePrincipal('lambda.amazonaws.com'), serviceTrust).decision).toBe('Allow');
    expect(assume(servicePrincipal('cloudformation.amazonaws.com'), serviceTrust).reason).toBe(
      'no role trust policy allows',
    );
  });

  it('an explicit deny in the trust policy', () => {
    const denyTrust = trust(
      { Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, Action: 'sts:AssumeRole' },
      { Effect: 'Deny', Principal: { AWS: pipeline.roleArn! }, Action: 'sts:AssumeRole' },
    );
    expect(assume(pipeline, denyTrust, { callerIdentityPolicies: callerPolicy }).reason).toBe(
      'explicit deny in the role trust policy',
    );
  });

  it('the root user of the role’s account needs the trust policy too', () => {
    const serviceTrust = trust({
      Effect: 'Allow',
      Principal: { Service: 'lambda.amazonaws.com' },
      Action: 'sts:AssumeRole',
    });
    expect(assume(rootUser(), serviceTrust).reason).toBe('no role trust policy allows');
  });

  it('a malformed trust policy throws a PolicyError', () => {
    expect(() =>
      assume(caller, {
        name: 'trust',
        document: '{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}',
      }),
    ).toThrow('Missing required field Principal.');
  });
});

describe('principals in resource-based policies', () => {
  it('a role ARN matches sessions of that role, path included', () => {
    const withPath = roleSession({ path: '/fleetpipe/' });
    const policyFor = (arn: string) =>
      bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: arn } }));
    expect(
      decide({ request: request({ principal: withPath }), resourcePolicy: policyFor(withPath.roleArn!) })
        .decision,
    ).toBe('Allow');
    expect(
      decide({
        request: request({ principal: withPath }),
        resourcePolicy: policyFor(`arn:aws:iam::${ACCOUNT}:role/Deploy`),
      }).decision,
    ).toBe('ImplicitDeny');
  });

  it('a session ARN matches only that session', () => {
    const resourcePolicy = bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: caller.arn } }));
    expect(
      decide({ request: request({ principal: roleSession({ session: 's2' }) }), resourcePolicy }).decision,
    ).toBe('ImplicitDeny');
  });

  it('an IAM user ARN grants that user directly', () => {
    const alice = iamUser('alice');
    const resourcePolicy = bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: alice.arn } }));
    expect(decide({ request: request({ principal: alice }), resourcePolicy }).decision).toBe('Allow');
    expect(decide({ request: request({ principal: iamUser('bob') }), resourcePolicy }).decision).toBe(
      'ImplicitDeny',
    );
  });

  it('Federated and CanonicalUser principals are read but never match', () => {
    const resourcePolicy = bucketPolicy(
      allow('s3:GetObject', OBJECT, {
        Principal: {
          Federated: 'cognito-identity.amazonaws.com',
          CanonicalUser: '79a59df900b949e55d96a1e698fbaced',
        },
      }),
    );
    expect(decide({ resourcePolicy }).decision).toBe('ImplicitDeny');
  });

  it('anonymous callers: only a resource policy granting "*" allows them', () => {
    const anon = request({ principal: anonymous });
    expect(
      decide({
        request: anon,
        resourcePolicy: bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: '*' })),
      }).decision,
    ).toBe('Allow');
    expect(
      decide({
        request: anon,
        resourcePolicy: bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: ACCOUNT } })),
      }).reason,
    ).toBe('no resource-based policy allows');
    expect(decide({ request: anon }).reason).toBe('no resource-based policy allows');
  });

  it('a service principal with aws:SourceAccount / aws:SourceArn conditions (Lambda permission)', () => {
    const functionPolicy = named(
      'function-policy',
      allow('lambda:InvokeFunction', `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:rule`, {
        Principal: { Service: 'config.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      }),
    );
    const invoke = (sourceAccount: string) =>
      evaluate({
        request: {
          principal: servicePrincipal('config.amazonaws.com'),
          action: 'lambda:InvokeFunction',
          resource: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:rule`,
          contextKeys: { 'aws:SourceAccount': sourceAccount },
        },
        resourcePolicy: functionPolicy,
        resourcePolicyKind: 'lambda',
      }).decision;
    expect(invoke(ACCOUNT)).toBe('Allow');
    expect(invoke(OTHER_ACCOUNT)).toBe('ImplicitDeny');
  });
});

describe('NotPrincipal', () => {
  const audit = roleSession({ account: OTHER_ACCOUNT, role: 'audit', session: 'app' });
  const denyAllBut = (...arns: string[]) =>
    bucketPolicy(allow('s3:GetObject', OBJECT, { Principal: { AWS: OTHER_ACCOUNT } }), {
      Effect: 'Deny',
      NotPrincipal: { AWS: arns },
      Action: 's3:*',
      Resource: '*',
    });
  const identityPolicies = [named('id', allow('s3:*'))];
  const get = (resourcePolicy: PolicyInput, extra: Partial<EvaluationInput> = {}) =>
    decide({ request: request({ principal: audit }), resourcePolicy, identityPolicies, ...extra });

  it('with Deny, leaves out a session only when its account, role and session are all listed', () => {
    expect(get(denyAllBut(`arn:aws:iam::${OTHER_ACCOUNT}:root`, audit.roleArn!, audit.arn)).decision).toBe(
      'Allow',
    );
    expect(get(denyAllBut(audit.roleArn!, audit.arn)).decision).toBe('ExplicitDeny');
    expect(get(denyAllBut(`arn:aws:iam::${OTHER_ACCOUNT}:root`, audit.arn)).decision).toBe('ExplicitDeny');
    expect(get(denyAllBut(`arn:aws:iam::${OTHER_ACCOUNT}:root`)).decision).toBe('ExplicitDeny');
  });

  it('with Deny, always denies a principal that has a permissions boundary', () => {
    const all = denyAllBut(`arn:aws:iam::${OTHER_ACCOUNT}:root`, audit.roleArn!, audit.arn);
    expect(get(all, { permissionsBoundary: named('b', allow('*')) }).decision).toBe('ExplicitDeny');
  });

  it('with Deny, applies to everyone not listed', () => {
    const policy = denyAllBut(`arn:aws:iam::${OTHER_ACCOUNT}:root`, audit.roleArn!, audit.arn);
    const someoneElse = roleSession({ account: OTHER_ACCOUNT, role: 'audit', session: 'other' });
    expect(
      decide({ request: request({ principal: someoneElse }), resourcePolicy: policy, identityPolicies })
        .decision,
    ).toBe('ExplicitDeny');
  });

  it('with Allow, grants everyone except a listed identity', () => {
    const resourcePolicy = bucketPolicy({
      Effect: 'Allow',
      NotPrincipal: { AWS: caller.roleArn! },
      Action: 's3:GetObject',
      Resource: '*',
    });
    expect(decide({ resourcePolicy }).decision).toBe('ImplicitDeny');
    expect(
      decide({ resourcePolicy, request: request({ principal: roleSession({ role: 'Other' }) }) }).decision,
    ).toBe('Allow');
  });
});
