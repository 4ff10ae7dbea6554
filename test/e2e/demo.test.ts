/**
 * `npm start`'s deployment on a local cloud (scripts/demo.ts), run as the user runs it, on a fresh build
 * of the example: every stack deployed, the S3 rule evaluated by its Lambda, a second deploy a no-op.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { makeTempDir } from '../local-cloud/core/fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

let work: { path: string; remove(): Promise<void> };
let dist: string;

beforeAll(async () => {
  work = await makeTempDir('fleetpipe-demo-');
  dist = path.join(work.path, 'dist');
  await build({
    projectDir: path.join(ROOT, 'examples/config-rules'),
    outDir: dist,
    cacheDir: path.join(work.path, 'cache'),
  });
});
afterAll(async () => {
  await work?.remove();
});

function demo(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--no-warnings', '--import', 'tsx', 'scripts/demo.ts', dist, '--accounts', '2', ...args],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
}

describe('npm start: the example deployed on a local cloud', () => {
  it('deploys to every account and region, reports the staged failure with its root cause, and recovers', () => {
    const run = demo('--regions', 'us-east-1,eu-west-1');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toContain('no AWS account used');
    expect(out).toMatch(/published to s3:\/\/acme-guardrails-artifacts-eu-west-1: 11 objects/);
    expect(out).toContain('deploying to 2 accounts × 2 regions = 4 stacks');
    expect(out).toMatch(
      /staged: \/aws\/lambda\/acme-guardrails-compliance-digest was created by hand in dev-orders\/eu-west-1/,
    );
    expect(out.match(/ created +\d+ changes/g)).toHaveLength(3);
    expect(out).toMatch(
      /dev-orders \(\d{12}\)\s+eu-west-1\s+failed\s+ComplianceDigest > LogGroup: The specified log group already exists/,
    );
    expect(out).toContain('3 of 4 stacks deployed, 1 failed');
    expect(out).toContain('dev-orders/eu-west-1 deployed again: created');
    expect(out).toMatch(/dev-payments-encrypted-with-kms\s+COMPLIANT/);
    expect(out).toMatch(/again: unchanged/);
  });

  it('deploys everything with --clean', () => {
    const run = demo('--regions', 'us-east-1', '--clean');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('staged:');
    expect(run.stdout).toContain('2 of 2 stacks deployed\n');
  });
});
