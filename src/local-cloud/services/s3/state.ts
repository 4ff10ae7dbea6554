/**
 * S3's state: buckets (global namespace, each with its owner, region, policy, versioning and default
 * encryption), their object versions, and multipart uploads in progress. Plain JSON, changed only by
 * the reducers below; object bodies live in the store's blobs and are named here by blob id.
 *
 * Object keys are arbitrary strings (`__proto__` included), so maps keyed by object key are read and
 * written through `ownGet` / `ownSet`, never by plain indexing.
 */
import type { ChecksumAlgorithm } from '../../http/index.js';
import type { SliceDefinition } from '../../state/store.js';

export type VersioningStatus = 'Enabled' | 'Suspended';
export type SseAlgorithm = 'AES256' | 'aws:kms' | 'aws:kms:dsse';
export type ChecksumType = 'FULL_OBJECT' | 'COMPOSITE';

/** How one object is encrypted at rest. */
export interface ObjectEncryption {
  algorithm: SseAlgorithm;
  /** Key ARN, for aws:kms. */
  kmsKeyArn?: string;
  /** S3 Bucket Key: the KMS encryption context is the bucket ARN instead of the object ARN. */
  bucketKeyEnabled?: boolean;
  /** Encryption context the writer added (`x-amz-server-side-encryption-context`). */
  context?: [string, string][];
}

/** A bucket's default encryption (`undefined` in state means S3's default: SSE-S3). */
export interface BucketEncryption {
  algorithm: SseAlgorithm;
  /** As configured: key ID, alias or ARN (resolved at write time). */
  kmsMasterKeyId?: string;
  bucketKeyEnabled: boolean;
}

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** Base64; composite multipart checksums end in `-<parts>`. */
  value: string;
  type: ChecksumType;
}

/** What an object carries besides its bytes (shared by objects and multipart uploads). */
export interface ObjectAttributes {
  contentType: string;
  /** cache-control, content-disposition, content-encoding, content-language, expires, website redirect. */
  headers: [string, string][];
  /** `x-amz-meta-*` names (lower case, without the prefix) and values. */
  metadata: [string, string][];
  tags: [string, string][];
  storageClass: string;
  encryption: ObjectEncryption;
}

export interface ObjectVersion extends ObjectAttributes {
  /** `null` for the null version (unversioned or versioning-suspended writes). */
  versionId: string;
  deleteMarker?: boolean;
  /** ISO 8601. */
  lastModified: string;
  /** The stored bytes (ciphertext for SSE-KMS objects); absent for delete markers. */
  blob?: string;
  /** Plaintext size. */
  size: number;
  /** Quoted, as S3 sends it. */
  etag: string;
  checksum?: StoredChecksum;
  /** Sizes of the parts of a multipart object. */
  partSizes?: number[];
}

export interface BucketRecord {
  name: string;
  accountId: string;
  region: string;
  createdAt: string;
  policy?: string;
  versioning?: VersioningStatus;
  encryption?: BucketEncryption;
  /** Versions by key, newest first. */
  objects: Record<string, ObjectVersion[]>;
  /** Bumped whenever a key appears or disappears (keeps the sorted-key cache honest). */
  generation: number;
}

export interface UploadedPart {
  partNumber: number;
  etag: string;
  size: number;
  blob: string;
  lastModified: string;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

export interface MultipartUpload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: string;
  attributes: ObjectAttributes;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
  /** Initiator's ARN (or account root), for ListParts / ListMultipartUploads. */
  initiator: string;
  /** By part number (as a string). */
  parts: Record<string, UploadedPart>;
}

export interface S3State {
  /** Counter behind version and upload IDs. */
  seq: number;
  buckets: Record<string, BucketRecord>;
  uploads: Record<string, MultipartUpload>;
}

/** A record's own entry, whatever the key (`__proto__`, `constructor`…). */
export function ownGet<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function ownSet<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function bucketOf(state: S3State, name: string): BucketRecord {
  const bucket = ownGet(state.buckets, name);
  if (!bucket) throw new Error(`s3 state: no bucket ${name}`);
  return bucket;
}

