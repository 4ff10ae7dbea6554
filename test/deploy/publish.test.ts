/**
 * Publishing examples/config-rules' artifact to a bucket in the local cloud: SSE-KMS, content-addressed
 * objects sent once, a dist/ changed after the build refused before anything is sent.
 */
import { cp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import type { Manifest } from '../../src/build/manifest.js';
import { artifactObjects, publishArtifact } from '../../src/deploy/publish.js';
import { FleetpipeError } from '../../src/errors.js';
import { createLocalCloud, type LocalCloudInstance } from '../../src/local-cloud/index.js';
import { makeTempDir } from '../local-cloud/core/fixture.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/config-rules');
const BUCKET = 'acme-artifacts';

let cloud: LocalCloudInstance;
let work: { path: string; remove(): Promise<void> };
let manifest: Manifest;
let distDir: string;
let s3: S3Client;
let keyArn: string;

beforeAll(async () => {
  work = await makeTempDir('fleetpipe-publish-');
  distDir = path.join(work.path, 'dist');
  const built = await build({
    projectDir: EXAMPLE,
    outDir: distDir,
    cacheDir: path.join(work.path, 'cache'),
  });
  manifest = built.manifest;
  cloud = await createLocalCloud({ ephemeral: true });
  const creds = cloud.credentialsFor('tools');
  const config = { endpoint: cloud.endpoint, region: creds.region, credentials: creds, maxAttempts: 1 };
  s3 = new S3Client({ ...config, forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const kms = new KMSClient(config);
  keyArn = (await kms.send(new CreateKeyCommand({ Description: 'artifacts' }))).KeyMetadata!.Arn!;
  kms.destroy();
});
afterAll(async () => {
  s3?.destroy();
  await cloud?.close();
  await work?.remove();
});

async function listed(prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!).sort();
}

describe('publishArtifact', () => {
  it('uploads every object of the manifest under the prefix, encrypted with the given key', async () => {
    const result = await publishArtifact({
      s3,
      bucket: BUCKET,
      prefix: 'acme/',
      distDir,
      manifest,
      kmsKeyId: keyArn,
    });
    const expected = artifactObjects(manifest).map((o) => `acme/${o.key}`);
    expect(expected).toHaveLength(2 * manifest.functions.length + manifest.shards.length + 1);
    expect(result).toMatchObject({ uploaded: expected.length, skipped: 0 });
    expect(result.keys).toEqual(expected);
    expect(await listed('acme/')).toEqual([...expected].sort());
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `acme/${manifest.root.key}` }));
    expect(head.ServerSideEncryption).toBe('aws:kms');
    expect(head.SSEKMSKeyId).toBe(keyArn);
    const root = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `acme/${manifest.root.key}` }));
    expect(root.ContentType).toBe('application/json');
    const text = await root.Body!.transformToString();
    expect(text).toContain('AWS::CloudFormation::Stack');
  });

  it('sends only the orchestration template again when the same build is published twice', async () => {
    const again = await publishArtifact({
      s3,
      bucket: BUCKET,
      prefix: 'acme/',
      distDir,
      manifest,
      kmsKeyId: keyArn,
    });
    expect(again.uploaded).toBe(1);
    expect(again.skipped).toBe(artifactObjects(manifest).length - 1);
  });

  it('refuses a dist/ changed after the build, before sending anything', async () => {
    const copy = path.join(work.path, 'tampered');
    await cp(distDir, copy, { recursive: true });
    const victim = manifest.functions[0]!.template.key;
    await writeFile(path.join(copy, victim), '{"Resources":{}}');
    const err = await publishArtifact({
      s3,
      bucket: BUCKET,
      prefix: 'tampered/',
      distDir: copy,
      manifest,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FleetpipeError);
    expect((err as FleetpipeError).code).toBe('PublishFileChanged');
    expect((err as FleetpipeError).message).toContain(victim);
    expect((err as FleetpipeError).file).toBe(path.join(copy, victim));
    expect(await listed('tampered/')).toEqual([]);
  });

  it('names a file the manifest lists but dist/ lacks', async () => {
    const copy = path.join(work.path, 'incomplete');
    await cp(distDir, copy, { recursive: true });
    const missing = manifest.functions[0]!.code.key;
    await rm(path.join(copy, missing));
    const err = (await publishArtifact({
      s3,
      bucket: BUCKET,
      prefix: 'incomplete/',
      distDir: copy,
      manifest,
    }).catch((e: unknown) => e)) as FleetpipeError;
    expect(err.code).toBe('PublishFileMissing');
    expect(err.message).toBe(`${missing} is in the manifest but not in ${copy}.`);
    expect(err.file).toBe(path.join(copy, missing));
    expect(err.hint).toContain('fleetpipe build');
    expect(await listed('incomplete/')).toEqual([]);
  });

  it('refuses a prefix that is not a key prefix', async () => {
    const err = await publishArtifact({ s3, bucket: BUCKET, prefix: '/acme', distDir, manifest }).catch(
      (e: unknown) => e,
    );
    expect((err as FleetpipeError).code).toBe('PublishPrefixInvalid');
    expect((err as FleetpipeError).hint).toContain('ending in "/"');
  });
});
