/**
 * Identifiers S3 hands out: version IDs, upload IDs and canonical user IDs. Derived by hashing, from a
 * counter kept in state, so a cloud's answers are deterministic.
 */
import { createHash } from 'node:crypto';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A 32-character version ID (the length and alphabet S3 uses). */
export function versionIdFor(input: { bucket: string; key: string; seq: number }): string {
  return digest(`version\u0000${input.bucket}\u0000${input.key}\u0000${input.seq}`)
    .toString('base64url')
    .slice(0, 32);
}

export function uploadIdFor(input: { bucket: string; key: string; seq: number }): string {
  const hash = digest(`upload\u0000${input.bucket}\u0000${input.key}\u0000${input.seq}`);
  return Buffer.concat([hash, digest(hash.toString('hex'))]).toString('base64url');
}

/** Version IDs this S3 can have issued (so others are InvalidArgument, not NoSuchVersion). */
export function isVersionIdShape(versionId: string): boolean {
  return versionId === 'null' || /^[A-Za-z0-9_.-]{1,1024}$/.test(versionId);
}

/** The 64-hex-digit canonical user ID of an account. */
export function canonicalUserId(accountId: string): string {
  return digest(`canonical-user\u0000${accountId}`).toString('hex');
}
