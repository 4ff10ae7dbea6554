/** unpackZip: a function's deployment package unpacked safely (no zip-slip, no symlinks, modes kept). */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, type Zippable, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unpackZip, ZipFormatError } from '../../../../src/local-cloud/services/lambda/runtime/index.js';
import { crc32, readZipEntries } from '../../../../src/local-cloud/services/lambda/runtime/zip-reader.js';
import { scratch } from './fixtures.js';

const UNIX = 3;
const mode = (bits: number) => ({ os: UNIX, attrs: bits << 16 });

describe('unpackZip', () => {
  let area: Awaited<ReturnType<typeof scratch>>;
  let n = 0;
  const target = () => join(area.root, `out-${++n}`);

  beforeAll(async () => {
    area = await scratch();
  });
  afterAll(async () => {
    await area.cleanup();
  });

  async function rejection(zip: Uint8Array, dir = target()): Promise<ZipFormatError> {
    const error = await unpackZip(Buffer.from(zip), dir).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ZipFormatError);
    return error as ZipFormatError;
  }

  it('unpacks stored and deflated files and directories, keeping the permission bits', async () => {
    const zip = zipSync({
      'index.mjs': [
        strToU8('export const handler = async () => 1;\n'.repeat(50)),
        { level: 9, ...mode(0o100644) },
      ],
      'bin/run.sh': [strToU8('#!/bin/sh\necho hi\n'), { level: 0, ...mode(0o100755) }],
      'lib/': [new Uint8Array(0), mode(0o040755)],
      'lib/data.json': [strToU8('{"a":1}'), { level: 6, ...mode(0o100600) }],
      'plain.txt': [strToU8('no unix mode'), { level: 6 }],
    } as Zippable);
    const dir = target();
    const result = await unpackZip(Buffer.from(zip), dir);
    expect(result).toEqual({ files: 4, directories: 1, bytes: expect.any(Number), skippedSymlinks: [] });
    expect(readFileSync(join(dir, 'bin/run.sh'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).toContain('export const handler');
    expect(statSync(join(dir, 'bin/run.sh')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'lib/data.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'index.mjs')).mode & 0o777).toBe(0o644);
    expect(statSync(join(dir, 'plain.txt')).mode & 0o777).toBe(0o644);
    expect(statSync(join(dir, 'lib')).isDirectory()).toBe(true);
  });

  it.each([['../evil.txt'], ['a/../../evil.txt'], ['/etc/evil.txt'], ['C:/evil.txt'], ['..\\evil.txt']])(
    'rejects the whole archive for the zip-slip entry %s, writing nothing',
    async (name) => {
      const zip = zipSync({ 'ok.txt': strToU8('fine'), [name]: strToU8('pwned') });
      const dir = join(area.root, 'slip', `t${++n}`);
      const error = await rejection(zip, dir);
      expect(error.code).toBe('InvalidParameterValueException');
      expect(error.message).toBe(
        'Could not unzip uploaded file. Please check your file, then try to upload again.',
      );
      expect(error.reason).toMatch(/outside the target directory|absolute path/);
      expect(existsSync(join(area.root, 'slip', 'evil.txt'))).toBe(false);
      expect(existsSync(join(area.root, 'evil.txt'))).toBe(false);
      expect(existsSync(dir)).toBe(false);
    },
  );

  it('never creates symbolic links: they are skipped and listed', async () => {
    const zip = zipSync({
      link: [strToU8('/etc/passwd'), mode(0o120777)],
      'node_modules/.bin/tool': [strToU8('../tool/cli.js'), mode(0o120755)],
      'real.txt': [strToU8('real'), mode(0o100644)],
    } as Zippable);
    const dir = target();
    const result = await unpackZip(Buffer.from(zip), dir);
    expect(result.skippedSymlinks).toEqual(['link', 'node_modules/.bin/tool']);
    expect(existsSync(join(dir, 'link'))).toBe(false);
    expect(lstatSync(join(dir, 'real.txt')).isFile()).toBe(true);
  });

  it('rejects corrupt data, unknown methods, encryption and things that are not zips', async () => {
    const good = Buffer.from(zipSync({ 'a.txt': [strToU8('hello hello hello'), { level: 0 }] }));
    const [entry] = readZipEntries(good);
    const corrupt = Buffer.from(good);
    const dataStart = 30 + 'a.txt'.length;
    const at = entry!.localHeaderOffset + dataStart;
    corrupt.writeUInt8(corrupt.readUInt8(at) ^ 0xff, at);
    expect((await rejection(corrupt)).reason).toMatch(/CRC-32/);

    const method = Buffer.from(good);
    const central = method.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    method.writeUInt16LE(12, central + 10);
    expect((await rejection(method)).reason).toMatch(/compression method 12/);

    const encrypted = Buffer.from(good);
    encrypted.writeUInt16LE(1, central + 8);
    expect((await rejection(encrypted)).reason).toMatch(/encrypted/);

    expect((await rejection(Buffer.from('not a zip at all, just some text'))).reason).toMatch(/not a zip/);
    expect((await rejection(good.subarray(0, good.length - 30))).reason).toBeDefined();
  });

  it('refuses an archive over the unzipped size limit before writing anything', async () => {
    const zip = zipSync({ 'big.bin': [new Uint8Array(4096), { level: 9 }] });
    const dir = target();
    const error = await unpackZip(Buffer.from(zip), dir, { maxUnzippedBytes: 1000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'InvalidParameterValueException',
      message: 'Unzipped size must be smaller than 1000 bytes',
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('rejects duplicate entries instead of overwriting', async () => {
    // Two central entries for the same name: rename the second file of a two-file archive.
    const two = Buffer.from(zipSync({ 'x.txt': strToU8('first'), 'y.txt': strToU8('second') }));
    let at = two.indexOf('y.txt');
    while (at >= 0) {
      two.write('x', at);
      at = two.indexOf('y.txt', at + 1);
    }
    expect((await rejection(two)).reason).toMatch(/clashes/);
  });

  it('reads ZIP64 archives (as Python writes them with force_zip64)', async () => {
    const file = join(area.root, 'zip64.zip');
    const script = [
      'import sys, zipfile',
      'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
      '    with z.open("lambda_function.py", "w", force_zip64=True) as f:',
      '        f.write(b"def lambda_handler(event, context):\\n    return 42\\n")',
    ].join('\n');
    execFileSync('python3', ['-c', script, file]);
    const dir = target();
    const result = await unpackZip(readFileSync(file), dir);
    expect(result.files).toBe(1);
    expect(readFileSync(join(dir, 'lambda_function.py'), 'utf8')).toContain('return 42');
  });

  it('unpacks only into an empty directory', async () => {
    const dir = target();
    await unpackZip(Buffer.from(zipSync({ 'a.txt': strToU8('a') })), dir);
    await expect(unpackZip(Buffer.from(zipSync({ 'b.txt': strToU8('b') })), dir)).rejects.toThrow(
      /not empty/,
    );
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
