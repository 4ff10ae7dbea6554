/**
 * Publishing a built artifact: every object `manifest.json` names (code zips, function and shard
 * templates, the orchestration template) is copied from `dist/` to the artifact bucket under `prefix`,
 * with a SHA-256 checksum S3 verifies and, when a key is given, SSE-KMS under that key.
 *
 * Keys that carry their content's SHA-256 are immutable: one that is already in the bucket is left alone,
 * so publishing the same build again uploads only the orchestration template. Each file's hash is checked
 * against the manifest before it is sent: a `dist/` changed after the build is refused, not published.
 *
 *   const result = await publishArtifact({ s3, bucket, prefix: 'acme/', distDir: 'dist', manifest });
 *   // { uploaded: 12, skipped: 0, bytes: 48213, keys: [...] }
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Manifest } from '../build/manifest.js';
import { FleetpipeError } from '../errors.js';
import { mapPool } from '../pool.js';

export interface PublishInput {
  s3: S3Client;
  bucket: string;
  /** Prepended to every key (the stacks' ArtifactPrefix parameter): '' or ending in '/'. */
  prefix?: string;
  distDir: string;
  manifest: Manifest;
  /** SSE-KMS key (ID, ARN or alias) for the objects; the bucket's default encryption otherwise. */
  kmsKeyId?: string;
  /** Uploads at once (default 8). */
  concurrency?: number;
}

export interface PublishResult {
  uploaded: number;
  /** Content-addressed objects already in the bucket. */
  skipped: number;
  /** Bytes uploaded. */
  bytes: number;
  /** Every key of the artifact, prefix included, in manifest order. */
  keys: string[];
}

interface ArtifactObject {
  key: string;
  sha256: string;
  /** The key names its content (it carries the SHA-256): an existing object need not be sent again. */
  immutable: boolean;
}

/** The objects of an artifact, as the manifest lists them. */
export function artifactObjects(manifest: Manifest): ArtifactObject[] {
  const objects: ArtifactObject[] = [];
  for (const fn of manifest.functions) {
    objects.push({ key: fn.code.key, sha256: fn.code.sha256, immutable: true });
    objects.push({ key: fn.template.key, sha256: fn.template.sha256, immutable: true });
  }
  for (const shard of manifest.shards)
    objects.push({ key: shard.key, sha256: shard.sha256, immutable: true });
  // Last: once the root is in place, everything it points at already is.
  objects.push({ key: manifest.root.key, sha256: manifest.root.sha256, immutable: false });
  return objects;
}

function checkPrefix(prefix: string): void {
  if (prefix !== '' && (!prefix.endsWith('/') || prefix.startsWith('/'))) {
    throw new FleetpipeError('PublishPrefixInvalid', `The artifact prefix "${prefix}" is not a key prefix.`, {
      hint: 'Use "" or a prefix like "acme-guardrails/" (no leading slash, ending in "/").',
    });
  }
}

async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return false;
    throw err;
  }
}

async function readChecked(distDir: string, object: ArtifactObject): Promise<Buffer> {
  const file = path.join(distDir, object.key);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    throw new FleetpipeError(
      'PublishFileMissing',
      `${object.key} is in the manifest but not in ${distDir}.`,
      {
        hint: 'Publish the dist/ directory that `fleetpipe build` wrote, unchanged; rebuild if it was edited.',
        file,
      },
    );
  }
  const sha256 = createHash('sha256').update(body).digest('hex');
  if (sha256 !== object.sha256) {
    throw new FleetpipeError(
      'PublishFileChanged',
      `${object.key} changed after the build: its SHA-256 is ${sha256}, the manifest says ${object.sha256}.`,
      { hint: 'Run `fleetpipe build` again and publish what it writes.', file },
    );
  }
  return body;
}

function contentType(key: string): string {
  return key.endsWith('.json') ? 'application/json' : 'application/zip';
}

/** Copies the artifact to the bucket; see the file header. */
export async function publishArtifact(input: PublishInput): Promise<PublishResult> {
  const prefix = input.prefix ?? '';
  checkPrefix(prefix);
  const objects = artifactObjects(input.manifest);
  // Every file is checked before anything is sent: a damaged dist/ publishes nothing.
  const bodies = await Promise.all(objects.map((o) => readChecked(input.distDir, o)));
  const result: PublishResult = { uploaded: 0, skipped: 0, bytes: 0, keys: [] };
  const put = async (object: ArtifactObject, body: Buffer): Promise<void> => {
    const key = `${prefix}${object.key}`;
    if (object.immutable && (await exists(input.s3, input.bucket, key))) {
      result.skipped += 1;
      return;
    }
    await input.s3.send(
      new PutObjectCommand({
        Bucket: input.bucket,
        Key: key,
        Body: body,
        ContentType: contentType(key),
        ChecksumSHA256: Buffer.from(object.sha256, 'hex').toString('base64'),
        ...(input.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: input.kmsKeyId } : {}),
      }),
    );
    result.uploaded += 1;
    result.bytes += body.length;
  };
  // Everything but the orchestration template at once, then the template: once it is in place,
  // everything it points at already is.
  const last = objects.length - 1;
  await mapPool(objects.slice(0, last), Math.max(1, input.concurrency ?? 8), (object, index) =>
    put(object, bodies[index]!),
  );
  await put(objects[last]!, bodies[last]!);
  result.keys = objects.map((o) => `${prefix}${o.key}`);
  return result;
}
