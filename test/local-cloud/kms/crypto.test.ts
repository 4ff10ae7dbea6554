import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  type KMSClient,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KmsHarness, sdkError, startKmsHarness } from './harness.js';

let h: KmsHarness;
let a: KMSClient;

beforeAll(async () => {
  h = await startKmsHarness();
  a = h.client('rootA');
});
afterAll(() => h.close());

async function newKey() {
  return (await a.send(new CreateKeyCommand({}))).KeyMetadata!;
}

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | undefined) => Buffer.from(b!).toString('utf8');

describe('Encrypt and Decrypt', () => {
  it('round-trips with an encryption context; Decrypt finds the key from the ciphertext', async () => {
    const key = await newKey();
    const context = { app: 'orders', stage: 'dev' };
    const enc = await a.send(
      new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('hello kms'), EncryptionContext: context }),
    );
    expect(enc.KeyId).toBe(key.Arn);
    expect(enc.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(Buffer.from(enc.CiphertextBlob!).includes(Buffer.from('hello kms'))).toBe(false);
    const dec = await a.send(
      new DecryptCommand({
        CiphertextBlob: enc.CiphertextBlob,
        EncryptionContext: { stage: 'dev', app: 'orders' },
      }),
    );
    expect(str(dec.Plaintext)).toBe('hello kms');
    expect(dec.KeyId).toBe(key.Arn);
  });

  it('encrypts twice to different ciphertexts (fresh IV)', async () => {
    const key = await newKey();
    const one = await a.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('same') }));
    const two = await a.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('same') }));
    expect(Buffer.from(one.CiphertextBlob!).equals(Buffer.from(two.CiphertextBlob!))).toBe(false);
  });

  it('answers InvalidCiphertextException when the encryption context does not match', async () => {
    const key = await newKey();
    const enc = await a.send(
      new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x'), EncryptionContext: { a: '1' } }),
    );
    const wrongContexts: (Record<string, string> | undefined)[] = [undefined, { a: '2' }, { a: '1', b: '2' }];
    for (const EncryptionContext of wrongContexts) {
      const err = await sdkError(
        a.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, EncryptionContext })),
      );
      expect(err.name).toBe('InvalidCiphertextException');
    }
    const garbage = await sdkError(
      a.send(new DecryptCommand({ CiphertextBlob: text('definitely not a blob from kms') })),
    );
    expect(garbage.name).toBe('InvalidCiphertextException');
  });

  it('encrypts by alias and refuses a Decrypt KeyId naming another key', async () => {
    const key = await newKey();
    const other = await newKey();
    await a.send(new CreateAliasCommand({ AliasName: 'alias/crypto-alias', TargetKeyId: key.KeyId }));
    const enc = await a.send(
      new EncryptCommand({ KeyId: 'alias/crypto-alias', Plaintext: text('via alias') }),
    );
    expect(enc.KeyId).toBe(key.Arn);
    const ok = await a.send(
      new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: 'alias/crypto-alias' }),
    );
    expect(str(ok.Plaintext)).toBe('via alias');
    const wrong = await sdkError(
      a.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob, KeyId: other.KeyId })),
    );
    expect(wrong.name).toBe('IncorrectKeyException');
  });

  it('refuses disabled keys with DisabledException and keys pending deletion with KMSInvalidStateException', async () => {
    const key = await newKey();
    const enc = await a.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') }));
    await a.send(new DisableKeyCommand({ KeyId: key.KeyId }));
    const disabled = await sdkError(a.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x') })));
    expect(disabled.name).toBe('DisabledException');
    expect(disabled.message).toBe(`${key.Arn} is disabled.`);
    expect((await sdkError(a.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).name).toBe(
      'DisabledException',
    );
    await a.send(new EnableKeyCommand({ KeyId: key.KeyId }));
    expect(str((await a.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext)).toBe(
      'x',
    );
    await a.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 }));
    expect((await sdkError(a.send(new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob })))).name).toBe(
      'KMSInvalidStateException',
    );
  });

  it('validates plaintext size and algorithm', async () => {
    const key = await newKey();
    const big = await sdkError(
      a.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: new Uint8Array(4097) })),
    );
    expect(big.name).toBe('ValidationException');
    const rsa = await sdkError(
      a.send(
        new EncryptCommand({
          KeyId: key.KeyId,
          Plaintext: text('x'),
          EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        }),
      ),
    );
    expect(rsa.name).toBe('InvalidKeyUsageException');
    const dry = await sdkError(
      a.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('x'), DryRun: true })),
    );
    expect(dry.name).toBe('DryRunOperationException');
  });
});

