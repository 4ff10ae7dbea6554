/**
 * S3's flexible checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256) and Content-MD5: computing them
 * incrementally and checking what a client claims, with the errors S3 answers.
 */
import { createHash } from 'node:crypto';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { AwsError } from './errors.js';

export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Verified checksums by algorithm, base64 as on the wire. */
export type Checksums = Partial<Record<ChecksumAlgorithm, string>>;

const DIGEST_BYTES: Readonly<Record<ChecksumAlgorithm, number>> = {
  CRC32: 4,
  CRC32C: 4,
  CRC64NVME: 8,
  SHA1: 20,
  SHA256: 32,
};

/** `x-amz-checksum-crc32` for `CRC32`, and so on. */
export function checksumHeaderName(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** The algorithm an `x-amz-checksum-*` header (any case) names, if it is one S3 knows. */
export function algorithmOfHeader(headerName: string): ChecksumAlgorithm | undefined {
  const lower = headerName.toLowerCase();
  return CHECKSUM_ALGORITHMS.find((a) => checksumHeaderName(a) === lower);
}

export interface ChecksumHasher {
  update(data: Uint8Array): void;
  /** The checksum as big-endian bytes. */
  digest(): Buffer;
}

// --- CRC32C (Castagnoli, reflected polynomial 0x82F63B78), slicing-by-8 tables ---------------------------

const CRC32C_TABLES: Uint32Array[] = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const first = tables[0]!;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    first[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = first[n]!;
    for (let t = 1; t < 8; t++) {
      c = (first[c & 0xff]! ^ (c >>> 8)) >>> 0;
      tables[t]![n] = c;
    }
  }
  return tables;
})();

function crc32cUpdate(crc: number, data: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC32C_TABLES as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  let c = ~crc >>> 0;
  let i = 0;
  const end8 = data.length - (data.length % 8);
  for (; i < end8; i += 8) {
    const lo = (c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
    c =
      t7[lo & 0xff]! ^
      t6[(lo >>> 8) & 0xff]! ^
      t5[(lo >>> 16) & 0xff]! ^
      t4[lo >>> 24]! ^
      t3[data[i + 4]!]! ^
      t2[data[i + 5]!]! ^
      t1[data[i + 6]!]! ^
      t0[data[i + 7]!]!;
  }
  for (; i < data.length; i++) c = t0[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

// --- CRC64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5), table in two 32-bit halves ---------------------

const CRC64_TABLE_HI = new Uint32Array(256);
const CRC64_TABLE_LO = new Uint32Array(256);
(() => {
  const poly = 0x9a6c9329ac4bc9b5n;
  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    CRC64_TABLE_HI[n] = Number(c >> 32n);
    CRC64_TABLE_LO[n] = Number(c & 0xffffffffn);
  }
})();

class Crc64NvmeHasher implements ChecksumHasher {
  private hi = 0xffffffff;
  private lo = 0xffffffff;

  update(data: Uint8Array): void {
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < data.length; i++) {
      const index = (lo ^ data[i]!) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ CRC64_TABLE_LO[index]!) >>> 0;
      hi = ((hi >>> 8) ^ CRC64_TABLE_HI[index]!) >>> 0;
    }
    this.hi = hi;
    this.lo = lo;
  }

  digest(): Buffer {
    const out = Buffer.alloc(8);
    out.writeUInt32BE(~this.hi >>> 0, 0);
    out.writeUInt32BE(~this.lo >>> 0, 4);
    return out;
  }
}

class Crc32Hasher implements ChecksumHasher {
  private crc = 0;

  constructor(private readonly castagnoli: boolean) {}

  update(data: Uint8Array): void {
    this.crc = this.castagnoli ? crc32cUpdate(this.crc, data) : zlibCrc32(data, this.crc);
  }

  digest(): Buffer {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(this.crc >>> 0, 0);
    return out;
  }
}

class NodeHashHasher implements ChecksumHasher {
  private readonly hash;

  constructor(algorithm: 'sha1' | 'sha256' | 'md5') {
    this.hash = createHash(algorithm);
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  digest(): Buffer {
    return this.hash.digest();
  }
}

export function createChecksumHasher(algorithm: ChecksumAlgorithm): ChecksumHasher {
  switch (algorithm) {
    case 'CRC32':
      return new Crc32Hasher(false);
    case 'CRC32C':
      return new Crc32Hasher(true);
    case 'CRC64NVME':
      return new Crc64NvmeHasher();
    case 'SHA1':
      return new NodeHashHasher('sha1');
    case 'SHA256':
      return new NodeHashHasher('sha256');
  }
}

/** The checksum of `data` (one buffer or several in order), base64 as S3 puts it on the wire. */
export function computeChecksum(
  algorithm: ChecksumAlgorithm,
  data: Uint8Array | readonly Uint8Array[],
): string {
  const hasher = createChecksumHasher(algorithm);
  for (const part of Array.isArray(data) ? data : [data as Uint8Array]) hasher.update(part);
  return hasher.digest().toString('base64');
}

/** Throws S3's `InvalidRequest` unless `value` is canonical base64 of the algorithm's digest length. */
export function assertChecksumValue(algorithm: ChecksumAlgorithm, value: string): void {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== DIGEST_BYTES[algorithm] || bytes.toString('base64') !== value) {
    throw new AwsError('InvalidRequest', `Value for ${checksumHeaderName(algorithm)} header is invalid.`);
  }
}

/** Throws S3's `BadDigest` when the calculated checksum differs from what the client sent. */
export function assertChecksumMatches(
  algorithm: ChecksumAlgorithm,
  claimed: string,
  calculated: string,
): void {
  assertChecksumValue(algorithm, claimed);
  if (claimed !== calculated) {
    throw new AwsError('BadDigest', `The ${algorithm} you specified did not match the calculated checksum.`);
  }
}

/**
 * Checks the `x-amz-checksum-*` headers of a request whose body arrived whole (not aws-chunked): at most
 * one, well-formed and matching. Returns what was verified.
 */
export function verifyChecksumHeaders(headers: Readonly<Record<string, string>>, body: Buffer): Checksums {
  const present = Object.keys(headers).flatMap((name) => {
    const algorithm = algorithmOfHeader(name);
    return algorithm ? [{ algorithm, value: headers[name]! }] : [];
  });
  if (present.length > 1) {
    throw new AwsError(
      'InvalidRequest',
      'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.',
    );
  }
  const [claim] = present;
  if (!claim) return {};
  assertChecksumMatches(claim.algorithm, claim.value, computeChecksum(claim.algorithm, body));
  return { [claim.algorithm]: claim.value };
}

/** Checks a `Content-MD5` header against the body: `InvalidDigest` if malformed, `BadDigest` if different. */
export function verifyContentMd5(value: string, body: Buffer): void {
  const bytes = Buffer.from(value.trim(), 'base64');
  if (bytes.length !== 16) throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.');
  const hasher = new NodeHashHasher('md5');
  hasher.update(body);
  if (!hasher.digest().equals(bytes)) {
    throw new AwsError('BadDigest', 'The Content-MD5 you specified did not match what we received.');
  }
}
