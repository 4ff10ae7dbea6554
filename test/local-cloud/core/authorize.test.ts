import { describe, expect, it } from 'vitest';
import {
  accessDenied,
  callerPolicies,
  createAuthorizer,
  type PolicyLookup,
} from '../../../src/local-cloud/core/authorize.js';
import type { IdentityCredential } from '../../../src/local-cloud/core/identity.js';
import type { SessionRecord } from '../../../src/local-cloud/core/sessions.js';
import type { RequestContext } from '../../../src/local-cloud/http/index.js';
import { allowPolicy } from './fixture.js';

const ROLE_ARN = 'arn:aws:iam::300000000001:role/Deploy';

const lookup: PolicyLookup = {
  rolePolicies: (arn) =>
    arn === ROLE_ARN
      ? {
          identityPolicies: [{ name: 'inline', document: allowPolicy(['s3:*', 'iam:GetRole']) }],
          permissionsBoundary: { name: 'boundary', document: allowPolicy('s3:*') },
        }
      : undefined,
  managedPolicy: (arn) =>
    arn.endsWith('/ReadOnly') ? { name: arn, document: allowPolicy('s3:Get*') } : undefined,
};

const session = {
  roleArn: ROLE_ARN,
  policy: allowPolicy(['s3:GetObject', 's3:PutObject']),
  policyArns: ['arn:aws:iam::300000000001:policy/ReadOnly', 'arn:aws:iam::300000000001:policy/Gone'],
} as SessionRecord;

const sessionCredential: IdentityCredential = {
  secretAccessKey: 'x',
  session,
  principal: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::300000000001:assumed-role/Deploy/s',
    roleArn: ROLE_ARN,
    accountId: '300000000001',
  },
};

function ctxOf(
  credential: IdentityCredential | undefined,
  protocol: RequestContext['protocol'] = 'query',
): RequestContext {
  return {
    requestId: 'r',
    service: 's3',
    region: 'us-east-1',
    protocol,
    operation: 'X',
    caller: credential
      ? { type: 'Credentials', accessKeyId: 'ASIA', credentials: credential, signature: {} as never }
      : { type: 'Anonymous' },
    secureTransport: true,
    sourceIp: '127.0.0.1',
    now: new Date('2030-01-01T00:00:00Z'),
    userAgent: undefined,
    endpoint: 'http://127.0.0.1',
    conditionKeys: { 'aws:SecureTransport': 'true' },
  };
}

describe('callerPolicies', () => {
  it('gathers the role policies, its boundary and the session policies; a vanished managed one allows nothing', () => {
    const policies = callerPolicies(sessionCredential, lookup);
    expect(policies.identityPolicies.map((p) => p.name)).toEqual(['inline']);
    expect(policies.permissionsBoundary?.name).toBe('boundary');
    expect(policies.sessionPolicies.map((p) => p.name)).toEqual([
      'session policy',
      'arn:aws:iam::300000000001:policy/ReadOnly',
      'arn:aws:iam::300000000001:policy/Gone',
    ]);
  });
});

describe('authorize', () => {
  const { authorize, callerOf } = createAuthorizer({ policies: lookup });
  const bucketObject = 'arn:aws:s3:::b/k';

  it('allows what identity ∩ boundary ∩ session policies allow', () => {
    expect(() =>
      authorize(ctxOf(sessionCredential), {
        action: 's3:GetObject',
        resource: bucketObject,
        resourceAccount: '300000000001',
      }),
    ).not.toThrow();
  });

  it('denies outside the boundary with AccessDenied for query/S3 and AccessDeniedException for JSON', () => {
    const query = (() => {
      try {
        authorize(ctxOf(sessionCredential), { action: 'iam:GetRole', resource: ROLE_ARN });
      } catch (err) {
        return err as { code: string; status: number; message: string };
      }
    })();
    expect(query).toMatchObject({ code: 'AccessDenied', status: 403 });
    expect(query?.message).toBe(
      'User: arn:aws:sts::300000000001:assumed-role/Deploy/s is not authorized to perform: iam:GetRole on resource: arn:aws:iam::300000000001:role/Deploy because no permissions boundary allows the iam:GetRole action',
    );
    expect(() =>
      authorize(ctxOf(sessionCredential, 'json'), { action: 'kms:Decrypt', resource: '*' }),
    ).toThrow(expect.objectContaining({ code: 'AccessDeniedException' }));
  });

  it('denies outside the session policy', () => {
    expect(() =>
      authorize(ctxOf(sessionCredential), {
        action: 's3:DeleteObject',
        resource: bucketObject,
        resourceAccount: '300000000001',
      }),
    ).toThrow(
      expect.objectContaining({ message: expect.stringContaining('because no session policy allows') }),
    );
  });

  it('lets resource policies decide for anonymous callers', () => {
    expect(callerOf(ctxOf(undefined))).toBeUndefined();
    const publicRead = JSON.stringify({
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    });
    const request = { action: 's3:GetObject', resource: bucketObject, resourceAccount: '300000000001' };
    expect(() =>
      authorize(ctxOf(undefined), {
        ...request,
        resourcePolicy: { name: 'bucket', document: publicRead, kind: 'bucket' },
      }),
    ).not.toThrow();
    expect(() => authorize(ctxOf(undefined), request)).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/^User: anonymous is not authorized/) }),
    );
  });

  it('passes the transport condition keys to the policies', () => {
    const tlsOnly = JSON.stringify({
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: 'arn:aws:s3:::b/*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    });
    const ctx = { ...ctxOf(undefined), conditionKeys: { 'aws:SecureTransport': 'false' } };
    expect(() =>
      authorize(ctx, {
        action: 's3:GetObject',
        resource: bucketObject,
        resourceAccount: '300000000001',
        resourcePolicy: { name: 'bucket', document: tlsOnly, kind: 'bucket' },
      }),
    ).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('explicit deny in a resource-based policy'),
      }),
    );
  });

  it('maps a denial to the protocol error', () => {
    const principal = sessionCredential.principal;
    expect(
      accessDenied({ protocol: 'rest-xml' }, { principal, action: 's3:GetObject', resource: '*' }).code,
    ).toBe('AccessDenied');
    expect(
      accessDenied({ protocol: 'rest-json' }, { principal, action: 'lambda:X', resource: '*' }).code,
    ).toBe('AccessDeniedException');
  });
});