export interface CreateBucketPayload {
  name: string;
  accountId: string;
  region: string;
  createdAt: string;
}

export interface PutObjectPayload {
  bucket: string;
  key: string;
  version: ObjectVersion;
  seq: number;
}

/**
 * Adds a version on top. Unversioned buckets keep only it; otherwise a version with the same ID (the
 * null version, written while versioning is suspended) is replaced and the others stay.
 */
function addVersion(bucket: BucketRecord, key: string, version: ObjectVersion): void {
  const existing = ownGet(bucket.objects, key);
  if (!existing) bucket.generation += 1;
  const kept =
    bucket.versioning === undefined ? [] : (existing ?? []).filter((v) => v.versionId !== version.versionId);
  ownSet(bucket.objects, key, [version, ...kept]);
}

function removeVersion(bucket: BucketRecord, key: string, versionId: string): void {
  const existing = ownGet(bucket.objects, key);
  if (!existing) return;
  const left = existing.filter((v) => v.versionId !== versionId);
  if (left.length > 0) {
    ownSet(bucket.objects, key, left);
  } else {
    delete bucket.objects[key];
    bucket.generation += 1;
  }
}

export const s3Slice: SliceDefinition<S3State> = {
  name: 's3',
  initial: () => ({ seq: 0, buckets: {}, uploads: {} }),
  reducers: {
    createBucket(state, p: CreateBucketPayload) {
      ownSet(state.buckets, p.name, {
        name: p.name,
        accountId: p.accountId,
        region: p.region,
        createdAt: p.createdAt,
        objects: {},
        generation: 0,
      });
    },
    deleteBucket(state, p: { name: string }) {
      delete state.buckets[p.name];
      for (const [id, upload] of Object.entries(state.uploads)) {
        if (upload.bucket === p.name) delete state.uploads[id];
      }
    },
    putBucketPolicy(state, p: { name: string; policy: string }) {
      bucketOf(state, p.name).policy = p.policy;
    },
    deleteBucketPolicy(state, p: { name: string }) {
      delete bucketOf(state, p.name).policy;
    },
    putBucketVersioning(state, p: { name: string; status: VersioningStatus }) {
      bucketOf(state, p.name).versioning = p.status;
    },
    putBucketEncryption(state, p: { name: string; encryption: BucketEncryption }) {
      bucketOf(state, p.name).encryption = p.encryption;
    },
    deleteBucketEncryption(state, p: { name: string }) {
      delete bucketOf(state, p.name).encryption;
    },
    putObject(state, p: PutObjectPayload) {
      state.seq = Math.max(state.seq, p.seq);
      addVersion(bucketOf(state, p.bucket), p.key, p.version);
    },
    deleteVersion(state, p: { bucket: string; key: string; versionId: string }) {
      removeVersion(bucketOf(state, p.bucket), p.key, p.versionId);
    },
    createUpload(state, p: { upload: MultipartUpload; seq: number }) {
      state.seq = Math.max(state.seq, p.seq);
      ownSet(state.uploads, p.upload.uploadId, p.upload);
    },
    putPart(state, p: { uploadId: string; part: UploadedPart }) {
      const upload = ownGet(state.uploads, p.uploadId);
      if (upload) ownSet(upload.parts, String(p.part.partNumber), p.part);
    },
    abortUpload(state, p: { uploadId: string }) {
      delete state.uploads[p.uploadId];
    },
    completeUpload(state, p: PutObjectPayload & { uploadId: string }) {
      delete state.uploads[p.uploadId];
      state.seq = Math.max(state.seq, p.seq);
      addVersion(bucketOf(state, p.bucket), p.key, p.version);
    },
  },
};

/** The StateStore slices S3 needs. */
export const s3Slices: SliceDefinition<S3State>[] = [s3Slice];
