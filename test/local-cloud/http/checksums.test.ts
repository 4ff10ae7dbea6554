import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  algorithmOfHeader,
  CHECKSUM_ALGORITHMS,
  computeChecksum,
  createChecksumHasher,
  verifyChecksumHeaders,
  verifyContentMd5,
} from '../../../src/local-cloud/http/checksums.js';

const CHECK = Buffer.from('123456789');

function hex(algorithm: (typeof CHECKSUM_ALGORITHMS)[number], data: Buffer): string {
  return Buffer.from(computeChecksum(algorithm, data), 'base64').toString('hex');
}

describe('checksums', () => {
  it('match the standard check values', () => {
    expect(hex('CRC32', CHECK)).toBe('cbf43926');
    expect(hex('CRC32C', CHECK)).toBe('e3069283');
    expect(hex('CRC64NVME', CHECK)).toBe('ae8b14860a799888');
    expect(hex('SHA1', CHECK)).toBe(createHash('sha1').update(CHECK).digest('hex'));
    expect(hex('SHA256', CHECK)).toBe(createHash('sha256').update(CHECK).digest('hex'));
    expect(computeChecksum('CRC32', Buffer.alloc(0))).toBe('AAAAAA==');
  });

  it('give the same result however the data is split', () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) & 0xff));
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const whole = computeChecksum(algorithm, data);
      for (const cut of [1, 7, 8, 9, 513]) {
        const hasher = createChecksumHasher(algorithm);
        hasher.update(data.subarray(0, cut));
        hasher.update(data.subarray(cut));
        expect(hasher.digest().toString('base64'), `${algorithm} split at ${cut}`).toBe(whole);
      }
    }
  });

  it('maps header names to algorithms', () => {
    expect(algorithmOfHeader('X-Amz-Checksum-CRC32C')).toBe('CRC32C');
    expect(algorithmOfHeader('x-amz-checksum-crc64nvme')).toBe('CRC64NVME');
    expect(algorithmOfHeader('x-amz-checksum-md5')).toBeUndefined();
  });

  it('verify checksum headers: one at most, well-formed and matching', () => {
    const body = Buffer.from('payload');
    const crc = computeChecksum('CRC32', body);
    expect(verifyChecksumHeaders({ 'x-amz-checksum-crc32': crc }, body)).toEqual({ CRC32: crc });
    expect(verifyChecksumHeaders({}, body)).toEqual({});
    expect(() => verifyChecksumHeaders({ 'x-amz-checksum-crc32': 'AAAAAA==' }, body)).toThrow(
      'The CRC32 you specified did not match the calculated checksum.',
    );
    expect(() => verifyChecksumHeaders({ 'x-amz-checksum-sha256': crc }, body)).toThrow(
      'Value for x-amz-checksum-sha256 header is invalid.',
    );
    expect(() =>
      verifyChecksumHeaders(
        { 'x-amz-checksum-crc32': crc, 'x-amz-checksum-crc32c': computeChecksum('CRC32C', body) },
        body,
      ),
    ).toThrow(/Multiple checksum Types/);
  });

  it('verify Content-MD5', () => {
    const body = Buffer.from('payload');
    const md5 = createHash('md5').update(body).digest('base64');
    expect(() => verifyContentMd5(md5, body)).not.toThrow();
    expect(() => verifyContentMd5(md5, Buffer.from('other'))).toThrow(
      expect.objectContaining({ code: 'BadDigest' }),
    );
    expect(() => verifyContentMd5('short', body)).toThrow(expect.objectContaining({ code: 'InvalidDigest' }));
  });
});
