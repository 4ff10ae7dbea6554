/**
 * (b) Concurrent PutObject: `count` objects of `size` bytes, all started at once (Promise.all) from one
 * S3 client with a keep-alive agent of `maxSockets` sockets and no retries (`maxAttempts: 1`, so a
 * failure is counted, not hidden). Afterwards ListObjectsV2 must count them all and a few GetObject
 * calls must return the very bytes written.
 */
import http from 'node:http';
import { memoryOf, requireFromRoot } from './processes.mjs';
import { elapsedMs } from './stats.mjs';

const { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, ListObjectsV2Command } =
  requireFromRoot('@aws-sdk/client-s3');
const { NodeHttpHandler } = requireFromRoot('@smithy/node-http-handler');

const keyOf = (i) => `objects/${String(i).padStart(5, '0')}.bin`;

/** Deterministic bytes of object `i`: a 32-bit linear congruential sequence seeded by the index. */
export function objectBytes(i, size) {
  const out = Buffer.alloc(size);
  let x = (i * 2654435761 + 1) >>> 0;
  for (let off = 0; off + 4 <= size; off += 4) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.writeUInt32LE(x, off);
  }
  return out;
}

async function listCount(client, bucket) {
  let count = 0;
  let token;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    count += page.KeyCount ?? 0;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return count;
}

/** Indexes of the objects read back: both ends and a few in between, the same on every run. */
function sampleIndexes(count) {
  return [...new Set([0, 1, Math.floor(count / 3), Math.floor(count / 2), count - 2, count - 1])].filter(
    (i) => i >= 0 && i < count,
  );
}

/**
 * `server` is a running cloud process (`{ pid, endpoint }`), `credentials` an administrator's keys.
 * Returns `{ wallMs, objectsPerSecond, mbPerSecond, errors, firstErrors, listed, verified, serverMemory }`.
 */
export async function measurePutObjects({ server, credentials, count, size, maxSockets, bucket }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const client = new S3Client({
    endpoint: server.endpoint,
    region: credentials.region,
    credentials,
    forcePathStyle: true,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: agent, socketAcquisitionWarningTimeout: 60_000 }),
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    const bodies = Array.from({ length: count }, (_, i) => objectBytes(i, size));
    const started = process.hrtime.bigint();
    const settled = await Promise.allSettled(
      bodies.map((Body, i) => client.send(new PutObjectCommand({ Bucket: bucket, Key: keyOf(i), Body }))),
    );
    const wallMs = elapsedMs(started);
    const failures = settled.filter((s) => s.status === 'rejected');
    const listed = await listCount(client, bucket);
    const verified = [];
    for (const i of sampleIndexes(count)) {
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: keyOf(i) }));
      const bytes = Buffer.from(await got.Body.transformToByteArray());
      verified.push({ key: keyOf(i), equal: bytes.equals(bodies[i]), bytes: bytes.length });
    }
    return {
      wallMs,
      objectsPerSecond: (count * 1000) / wallMs,
      mbPerSecond: (count * size) / 1024 / 1024 / (wallMs / 1000),
      errors: failures.length,
      firstErrors: failures
        .slice(0, 3)
        .map((f) => String(f.reason?.name ?? '') + ': ' + String(f.reason?.message)),
      listed,
      verified,
      serverMemory: memoryOf(server.pid),
    };
  } finally {
    client.destroy();
    agent.destroy();
  }
}
