import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_A, type KmsHarness, REGION, startKmsHarness } from './harness.js';

let h: KmsHarness;

beforeAll(async () => {
  h = await startKmsHarness();
});
afterAll(() => h.close());

async function cliJson(args: string[]) {
  const out = await h.cli('rootA', args);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout);
}

describe('the aws CLI against the local KMS', () => {
  it('creates and describes a key, encrypts a file and decrypts it back', async () => {
    const created = await cliJson(['create-key', '--description', 'from the cli', '--output', 'json']);
    const keyId: string = created.KeyMetadata.KeyId;
    expect(created.KeyMetadata.Arn).toBe(`arn:aws:kms:${REGION}:${ACCOUNT_A}:key/${keyId}`);

    const alias = await h.cli('rootA', [
      'create-alias',
      '--alias-name',
      'alias/cli',
      '--target-key-id',
      keyId,
    ]);
    expect(alias).toEqual({ code: 0, stdout: '', stderr: '' });
    const described = await cliJson(['describe-key', '--key-id', 'alias/cli', '--output', 'json']);
    expect(described.KeyMetadata).toMatchObject({
      KeyId: keyId,
      Description: 'from the cli',
      KeyState: 'Enabled',
    });

    const plainFile = await h.writeTempFile('plain.bin', Buffer.from([0, 1, 2, 250, 255, 10, 13]));
    const encrypted = await h.cli('rootA', [
      'encrypt',
      '--key-id',
      'alias/cli',
      '--plaintext',
      `fileb://${plainFile}`,
      '--encryption-context',
      'purpose=cli-test',
      '--query',
      'CiphertextBlob',
      '--output',
      'text',
    ]);
    expect(encrypted.code).toBe(0);
    const blobFile = await h.writeTempFile('blob.bin', Buffer.from(encrypted.stdout.trim(), 'base64'));

    const decrypted = await h.cli('rootA', [
      'decrypt',
      '--ciphertext-blob',
      `fileb://${blobFile}`,
      '--encryption-context',
      'purpose=cli-test',
      '--query',
      'Plaintext',
      '--output',
      'text',
    ]);
    expect(decrypted.code).toBe(0);
    expect(Buffer.from(decrypted.stdout.trim(), 'base64').equals(await readFile(plainFile))).toBe(true);

    const mismatch = await h.cli('rootA', [
      'decrypt',
      '--ciphertext-blob',
      `fileb://${blobFile}`,
      '--encryption-context',
      'purpose=other',
    ]);
    expect(mismatch.code).not.toBe(0);
    expect(mismatch.stderr).toContain('InvalidCiphertextException');
  });
});
