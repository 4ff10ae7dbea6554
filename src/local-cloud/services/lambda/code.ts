/**
 * Function code: read from the request (`ZipFile`, base64 in JSON) or from S3 with the caller's own
 * permissions (as Lambda does: bucket policy, identity policy and, for SSE-KMS objects, the key policy
 * all apply), stored as a blob, and unpacked once per zip under `os.tmpdir()` (never inside a project,
 * where Node.js would find the project's `node_modules`) for the execution engine.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsError, type RequestContext } from '../../http/index.js';
import type { S3Internal } from '../s3/index.js';
import { LambdaErrors } from './errors.js';
import { unpackZip } from './runtime/index.js';
import { LAMBDA_LIMITS } from './validation.js';

export interface CodeInput {
  ZipFile?: unknown;
  S3Bucket?: unknown;
  S3Key?: unknown;
  S3ObjectVersion?: unknown;
  ImageUri?: unknown;
}

function s3Failure(err: AwsError, bucket: string, key: string): AwsError {
  if (err.status === 403) {
    return LambdaErrors.accessDenied(
      `Your access has been denied by S3, please make sure your request credentials have permission to GetObject for ${bucket}/${key}. S3 Error Code: AccessDenied. S3 Error Message: Access Denied`,
    );
  }
  return LambdaErrors.invalid(
    `Error occurred while GetObject. S3 Error Code: ${err.code}. S3 Error Message: ${err.message}`,
  );
}

/** The zip bytes a `Code` (CreateFunction) or UpdateFunctionCode request names. */
export function readCode(s3: S3Internal, ctx: RequestContext, code: CodeInput): Buffer {
  if (code.ImageUri !== undefined) {
    throw LambdaErrors.invalid(
      'The local cloud runs Zip package functions only; container images are not supported.',
    );
  }
  if (typeof code.ZipFile === 'string') {
    if (code.S3Bucket !== undefined || code.S3Key !== undefined) {
      throw LambdaErrors.invalid(
        'Please do not provide other FunctionCode parameters when providing a ZipFile.',
      );
    }
    return Buffer.from(code.ZipFile, 'base64');
  }
  if (typeof code.S3Bucket !== 'string' || typeof code.S3Key !== 'string') {
    throw LambdaErrors.invalid('Please provide a source for function code.');
  }
  const versionId = typeof code.S3ObjectVersion === 'string' ? code.S3ObjectVersion : undefined;
  try {
    return s3.getObject(ctx, { bucket: code.S3Bucket, key: code.S3Key, versionId });
  } catch (err) {
    if (err instanceof AwsError) throw s3Failure(err, code.S3Bucket, code.S3Key);
    throw err;
  }
}

export function codeSha256(zip: Buffer): string {
  return createHash('sha256').update(zip).digest('base64');
}

export function checkZipSize(zip: Buffer): void {
  if (zip.length > LAMBDA_LIMITS.zipMaxBytes) {
    throw new AwsError(
      'RequestEntityTooLargeException',
      `Request must be smaller than ${LAMBDA_LIMITS.zipMaxBytes} bytes for the CreateFunction operation`,
      { status: 413 },
    );
  }
}

/** Unpacked code directories by blob id; `dispose()` removes them all. */
export interface CodeCache {
  /** Unpacks `zip` (once per blob id) and returns its directory; throws Lambda's unzip error. */
  dirFor(blobId: string, zip: () => Buffer): Promise<string>;
  dispose(): Promise<void>;
}

export function createCodeCache(): CodeCache {
  let root: Promise<string> | undefined;
  const dirs = new Map<string, Promise<string>>();
  return {
    dirFor(blobId, zip) {
      let dir = dirs.get(blobId);
      if (!dir) {
        root ??= mkdtemp(join(tmpdir(), 'fleetpipe-lambda-code-'));
        dir = root.then(async (base) => {
          const target = join(base, blobId);
          await unpackZip(zip(), target);
          return target;
        });
        dirs.set(blobId, dir);
        dir.catch(() => dirs.delete(blobId));
      }
      return dir;
    },
    async dispose() {
      const base = root;
      root = undefined;
      dirs.clear();
      if (base) await rm(await base, { recursive: true, force: true });
    },
  };
}