describe('data keys', () => {
  it('GenerateDataKey returns a plaintext key and its encrypted copy, which Decrypt opens', async () => {
    const key = await newKey();
    const ctx = { bucket: 'b1' };
    const out = await a.send(
      new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_256', EncryptionContext: ctx }),
    );
    expect(out.Plaintext).toHaveLength(32);
    expect(out.KeyId).toBe(key.Arn);
    const dec = await a.send(
      new DecryptCommand({ CiphertextBlob: out.CiphertextBlob, EncryptionContext: ctx }),
    );
    expect(Buffer.from(dec.Plaintext!).equals(Buffer.from(out.Plaintext!))).toBe(true);
    const small = await a.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, KeySpec: 'AES_128' }));
    expect(small.Plaintext).toHaveLength(16);
    const bytes = await a.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 7 }));
    expect(bytes.Plaintext).toHaveLength(7);
  });

  it('needs exactly one of NumberOfBytes and KeySpec', async () => {
    const key = await newKey();
    for (const input of [{}, { NumberOfBytes: 16, KeySpec: 'AES_256' as const }, { NumberOfBytes: 2000 }]) {
      const err = await sdkError(a.send(new GenerateDataKeyCommand({ KeyId: key.KeyId, ...input })));
      expect(err.name).toBe('ValidationException');
    }
  });

  it('GenerateDataKeyWithoutPlaintext returns only the encrypted key', async () => {
    const key = await newKey();
    const out = await a.send(
      new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, KeySpec: 'AES_256' }),
    );
    expect('Plaintext' in out).toBe(false);
    expect((await a.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }))).Plaintext).toHaveLength(
      32,
    );
  });

  it('GenerateRandom returns the bytes asked for', async () => {
    const out = await a.send(new GenerateRandomCommand({ NumberOfBytes: 24 }));
    expect(out.Plaintext).toHaveLength(24);
  });
});

describe('ReEncrypt and rotation', () => {
  it('re-encrypts under another key and context', async () => {
    const from = await newKey();
    const to = await newKey();
    const enc = await a.send(
      new EncryptCommand({ KeyId: from.KeyId, Plaintext: text('move me'), EncryptionContext: { v: '1' } }),
    );
    const re = await a.send(
      new ReEncryptCommand({
        CiphertextBlob: enc.CiphertextBlob,
        SourceEncryptionContext: { v: '1' },
        DestinationKeyId: to.Arn,
        DestinationEncryptionContext: { v: '2' },
      }),
    );
    expect(re).toMatchObject({ SourceKeyId: from.Arn, KeyId: to.Arn });
    const dec = await a.send(
      new DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: { v: '2' } }),
    );
    expect(str(dec.Plaintext)).toBe('move me');
    expect(dec.KeyId).toBe(to.Arn);
  });

  it('still decrypts old ciphertexts after on-demand rotation', async () => {
    const key = await newKey();
    const before = await a.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('old') }));
    await a.send(new RotateKeyOnDemandCommand({ KeyId: key.KeyId }));
    const after = await a.send(new EncryptCommand({ KeyId: key.KeyId, Plaintext: text('new') }));
    expect(str((await a.send(new DecryptCommand({ CiphertextBlob: before.CiphertextBlob }))).Plaintext)).toBe(
      'old',
    );
    expect(str((await a.send(new DecryptCommand({ CiphertextBlob: after.CiphertextBlob }))).Plaintext)).toBe(
      'new',
    );
  });
});
