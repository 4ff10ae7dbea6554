/**
 * A small, strict zip reader: the central directory (ZIP64 included), stored and deflated entries, CRC-32
 * checked, Unix modes read. Anything it does not understand (encryption, other methods, multi-disk
 * archives, truncated records) is a `ZipFormatError`. Pure: bytes in, entries and bytes out.
 */
import { inflateRawSync } from 'node:zlib';
import { AwsError } from '../../../http/index.js';

/** Lambda's answer to a zip it cannot unpack; `reason` says what exactly is wrong. */
export class ZipFormatError extends AwsError {
  readonly reason: string;

  constructor(reason: string) {
    super(
      'InvalidParameterValueException',
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
    this.name = 'ZipFormatError';
    this.reason = reason;
  }
}

export interface ZipEntry {
  /** As stored (backslashes turned into slashes). */
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** Permission bits and file type from a Unix-made archive. */
  unixMode: number | undefined;
  isDirectory: boolean;
  isSymlink: boolean;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const U16 = 0xffff;
const U32 = 0xffffffff;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
/** Hosts whose external attributes carry a Unix mode: 3 Unix, 19 OS X. */
const UNIX_HOSTS = new Set([3, 19]);

function need(zip: Buffer, offset: number, length: number, what: string): void {
  if (offset < 0 || offset + length > zip.length) throw new ZipFormatError(`truncated ${what}`);
}

function u64(zip: Buffer, offset: number, what: string): number {
  const value = zip.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError(`${what} too large`);
  return Number(value);
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const last = zip.length - 22;
  for (let offset = last; offset >= Math.max(0, last - 0xffff); offset--) {
    if (zip.readUInt32LE(offset) === EOCD) return offset;
  }
  throw new ZipFormatError('no end of central directory record (not a zip file)');
}

interface Directory {
  count: number;
  offset: number;
  size: number;
}

function centralDirectory(zip: Buffer): Directory {
  const eocd = findEndOfCentralDirectory(zip);
  if (zip.readUInt16LE(eocd + 4) !== 0 || zip.readUInt16LE(eocd + 6) !== 0) {
    throw new ZipFormatError('multi-disk archives are not supported');
  }
  let count = zip.readUInt16LE(eocd + 10);
  let size = zip.readUInt32LE(eocd + 12);
  let offset = zip.readUInt32LE(eocd + 16);
  if (count === U16 || size === U32 || offset === U32) {
    const locator = eocd - 20;
    need(zip, locator, 20, 'ZIP64 locator');
    if (zip.readUInt32LE(locator) !== ZIP64_LOCATOR) throw new ZipFormatError('missing ZIP64 locator');
    const record = u64(zip, locator + 8, 'ZIP64 record offset');
    need(zip, record, 56, 'ZIP64 end of central directory');
    if (zip.readUInt32LE(record) !== ZIP64_EOCD)
      throw new ZipFormatError('bad ZIP64 end of central directory');
    count = u64(zip, record + 32, 'entry count');
    size = u64(zip, record + 40, 'central directory size');
    offset = u64(zip, record + 48, 'central directory offset');
  }
  need(zip, offset, size, 'central directory');
  return { count, offset, size };
}

/** Replaces the 0xFFFFFFFF fields of a central header by their ZIP64 extra-field values. */
function applyZip64(
  extra: Buffer,
  fields: { uncompressedSize: number; compressedSize: number; localHeaderOffset: number },
): void {
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(p);
    const length = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const end = q + length;
      for (const key of ['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const) {
        if (fields[key] !== U32) continue;
        if (q + 8 > end || q + 8 > extra.length) throw new ZipFormatError('truncated ZIP64 extra field');
        fields[key] = u64(extra, q, key);
        q += 8;
      }
      return;
    }
    p += 4 + length;
  }
}

/** The entries of the central directory, in order. */
export function readZipEntries(zip: Buffer): ZipEntry[] {
  if (zip.length < 22) throw new ZipFormatError('too short to be a zip file');
  const directory = centralDirectory(zip);
  const entries: ZipEntry[] = [];
  let p = directory.offset;
  for (let i = 0; i < directory.count; i++) {
    need(zip, p, 46, 'central directory entry');
    if (zip.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('bad central directory entry');
    const madeBy = zip.readUInt16LE(p + 4) >> 8;
    const flags = zip.readUInt16LE(p + 8);
    const method = zip.readUInt16LE(p + 10);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    const external = zip.readUInt32LE(p + 38);
    need(zip, p + 46, nameLength + extraLength + commentLength, 'central directory entry');
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength).replaceAll('\\', '/');
    if (flags & 0x1) throw new ZipFormatError(`entry ${name} is encrypted`);
    if (method !== 0 && method !== 8)
      throw new ZipFormatError(`entry ${name} uses compression method ${method}`);
    const fields = {
      uncompressedSize: zip.readUInt32LE(p + 24),
      compressedSize: zip.readUInt32LE(p + 20),
      localHeaderOffset: zip.readUInt32LE(p + 42),
    };
    applyZip64(zip.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), fields);
    const unixMode = UNIX_HOSTS.has(madeBy) && external >>> 16 !== 0 ? external >>> 16 : undefined;
    const type = unixMode === undefined ? 0 : unixMode & S_IFMT;
    entries.push({
      name,
      method,
      crc32: zip.readUInt32LE(p + 16),
      ...fields,
      unixMode,
      isDirectory:
        name.endsWith('/') || type === S_IFDIR || (unixMode === undefined && (external & 0x10) !== 0),
      isSymlink: type === S_IFLNK,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** An entry's bytes, inflated and checked against its size and CRC-32. */
export function readEntryData(zip: Buffer, entry: ZipEntry): Buffer {
  const local = entry.localHeaderOffset;
  need(zip, local, 30, `local header of ${entry.name}`);
  if (zip.readUInt32LE(local) !== LOCAL) throw new ZipFormatError(`bad local header for ${entry.name}`);
  const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
  need(zip, start, entry.compressedSize, `data of ${entry.name}`);
  const raw = zip.subarray(start, start + entry.compressedSize);
  let data: Buffer;
  if (entry.method === 0) data = raw;
  else {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch {
      throw new ZipFormatError(`entry ${entry.name} does not inflate to its declared size`);
    }
  }
  if (data.length !== entry.uncompressedSize)
    throw new ZipFormatError(`entry ${entry.name} has the wrong size`);
  if (crc32(data) !== entry.crc32) throw new ZipFormatError(`entry ${entry.name} fails its CRC-32 check`);
  return data;
}
