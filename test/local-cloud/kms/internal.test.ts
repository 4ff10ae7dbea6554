import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/local-cloud/iam/index.js';
import { keyAuthorization } from '../../../src/local-cloud/services/kms/index.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  type KmsHarness,
  sdkError,
  PRINCIPALS,
  REGION,
  startKmsHarness,
} from './harness.js';

let h: KmsHarness;

beforeAll(async () => {
  h = await startKmsHarness();
});
afterAll(() => h.close());

const A = { accountId: ACCOUNT_A, region: REGION };

/** Whether `who` may do `action` on a key through S3 (as S3 would authorize SSE-KMS), or directly. */
function allowed(
  who: keyof typeof PRINCIPALS,
  key: { arn: string; accountId: string; policy: string },
  viaService?: string,
) {
  const principal = PRINCIPALS[who].principal;
  const request = keyAuthorization({
    key,
    action: 'kms:GenerateDataKey',
    callerAccount: principal.accountId,
    viaService,
  });
  return evaluate({
    request: {
      principal,
      action: request.action,
      resource: request.resource,
      contextKeys: request.contextKeys,
    },
    resourcePolicy: { name: 'key policy', document: request.resourcePolicy!.document },
    resourcePolicyKind: 'kms-key',
  }).decision;
}

describe('KmsInternal', () => {
  it('creates the AWS managed key for S3 once, under alias/aws/s3', async () => {
    const first = h.kms.awsManagedKey('s3', A);
    const second = h.kms.awsManagedKey('s3', A);
    expect(second).toEqual(first);
    expect(first.arn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT_A}:key/${first.keyId}`);
    expect(h.kms.awsManagedKey('s3', { accountId: ACCOUNT_A, region: 'eu-west-1' }).keyId).not.toBe(
      first.keyId,
    );

    const a = h.client('rootA');
    const meta = (await a.send(new DescribeKeyCommand({ KeyId: 'alias/aws/s3' }))).KeyMetadata!;
    expect(meta).toMatchObject({ KeyId: first.keyId, KeyManager: 'AWS' });
    const aliases = await a.send(new ListAliasesCommand({}));
    expect(aliases.Aliases?.map((x) => x.AliasName)).toContain('alias/aws/s3');
  });

  it('gives the managed key the AWS policy shape: usable only through S3 in the account', async () => {
    const key = h.kms.awsManagedKey('s3', A);
    const policy = JSON.parse(key.policy);
    expect(policy.Statement[0].Condition).toEqual({
      StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com`, 'kms:CallerAccount': ACCOUNT_A },
    });
    const viaS3 = `s3.${REGION}.amazonaws.com`;
    expect(allowed('roleA', key, viaS3)).toBe('Allow');
    expect(allowed('roleA', key)).not.toBe('Allow');
    expect(allowed('roleA', key, `s3.eu-west-1.amazonaws.com`)).not.toBe('Allow');
    expect(allowed('rootB', key, viaS3)).not.toBe('Allow');

    const direct = await sdkError(
      h.client('rootA').send(new EncryptCommand({ KeyId: 'alias/aws/s3', Plaintext: new Uint8Array([1]) })),
    );
    expect(direct.name).toBe('AccessDeniedException');
  });

  it('resolves keys by every reference form, other accounts by ARN', async () => {
    const a = h.client('rootA');
    const meta = (await a.send(new CreateKeyCommand({}))).KeyMetadata!;
    await a.send(new CreateAliasCommand({ AliasName: 'alias/internal', TargetKeyId: meta.KeyId }));
    for (const ref of [
      meta.KeyId!,
      meta.Arn!,
      'alias/internal',
      `arn:aws:kms:${REGION}:${ACCOUNT_A}:alias/internal`,
    ]) {
      expect(h.kms.resolveKey(ref, A)?.arn).toBe(meta.Arn);
    }
    const fromB = { accountId: ACCOUNT_B, region: REGION };
    expect(h.kms.resolveKey(meta.Arn!, fromB)?.accountId).toBe(ACCOUNT_A);
    expect(h.kms.resolveKey(meta.KeyId!, fromB)).toBeUndefined();
    expect(h.kms.resolveKey('alias/missing', A)).toBeUndefined();
  });

  it('encrypts and decrypts with the same blob format as the API', async () => {
    const a = h.client('rootA');
    const meta = (await a.send(new CreateKeyCommand({}))).KeyMetadata!;
    const key = h.kms.resolveKey(meta.KeyId!, A)!;
    const context = { 'aws:s3:arn': 'arn:aws:s3:::bucket/key' };
    const blob = h.kms.encrypt(key, Buffer.from('object body'), context);
    expect(h.kms.decrypt(blob, context)).toEqual({ key, plaintext: Buffer.from('object body') });
    expect(() => h.kms.decrypt(blob, {})).toThrow(
      expect.objectContaining({ code: 'InvalidCiphertextException' }),
    );
    const viaApi = await a.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: context }));
    expect(Buffer.from(viaApi.Plaintext!).toString()).toBe('object body');

    await a.send(new DisableKeyCommand({ KeyId: meta.KeyId }));
    expect(() => h.kms.encrypt(key, Buffer.from('x'))).toThrow(
      expect.objectContaining({ code: 'DisabledException' }),
    );
    expect(() => h.kms.decrypt(blob, context)).toThrow(
      expect.objectContaining({ code: 'DisabledException' }),
    );
  });
});

describe('persistence', () => {
  it('keeps keys, aliases and key material across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kms-state-'));
    try {
      const first = await startKmsHarness({ stateDir: dir });
      const a = first.client('rootA');
      const meta = (await a.send(new CreateKeyCommand({ Description: 'durable' }))).KeyMetadata!;
      await a.send(new CreateAliasCommand({ AliasName: 'alias/durable', TargetKeyId: meta.KeyId }));
      const enc = await a.send(
        new EncryptCommand({ KeyId: 'alias/durable', Plaintext: new TextEncoder().encode('kept') }),
      );
      await first.close();

      const second = await startKmsHarness({ stateDir: dir });
      try {
        const b = second.client('rootA');
        expect(
          (await b.send(new DescribeKeyCommand({ KeyId: 'alias/durable' }))).KeyMetadata?.Description,
        ).toBe('durable');
        const dec = await b.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }));
        expect(Buffer.from(dec.Plaintext!).toString()).toBe('kept');
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
