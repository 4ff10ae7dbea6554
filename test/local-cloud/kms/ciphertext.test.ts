import { describe, expect, it } from 'vitest';
import {
  canonicalContext,
  openCiphertext,
  parseCiphertext,
  sealCiphertext,
} from '../../../src/local-cloud/services/kms/ciphertext.js';

const ARN = 'arn:aws:kms:us-east-1:111111111111:key/0b9a7a3e-3f4c-4d4e-9a52-2f1b1c0d0e0f';
const material = Buffer.alloc(32, 7);
const iv = Buffer.alloc(12, 1);

function seal(context?: Record<string, string>, plaintext = Buffer.from('secret')) {
  return sealCiphertext({ keyArn: ARN, materialVersion: 2, material, plaintext, context, iv });
}

describe('KMS ciphertext blobs', () => {
  it('round-trips and names the key and material version', () => {
    const blob = seal({ purpose: 'test' });
    const parsed = parseCiphertext(blob)!;
    expect(parsed.keyArn).toBe(ARN);
    expect(parsed.materialVersion).toBe(2);
    expect(openCiphertext(parsed, material, { purpose: 'test' })?.toString()).toBe('secret');
    expect(blob.includes(Buffer.from('secret'))).toBe(false);
  });

  it('fails to open with another context, another key material, or a changed header', () => {
    const blob = seal({ purpose: 'test' });
    const parsed = parseCiphertext(blob)!;
    expect(openCiphertext(parsed, material, { purpose: 'other' })).toBeUndefined();
    expect(openCiphertext(parsed, material, undefined)).toBeUndefined();
    expect(openCiphertext(parsed, Buffer.alloc(32, 8), { purpose: 'test' })).toBeUndefined();
    const tampered = Buffer.from(blob);
    tampered[tampered.indexOf('111111111111')] = '2'.charCodeAt(0);
    expect(openCiphertext(parseCiphertext(tampered)!, material, { purpose: 'test' })).toBeUndefined();
  });

  it('treats the encryption context as a set of pairs (order does not matter)', () => {
    expect(canonicalContext({ b: '2', a: '1' }).equals(canonicalContext({ a: '1', b: '2' }))).toBe(true);
    expect(canonicalContext({ a: '1' }).equals(canonicalContext({ a: '2' }))).toBe(false);
    expect(canonicalContext({}).equals(canonicalContext(undefined))).toBe(true);
    const parsed = parseCiphertext(seal({ b: '2', a: '1' }))!;
    expect(openCiphertext(parsed, material, { a: '1', b: '2' })?.toString()).toBe('secret');
  });

  it('rejects blobs it did not write', () => {
    expect(parseCiphertext(Buffer.from('not a ciphertext at all, but long enough to parse'))).toBeUndefined();
    expect(parseCiphertext(Buffer.alloc(0))).toBeUndefined();
    expect(parseCiphertext(seal().subarray(0, 40))).toBeUndefined();
  });
});
