import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  type KMSClient,
  ListKeyPoliciesCommand,
  PutKeyPolicyCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_A, ACCOUNT_B, type KmsHarness, sdkError, REGION, startKmsHarness } from './harness.js';

let h: KmsHarness;
let a: KMSClient;

beforeAll(async () => {
  h = await startKmsHarness();
  a = h.client('rootA');
});
afterAll(() => h.close());

const text = (s: string) => new TextEncoder().encode(s);
const rootOf = (account: string) => `arn:aws:iam::${account}:root`;

function keyPolicy(...statements: object[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'Admin',
        Effect: 'Allow',
        Principal: { AWS: rootOf(ACCOUNT_A) },
        Action: 'kms:*',
        Resource: '*',
      },
      ...statements,
    ],
  });
}

async function newKey(Policy?: string) {
  return (await a.send(new CreateKeyCommand({ Policy }))).KeyMetadata!;
}

describe('GetKeyPolicy and PutKeyPolicy', () => {
  it('gives new keys the default policy: the account root may do everything', async () => {
    const key = await newKey();
    const out = await a.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }));
    expect(out.PolicyName).toBe('default');
    expect(JSON.parse(out.Policy!)).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: rootOf(ACCOUNT_A) },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
    expect((await a.send(new ListKeyPoliciesCommand({ KeyId: key.KeyId }))).PolicyNames).toEqual(['default']);
    const other = await sdkError(a.send(new GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'other' })));
    expect(other.name).toBe('NotFoundException');
  });

  it('stores a new policy and refuses malformed ones', async () => {
    const key = await newKey();
    const policy = keyPolicy({
      Sid: 'Extra',
      Effect: 'Allow',
      Principal: { AWS: rootOf(ACCOUNT_B) },
      Action: 'kms:Decrypt',
      Resource: '*',
    });
    await a.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: policy }));
    expect((await a.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }))).Policy).toBe(policy);

    const noPrincipal = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }],
    });
    for (const bad of ['{not json', noPrincipal]) {
      const err = await sdkError(a.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: bad })));
      expect(err.name).toBe('MalformedPolicyDocumentException');
    }
    const created = await sdkError(a.send(new CreateKeyCommand({ Policy: noPrincipal })));
    expect(created.name).toBe('MalformedPolicyDocumentException');
  });

  it('applies the lockout safety check unless bypassed', async () => {
    const key = await newKey();
    const lockout = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: rootOf(ACCOUNT_B) }, Action: 'kms:*', Resource: '*' }],
    });
    const err = await sdkError(a.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: lockout })));
    expect(err.name).toBe('MalformedPolicyDocumentException');
    expect(err.message).toBe('The new key policy will not allow you to update the key policy in the future.');
    const atCreate = await sdkError(a.send(new CreateKeyCommand({ Policy: lockout })));
    expect(atCreate.name).toBe('MalformedPolicyDocumentException');

    await a.send(
      new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: lockout, BypassPolicyLockoutSafetyCheck: true }),
    );
    const locked = await sdkError(a.send(new GetKeyPolicyCommand({ KeyId: key.KeyId })));
    expect(locked.name).toBe('AccessDeniedException');
    expect(locked.message).toContain('because no resource-based policy allows the kms:GetKeyPolicy action');
    const bypassed = await a.send(
      new CreateKeyCommand({ Policy: lockout, BypassPolicyLockoutSafetyCheck: true }),
    );
    expect(bypassed.KeyMetadata?.KeyState).toBe('Enabled');
  });
});

describe('key policy and identity policy together', () => {
  it('needs an identity allow when the key policy delegates to the account', async () => {
    const key = await newKey();
    const role = h.client('roleA');
    h.setIdentityPolicies('roleA', []);
    const denied = await sdkError(role.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toBe(
      `User: arn:aws:sts::${ACCOUNT_A}:assumed-role/Worker/test is not authorized to perform: kms:Encrypt on resource: ${key.Arn} because no identity-based policy allows the kms:Encrypt action`,
    );
    h.setIdentityPolicies('roleA', [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Encrypt', Resource: key.Arn }] },
    ]);
    const ok = await role.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') }));
    expect(ok.KeyId).toBe(key.Arn);
  });

  it('needs the key policy to allow even in-account (an identity allow alone is not enough)', async () => {
    const key = await newKey(
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: rootOf(ACCOUNT_A) },
            Action: 'kms:PutKeyPolicy',
            Resource: '*',
          },
        ],
      }),
    );
    h.setIdentityPolicies('roleA', [
      { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] },
    ]);
    const err = await sdkError(
      h.client('roleA').send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })),
    );
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toContain('because no resource-based policy allows the kms:Encrypt action');
  });

  it('lets a key policy grant a role directly and condition on the encryption context', async () => {
    const roleArn = `arn:aws:iam::${ACCOUNT_A}:role/Worker`;
    const key = await newKey(
      keyPolicy({
        Effect: 'Allow',
        Principal: { AWS: roleArn },
        Action: ['kms:Encrypt', 'kms:Decrypt'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:EncryptionContext:app': 'orders' } },
      }),
    );
    h.setIdentityPolicies('roleA', []);
    const role = h.client('roleA');
    const enc = await role.send(
      new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x'), EncryptionContext: { app: 'orders' } }),
    );
    const dec = await role.send(
      new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { app: 'orders' } }),
    );
    expect(Buffer.from(dec.Plaintext!).toString()).toBe('x');
    const wrong = await sdkError(
      role.send(
        new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x'), EncryptionContext: { app: 'billing' } }),
      ),
    );
    expect(wrong.name).toBe('AccessDeniedException');
  });
});

