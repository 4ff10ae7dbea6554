/**
 * A small, deterministic zip writer: the same entries give the same bytes on
 * any machine, in any timezone, on any day.
 *
 * - Entries must be added in `comparePaths` order (the writer checks), with `/` separators.
 * - Every entry has the same DOS timestamp (1980-01-01 00:00) and no extra fields,
 *   so no clock or file time ever reaches the bytes.
 * - "Version made by" is Unix and the external attributes carry the Unix mode
 *   (regular file, 0644 or 0755), so Lambda sees the right permissions.
 * - Only files: directory entries are not needed by Lambda or by unzip.
 * - No zip64: a package past 65,534 entries or 4 GiB fails with `ZipTooLarge`
 *   (Lambda's own limits are far below that).
 *
 * Compression is fflate's pure-JS deflate, not node:zlib: node's bundled zlib
 * may pick CPU-specific code paths (e.g. SIMD hashing) and give different
 * compressed bytes on different machines, which would break reproducibility.
 */
import { deflateSync } from 'fflate';
import { FleetpipeError } from '../errors.js';

export interface ZipEntry {
  /** Path inside the zip: relative, `/` separators, no `.` or `..` segments. */
  path: string;
  data: Uint8Array;
  /** Unix permission bits; normalized to 0o755 when owner-executable, else 0o644. */
  mode: number;
}

const LOCAL_HEADER_SIG = 0x04034b50;
const CENTRAL_HEADER_SIG = 0x02014b50;
const END_RECORD_SIG = 0x06054b50;
const LOCAL_HEADER_SIZE = 30;
const CENTRAL_HEADER_SIZE = 46;
const END_RECORD_SIZE = 22;
/** 1980-01-01 00:00:00 in DOS format: time 0, date (0 << 9) | (1 << 5) | 1. */
const DOS_TIME = 0;
const DOS_DATE = 0x21;
/** Bit 11: file names are UTF-8. */
const FLAG_UTF8 = 0x0800;
/** Upper byte 3 = Unix, lower byte 20 = spec version 2.0. */
const VERSION_MADE_BY = (3 << 8) | 20;
const METHOD_STORE = 0;
const METHOD_DEFLATE = 8;
/** 0xFFFF and 0xFFFFFFFF are zip64 markers, so the largest plain values are one less. */
export const ZipFormatLimits = {
  maxEntries: 0xfffe,
  maxBytes: 0xfffffffe,
} as const;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3), as zip uses it. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The order entries are stored in: plain code-unit order, never locale-dependent. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 0o755 when the owner may execute the file, else 0o644. */
export function normalizeMode(mode: number): number {
  return mode & 0o100 ? 0o755 : 0o644;
}

interface CentralRecord {
  name: Buffer;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  mode: number;
  offset: number;
}

/**
 * Streams a zip: `add` returns the bytes of one entry (local header + data) to
 * append, `finish` the central directory and end record. The caller writes
 * the chunks wherever it likes, so a large package never sits in memory whole.
 */
export class ZipWriter {
  private readonly records: CentralRecord[] = [];
  private offset = 0;
  private lastPath: string | undefined;
  private finished = false;

