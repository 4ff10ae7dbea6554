import { describe, expect, it } from 'vitest';
import { accessDeniedMessage, evaluate } from '../../../src/local-cloud/iam/index.js';
import { ACCOUNT, allow, deny, named, OBJECT, roleSession } from './fixtures.js';

const principalArn = 'arn:aws:sts::111122223333:assumed-role/Deploy/s1';
const base = { principalArn, action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/key' };

describe('AccessDenied messages', () => {
  it.each([
    ['ImplicitDeny', 'identity-based', 'because no identity-based policy allows the s3:GetObject action'],
    ['ImplicitDeny', 'resource-based', 'because no resource-based policy allows the s3:GetObject action'],
    [
      'ImplicitDeny',
      'permissions boundary',
      'because no permissions boundary allows the s3:GetObject action',
    ],
    ['ImplicitDeny', 'session', 'because no session policy allows the s3:GetObject action'],
    ['ImplicitDeny', 'role trust', 'because no role trust policy allows the s3:GetObject action'],
    ['ExplicitDeny', 'identity-based', 'with an explicit deny in an identity-based policy'],
    ['ExplicitDeny', 'resource-based', 'with an explicit deny in a resource-based policy'],
    ['ExplicitDeny', 'permissions boundary', 'with an explicit deny in a permissions boundary'],
    ['ExplicitDeny', 'session', 'with an explicit deny in a session policy'],
    ['ExplicitDeny', 'role trust', 'with an explicit deny in the role trust policy'],
  ] as const)('%s by %s', (decision, policyType, tail) => {
    expect(accessDeniedMessage({ ...base, decision, policyType })).toBe(
      `User: ${principalArn} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key ${tail}`,
    );
  });

  it('leaves out the resource when the action has none', () => {
    expect(
      accessDeniedMessage({
        ...base,
        action: 's3:ListAllMyBuckets',
        resource: '*',
        decision: 'ImplicitDeny',
        policyType: 'identity-based',
      }),
    ).toBe(
      `User: ${principalArn} is not authorized to perform: s3:ListAllMyBuckets because no identity-based policy allows the s3:ListAllMyBuckets action`,
    );
  });

  it('without a policy type, carries no reason', () => {
    expect(accessDeniedMessage({ ...base, decision: 'ImplicitDeny' })).toBe(
      `User: ${principalArn} is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::bucket/key`,
    );
  });

  it('is built straight from an evaluation result', () => {
    const request = {
      principal: roleSession(),
      action: 's3:GetObject',
      resource: OBJECT,
      resourceAccount: ACCOUNT,
    };
    const result = evaluate({
      request,
      identityPolicies: [named('p', allow('s3:*'))],
      resourcePolicy: named('bucket', deny('s3:GetObject', OBJECT, { Principal: '*' })),
    });
    if (result.decision === 'Allow') throw new Error('expected a denial');
    expect(
      accessDeniedMessage({
        principalArn: request.principal.arn,
        action: request.action,
        resource: request.resource,
        decision: result.decision,
        policyType: result.policyType,
      }),
    ).toBe(
      `User: ${principalArn} is not authorized to perform: s3:GetObject on resource: ${OBJECT} with an explicit deny in a resource-based policy`,
    );
  });
});