describe('cross-account use', () => {
  it('denies, then allows Decrypt once the key policy and the caller identity policy both allow it', async () => {
    const key = await newKey();
    await a.send(new CreateAliasCommand({ AliasName: 'alias/shared', TargetKeyId: key.KeyId }));
    const enc = await a.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('for account B') }));
    const role = h.client('roleB');

    h.setIdentityPolicies('roleB', []);
    const noIdentity = await sdkError(role.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })));
    expect(noIdentity.name).toBe('AccessDeniedException');
    expect(noIdentity.message).toContain('because no identity-based policy allows the kms:Decrypt action');

    h.setIdentityPolicies('roleB', [
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
            Resource: key.Arn,
          },
        ],
      },
    ]);
    const noKeyPolicy = await sdkError(role.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })));
    expect(noKeyPolicy.name).toBe('AccessDeniedException');
    expect(noKeyPolicy.message).toBe(
      `User: arn:aws:sts::${ACCOUNT_B}:assumed-role/Worker/test is not authorized to perform: kms:Decrypt on resource: ${key.Arn} because no resource-based policy allows the kms:Decrypt action`,
    );

    await a.send(
      new PutKeyPolicyCommand({
        KeyId: key.KeyId,
        Policy: keyPolicy({
          Sid: 'AccountB',
          Effect: 'Allow',
          Principal: { AWS: rootOf(ACCOUNT_B) },
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: '*',
        }),
      }),
    );
    const dec = await role.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
    expect(Buffer.from(dec.Plaintext!).toString()).toBe('for account B');
    const dataKey = await role.send(new GenerateDataKeyCommand({ KeyId: key.Arn, KeySpec: 'AES_256' }));
    expect(dataKey.KeyId).toBe(key.Arn);
    const viaAliasArn = await role.send(
      new EncryptCommand({ KeyId: `arn:aws:kms:${REGION}:${ACCOUNT_A}:alias/shared`, Plaintext: text('y') }),
    );
    expect(viaAliasArn.KeyId).toBe(key.Arn);
    // A key ID or alias name alone means the caller's own account.
    const byId = await sdkError(role.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('y') })));
    expect(byId.name).toBe('NotFoundException');

    // Key management stays in the owner's account even when the key policy would allow it.
    const manage = await sdkError(role.send(new DisableKeyCommand({ KeyId: key.Arn })));
    expect(manage.name).toBe('NotFoundException');

    h.setIdentityPolicies('roleB', []);
    const revoked = await sdkError(role.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })));
    expect(revoked.name).toBe('AccessDeniedException');
  });
});

describe('rotation', () => {
  it('enables, reports and disables automatic rotation', async () => {
    const key = await newKey();
    expect((await a.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(
      false,
    );
    await a.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 180 }));
    const on = await a.send(new GetKeyRotationStatusCommand({ KeyId: key.Arn }));
    expect(on).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 180, KeyId: key.Arn });
    expect(on.NextRotationDate).toBeInstanceOf(Date);
    const period = await sdkError(
      a.send(new EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 30 })),
    );
    expect(period.name).toBe('ValidationException');
    await a.send(new DisableKeyRotationCommand({ KeyId: key.KeyId }));
    expect((await a.send(new GetKeyRotationStatusCommand({ KeyId: key.KeyId }))).KeyRotationEnabled).toBe(
      false,
    );
    await a.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const disabled = await sdkError(a.send(new EnableKeyRotationCommand({ KeyId: key.KeyId })));
    expect(disabled.name).toBe('DisabledException');
  });
});
