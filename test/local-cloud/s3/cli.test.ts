import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../http/fixtures.js';
import { type PrincipalName, type S3Harness, startS3Harness } from './harness.js';

const run = promisify(execFile);

function bytes(n: number): Buffer {
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 11) & 0xff;
  return out;
}

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

describe('S3 with the aws CLI', () => {
  let h: S3Harness;
  let home: { path: string; remove: () => Promise<void> };
  let caBundle: string;

  beforeAll(async () => {
    home = await tempDir('s3-cli');
    h = await startS3Harness({ https: true });
    caBundle = join(home.path, 'ca.pem');
    await writeFile(caBundle, h.cloud.caCertPem!);
  });
  afterAll(async () => {
    await h.close();
    await home.remove();
  });

  async function aws(
    args: string[],
    options: { as?: PrincipalName; region?: string; https?: boolean } = {},
  ): Promise<{ stdout: string; stderr: string; code: number }> {
    const endpoint = options.https ? h.cloud.httpsEndpoint! : h.cloud.endpoint;
    try {
      const { stdout, stderr } = await run('aws', [...args, '--endpoint-url', endpoint, '--output', 'json'], {
        env: h.cliEnv(options.as ?? 'rootA', home.path, { region: options.region, caBundle }),
        maxBuffer: 64 * 1024 * 1024,
      });
      return { stdout, stderr, code: 0 };
    } catch (err) {
      const e = err as { stdout: string; stderr: string; code: number };
      return { stdout: e.stdout, stderr: e.stderr, code: e.code };
    }
  }

  it('creates buckets as s3api and s3 mb do, with the LocationConstraint rules', async () => {
    const missing = await aws(['s3api', 'create-bucket', '--bucket', 'cli-eu'], { region: 'eu-west-1' });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('IllegalLocationConstraintException');
    const eu = await aws(['s3', 'mb', 's3://cli-eu'], { region: 'eu-west-1' });
    expect(eu.code).toBe(0);
    expect((await aws(['s3api', 'get-bucket-location', '--bucket', 'cli-eu'])).stdout).toContain('eu-west-1');
    expect((await aws(['s3', 'mb', 's3://cli-bucket'])).code).toBe(0);
    const listed = await aws(['s3', 'ls']);
    expect(listed.stdout).toMatch(/cli-bucket\n/);
    expect(listed.stdout).toMatch(/cli-eu\n/);
  });

  it('puts, gets and lists objects with s3api', async () => {
    const file = join(home.path, 'small.txt');
    const body = Buffer.from('hello from the aws cli\n');
    await writeFile(file, body);
    const put = await aws([
      's3api',
      'put-object',
      '--bucket',
      'cli-bucket',
      '--key',
      'notes/hello world+1.txt',
      '--body',
      file,
      '--content-type',
      'text/plain',
      '--metadata',
      'origin=cli',
    ]);
    expect(put.code).toBe(0);
    expect(JSON.parse(put.stdout)).toMatchObject({ ETag: `"${md5(body)}"`, ServerSideEncryption: 'AES256' });

    const out = join(home.path, 'small.out');
    const got = await aws([
      's3api',
      'get-object',
      '--bucket',
      'cli-bucket',
      '--key',
      'notes/hello world+1.txt',
      out,
    ]);
    expect(got.code).toBe(0);
    expect(JSON.parse(got.stdout)).toMatchObject({ ContentType: 'text/plain', Metadata: { origin: 'cli' } });
    expect((await readFile(out)).equals(body)).toBe(true);

    for (const key of ['notes/a.txt', 'notes/b.txt', 'other/c.txt']) {
      await aws(['s3api', 'put-object', '--bucket', 'cli-bucket', '--key', key, '--body', file]);
    }
    // --page-size 1: the CLI follows continuation tokens; it also asks for encoding-type=url and decodes.
    const listed = await aws([
      's3api',
      'list-objects-v2',
      '--bucket',
      'cli-bucket',
      '--prefix',
      'notes/',
      '--page-size',
      '1',
    ]);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).Contents.map((c: { Key: string }) => c.Key)).toEqual([
      'notes/a.txt',
      'notes/b.txt',
      'notes/hello world+1.txt',
    ]);
    const delimited = await aws(['s3api', 'list-objects-v2', '--bucket', 'cli-bucket', '--delimiter', '/']);
    expect(JSON.parse(delimited.stdout).CommonPrefixes).toEqual([{ Prefix: 'notes/' }, { Prefix: 'other/' }]);

    const missing = await aws(['s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'nope', out]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('NoSuchKey');
  });

  it('uploads and downloads a 17 MB file with aws s3 cp (multipart) and lists it with aws s3 ls', async () => {
    const data = bytes(17 * 1024 * 1024 + 5);
    const file = join(home.path, 'big.bin');
    await writeFile(file, data);
    const up = await aws(['s3', 'cp', file, 's3://cli-bucket/big/big.bin']);
    expect(up.code).toBe(0);
    const head = JSON.parse(
      (await aws(['s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'big/big.bin'])).stdout,
    );
    expect(head.ContentLength).toBe(data.length);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);

    const out = join(home.path, 'big.out');
    const down = await aws(['s3', 'cp', 's3://cli-bucket/big/big.bin', out]);
    expect(down.code).toBe(0);
    expect(md5(await readFile(out))).toBe(md5(data));

    const ls = await aws(['s3', 'ls', 's3://cli-bucket/big/']);
    expect(ls.stdout).toMatch(new RegExp(`\\s${data.length} big\\.bin\\n`));
    const recursive = await aws(['s3', 'ls', '--recursive', 's3://cli-bucket/']);
    expect(recursive.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('works over HTTPS with the local CA bundle', async () => {
    const file = join(home.path, 'tls.txt');
    await writeFile(file, 'over tls');
    expect((await aws(['s3', 'cp', file, 's3://cli-bucket/tls.txt'], { https: true })).code).toBe(0);
    const out = join(home.path, 'tls.out');
    expect((await aws(['s3', 'cp', 's3://cli-bucket/tls.txt', out], { https: true })).code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe('over tls');
  });

  it('denies another account and removes everything with s3 rm and s3 rb', async () => {
    const denied = await aws(['s3', 'ls', 's3://cli-bucket/'], { as: 'rootB' });
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('AccessDenied');
    expect((await aws(['s3', 'rb', 's3://cli-bucket'])).stderr).toContain('BucketNotEmpty');
    expect((await aws(['s3', 'rm', '--recursive', 's3://cli-bucket/'])).code).toBe(0);
    expect((await aws(['s3', 'rb', 's3://cli-bucket'])).code).toBe(0);
    expect((await aws(['s3', 'ls'])).stdout).not.toContain('cli-bucket');
  });
});