  add(entry: ZipEntry): Buffer[] {
    if (this.finished) throw new Error('ZipWriter: add() after finish()');
    checkEntryPath(entry.path);
    if (this.lastPath !== undefined && comparePaths(this.lastPath, entry.path) >= 0) {
      throw new FleetpipeError(
        'ZipEntryOrder',
        `zip entry "${entry.path}" is out of order or duplicated (after "${this.lastPath}")`,
        {
          source: 'toolkit',
          hint: 'This is a bug in fleetpipe: entries must be added sorted by comparePaths.',
        },
      );
    }
    this.lastPath = entry.path;
    if (this.records.length >= ZipFormatLimits.maxEntries) {
      throw tooLarge(`more than ${ZipFormatLimits.maxEntries} files`);
    }
    if (entry.data.length > ZipFormatLimits.maxBytes) {
      throw tooLarge(`file "${entry.path}" is ${entry.data.length} bytes, over the 4 GiB zip limit`);
    }

    const deflated = deflateSync(entry.data, { level: 9 });
    const store = deflated.length >= entry.data.length;
    const body = store ? entry.data : deflated;
    const name = Buffer.from(entry.path, 'utf8');
    const record: CentralRecord = {
      name,
      method: store ? METHOD_STORE : METHOD_DEFLATE,
      crc: crc32(entry.data),
      compressedSize: body.length,
      size: entry.data.length,
      mode: normalizeMode(entry.mode),
      offset: this.offset,
    };

    const header = Buffer.alloc(LOCAL_HEADER_SIZE);
    header.writeUInt32LE(LOCAL_HEADER_SIG, 0);
    header.writeUInt16LE(versionNeeded(record.method), 4);
    header.writeUInt16LE(FLAG_UTF8, 6);
    header.writeUInt16LE(record.method, 8);
    header.writeUInt16LE(DOS_TIME, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt32LE(record.crc, 14);
    header.writeUInt32LE(record.compressedSize, 18);
    header.writeUInt32LE(record.size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(0, 28);

    const entryBytes = LOCAL_HEADER_SIZE + name.length + body.length;
    if (this.offset + entryBytes > ZipFormatLimits.maxBytes) throw tooLarge('the zip would pass 4 GiB');
    this.offset += entryBytes;
    this.records.push(record);
    return [header, name, Buffer.from(body.buffer, body.byteOffset, body.byteLength)];
  }

  /** Central directory and end record; the zip is complete after these bytes. */
  finish(): Buffer {
    if (this.finished) throw new Error('ZipWriter: finish() called twice');
    this.finished = true;
    const centralSize = this.records.reduce((n, r) => n + CENTRAL_HEADER_SIZE + r.name.length, 0);
    if (this.offset + centralSize + END_RECORD_SIZE > ZipFormatLimits.maxBytes) {
      throw tooLarge('the zip would pass 4 GiB');
    }
    const out = Buffer.alloc(centralSize + END_RECORD_SIZE);
    let p = 0;
    for (const r of this.records) {
      out.writeUInt32LE(CENTRAL_HEADER_SIG, p);
      out.writeUInt16LE(VERSION_MADE_BY, p + 4);
      out.writeUInt16LE(versionNeeded(r.method), p + 6);
      out.writeUInt16LE(FLAG_UTF8, p + 8);
      out.writeUInt16LE(r.method, p + 10);
      out.writeUInt16LE(DOS_TIME, p + 12);
      out.writeUInt16LE(DOS_DATE, p + 14);
      out.writeUInt32LE(r.crc, p + 16);
      out.writeUInt32LE(r.compressedSize, p + 20);
      out.writeUInt32LE(r.size, p + 24);
      out.writeUInt16LE(r.name.length, p + 28);
      // extra field length, comment length, disk number start, internal attributes: all 0
      out.writeUInt32LE(((0o100000 | r.mode) << 16) >>> 0, p + 38);
      out.writeUInt32LE(r.offset, p + 42);
      r.name.copy(out, p + CENTRAL_HEADER_SIZE);
      p += CENTRAL_HEADER_SIZE + r.name.length;
    }
    out.writeUInt32LE(END_RECORD_SIG, p);
    // disk numbers: 0
    out.writeUInt16LE(this.records.length, p + 8);
    out.writeUInt16LE(this.records.length, p + 10);
    out.writeUInt32LE(centralSize, p + 12);
    out.writeUInt32LE(this.offset, p + 16);
    // comment length: 0
    return out;
  }

  get entryCount(): number {
    return this.records.length;
  }
}

/** Builds a whole zip in memory, sorting the entries first. */
export function createZip(entries: readonly ZipEntry[]): Buffer {
  const writer = new ZipWriter();
  const chunks: Buffer[] = [];
  for (const entry of [...entries].sort((a, b) => comparePaths(a.path, b.path))) {
    chunks.push(...writer.add(entry));
  }
  chunks.push(writer.finish());
  return Buffer.concat(chunks);
}

function versionNeeded(method: number): number {
  return method === METHOD_DEFLATE ? 20 : 10;
}

function checkEntryPath(path: string): void {
  const segments = path.split('/');
  const bad =
    path.length === 0 ||
    path.includes('\\') ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    Buffer.byteLength(path, 'utf8') > 0xffff;
  if (bad) {
    throw new FleetpipeError('ZipInvalidPath', `"${path}" is not a valid path for a zip entry`, {
      source: 'toolkit',
      hint: 'Entry paths are relative, use "/" separators and have no empty, "." or ".." segments.',
    });
  }
}

function tooLarge(what: string): FleetpipeError {
  return new FleetpipeError('ZipTooLarge', `cannot write the zip: ${what} (zip64 is not supported)`, {
    hint: "Lambda's limits are far below this; make the function's package smaller.",
  });
}

/** File count and total uncompressed size from a zip's central directory; undefined if it has none. */
export function zipStats(zip: Buffer): { fileCount: number; unzippedBytes: number } | undefined {
  const end = zip.length - END_RECORD_SIZE;
  if (end < 0 || zip.readUInt32LE(end) !== END_RECORD_SIG) return undefined;
  const fileCount = zip.readUInt16LE(end + 10);
  const centralSize = zip.readUInt32LE(end + 12);
  let p = zip.readUInt32LE(end + 16);
  if (p + centralSize > end) return undefined;
  let unzippedBytes = 0;
  for (let i = 0; i < fileCount; i++) {
    if (p + CENTRAL_HEADER_SIZE > end || zip.readUInt32LE(p) !== CENTRAL_HEADER_SIG) return undefined;
    unzippedBytes += zip.readUInt32LE(p + 24);
    p += CENTRAL_HEADER_SIZE + zip.readUInt16LE(p + 28) + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return { fileCount, unzippedBytes };
}
