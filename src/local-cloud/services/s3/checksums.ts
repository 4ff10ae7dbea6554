/**
 * Object checksums as S3 keeps them: the client's full-object checksum (or S3's default CRC64NVME when
 * the client sent none), composite checksums of multipart uploads (`<checksum of part checksums>-N`),
 * and how they appear in headers and XML. Pure.
 */
import { createHash } from 'node:crypto';
import {
  type ChecksumAlgorithm,
  type Checksums,
  checksumHeaderName,
  computeChecksum,
} from '../../http/index.js';
import type { StoredChecksum } from './state.js';

/** The algorithm S3 uses for objects uploaded without a checksum. */
export const DEFAULT_CHECKSUM_ALGORITHM: ChecksumAlgorithm = 'CRC64NVME';

export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = [
  'CRC32',
  'CRC32C',
  'CRC64NVME',
  'SHA1',
  'SHA256',
];

export function parseChecksumAlgorithm(value: string | undefined): ChecksumAlgorithm | undefined {
  if (value === undefined) return undefined;
  return CHECKSUM_ALGORITHMS.find((a) => a === value.toUpperCase());
}

/** The full-object checksum to keep for `body`: the (verified) one the client sent, else S3's default. */
export function fullObjectChecksum(
  sent: Checksums,
  body: Buffer,
  algorithm?: ChecksumAlgorithm,
): StoredChecksum {
  const [given] = Object.entries(sent) as [ChecksumAlgorithm, string][];
  if (given && (algorithm === undefined || given[0] === algorithm)) {
    return { algorithm: given[0], value: given[1], type: 'FULL_OBJECT' };
  }
  const chosen = algorithm ?? DEFAULT_CHECKSUM_ALGORITHM;
  return { algorithm: chosen, value: computeChecksum(chosen, body), type: 'FULL_OBJECT' };
}

/** The composite checksum of a multipart upload: the checksum of the parts' raw checksums, `-N`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: readonly string[]): string {
  const raw = partChecksums.map((c) => Buffer.from(c, 'base64'));
  return `${computeChecksum(algorithm, raw)}-${partChecksums.length}`;
}

export function checksumHeaders(checksum: StoredChecksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [checksumHeaderName(checksum.algorithm)]: checksum.value, 'x-amz-checksum-type': checksum.type };
}

/** `ChecksumCRC32`, … as S3's XML names the element. */
export function checksumXmlName(algorithm: ChecksumAlgorithm): string {
  return `Checksum${algorithm}`;
}

export function checksumXml(checksum: StoredChecksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [checksumXmlName(checksum.algorithm)]: checksum.value, ChecksumType: checksum.type };
}

export function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** The ETag of a multipart object: MD5 of the parts' binary MD5s, `-N`. */
export function multipartEtag(partEtags: readonly string[]): string {
  const digests = partEtags.map((e) => Buffer.from(e.replace(/"/g, ''), 'hex'));
  return `"${createHash('md5').update(Buffer.concat(digests)).digest('hex')}-${partEtags.length}"`;
}
