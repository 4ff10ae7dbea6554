import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FleetpipeError } from '../../src/errors.js';
import {
  ZipFormatLimits,
  ZipWriter,
  comparePaths,
  crc32,
  createZip,
  normalizeMode,
  type ZipEntry,
} from '../../src/build/zip.js';
import { assertValidZip, inspectZip } from './helpers/zip-inspect.js';

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'fleetpipe-zip-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function writeZipFile(entries: ZipEntry[]): Promise<string> {
  const file = join(tmp, 'out.zip');
  await writeFile(file, createZip(entries));
  return file;
}

const text = (s: string) => Buffer.from(s, 'utf8');

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('normalizeMode', () => {
  it('keeps only "owner may execute"', () => {
    expect(normalizeMode(0o100777)).toBe(0o755);
    expect(normalizeMode(0o100744)).toBe(0o755);
    expect(normalizeMode(0o100666)).toBe(0o644);
    expect(normalizeMode(0o100600)).toBe(0o644);
    expect(normalizeMode(0o100011)).toBe(0o644);
  });
});

describe('createZip', () => {
  it('writes a zip that Python and unzip accept, with sorted entries and the contents', async () => {
    const file = await writeZipFile([
      { path: 'lib/util.js', data: text('export const x = 1;\n'), mode: 0o644 },
      { path: 'B.js', data: text('b'), mode: 0o644 },
      { path: 'a.js', data: text('a'.repeat(1000)), mode: 0o644 },
      { path: 'lib/a/deep.js', data: text('deep'), mode: 0o644 },
      { path: 'ünïcode.txt', data: text('u'), mode: 0o644 },
    ]);
    assertValidZip(file);
    const entries = inspectZip(file);
    expect(entries.map((e) => e.name)).toEqual([
      'B.js',
      'a.js',
      'lib/a/deep.js',
      'lib/util.js',
      'ünïcode.txt',
    ]);
    expect(entries.find((e) => e.name === 'a.js')!.content.toString()).toBe('a'.repeat(1000));
    expect(entries.find((e) => e.name === 'lib/util.js')!.content.toString()).toBe('export const x = 1;\n');
  });

  it('uses a fixed date, Unix attributes with normalized modes and no extra fields', async () => {
    const file = await writeZipFile([
      { path: 'run.sh', data: text('#!/bin/sh\n'), mode: 0o100775 },
      { path: 'index.js', data: text('x'), mode: 0o100600 },
    ]);
    for (const entry of inspectZip(file)) {
      expect(entry.dateTime).toEqual([1980, 1, 1, 0, 0, 0]);
      expect(entry.createSystem).toBe(3);
      expect(entry.extraLength).toBe(0);
    }
    const modes = Object.fromEntries(inspectZip(file).map((e) => [e.name, e.mode]));
    expect(modes).toEqual({ 'index.js': 0o100644, 'run.sh': 0o100755 });
  });

  it('deflates what shrinks and stores what does not', async () => {
    const file = await writeZipFile([
      { path: 'big.txt', data: text('hello '.repeat(500)), mode: 0o644 },
      { path: 'tiny.txt', data: text('hi'), mode: 0o644 },
      { path: 'empty.txt', data: new Uint8Array(0), mode: 0o644 },
    ]);
    assertValidZip(file);
    const methods = Object.fromEntries(inspectZip(file).map((e) => [e.name, e.compressType]));
    expect(methods).toEqual({ 'big.txt': 8, 'empty.txt': 0, 'tiny.txt': 0 });
  });

  it('gives the same bytes for the same entries, whatever order they come in', () => {
    const entries: ZipEntry[] = [
      { path: 'z.js', data: text('z'.repeat(300)), mode: 0o644 },
      { path: 'a/b.js', data: text('b'), mode: 0o755 },
      { path: 'm.js', data: text('m'), mode: 0o644 },
    ];
    const first = createZip(entries);
    const second = createZip([...entries].reverse());
    expect(second.equals(first)).toBe(true);
    const other = createZip([
      ...entries.slice(1),
      { path: 'z.js', data: text('Z'.repeat(300)), mode: 0o644 },
    ]);
    expect(other.equals(first)).toBe(false);
  });

  it('writes an empty zip as just the end record', async () => {
    const file = await writeZipFile([]);
    expect(createZip([]).length).toBe(22);
    // (unzip -t calls an empty zip a warning, so only Python reads this one.)
    expect(inspectZip(file)).toEqual([]);
  });
});

describe('ZipWriter', () => {
  it('refuses entries out of order or duplicated', () => {
    const writer = new ZipWriter();
    writer.add({ path: 'b.js', data: text('b'), mode: 0o644 });
    expect(() => writer.add({ path: 'a.js', data: text('a'), mode: 0o644 })).toThrow(/out of order/);
    expect(() => writer.add({ path: 'b.js', data: text('b'), mode: 0o644 })).toThrow(
      /out of order or duplicated/,
    );
  });

  it.each(['', '/abs.js', 'a//b.js', '../up.js', 'a/./b.js', 'win\\path.js'])(
    'refuses the path %j',
    (path) => {
      const writer = new ZipWriter();
      expect(() => writer.add({ path, data: text('x'), mode: 0o644 })).toThrowError(
        expect.objectContaining({ code: 'ZipInvalidPath' }),
      );
    },
  );

  it('fails clearly past the entry limit of a zip without zip64', () => {
    const writer = new ZipWriter();
    const empty = new Uint8Array(0);
    for (let i = 0; i < ZipFormatLimits.maxEntries; i++) {
      writer.add({ path: `f${String(i).padStart(6, '0')}`, data: empty, mode: 0o644 });
    }
    let error: unknown;
    try {
      writer.add({ path: 'g', data: empty, mode: 0o644 });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FleetpipeError);
    expect((error as FleetpipeError).code).toBe('ZipTooLarge');
    expect((error as FleetpipeError).message).toMatch(/more than 65534 files/);
  });

  it('fails clearly for a file past 4 GiB, before compressing it', () => {
    const huge = { length: 2 ** 32 } as unknown as Uint8Array;
    expect(() => new ZipWriter().add({ path: 'huge.bin', data: huge, mode: 0o644 })).toThrowError(
      expect.objectContaining({ code: 'ZipTooLarge', message: expect.stringMatching(/huge\.bin.*4 GiB/) }),
    );
  });
});

describe('comparePaths', () => {
  it('orders by code unit, not by locale', () => {
    expect(['b', 'a/b', 'B', 'a', 'a-b', 'é'].sort(comparePaths)).toEqual(['B', 'a', 'a-b', 'a/b', 'b', 'é']);
  });
});
