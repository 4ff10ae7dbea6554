/**
 * Identifiers in AWS's formats, derived from hashes so that the same input gives the same ID on every
 * machine: account IDs from account names, organization/root/OU IDs from the organization's shape,
 * access key IDs and secrets from the cloud's seed, role and policy IDs from a per-account serial.
 */
import { createHash, createHmac } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** SHA-256 of the parts, separated so that ('ab','c') and ('a','bc') differ. */
export function digest(...parts: string[]): Buffer {
  return createHash('sha256').update(parts.join('\u0000')).digest();
}

/** `length` characters of `alphabet` drawn from the bytes (alphabets of at most 64 characters). */
export function encodeWith(bytes: Buffer, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    out += alphabet[bytes[i % bytes.length]! % alphabet.length];
  }
  return out;
}

/** A 12-digit account ID for an account that names none. */
export function accountIdFromName(name: string): string {
  const n = BigInt(`0x${digest('account', name).toString('hex')}`) % 10n ** 12n;
  return n.toString().padStart(12, '0');
}

/** `o-` and 10 characters, from the management account. */
export function organizationIdFor(managementAccountId: string): string {
  return `o-${encodeWith(digest('organization', managementAccountId), BASE36, 10)}`;
}

/** `r-` and 4 characters. */
export function rootIdFor(organizationId: string): string {
  return `r-${encodeWith(digest('root', organizationId), BASE36, 4)}`;
}

/** `ou-<root suffix>-<8 characters>`, from the OU's path (`workloads/prod`). */
export function ouIdFor(rootId: string, ouPath: string): string {
  return `ou-${rootId.slice(2)}-${encodeWith(digest('ou', rootId, ouPath), BASE36, 8)}`;
}

/** An IAM unique ID: the prefix (`AROA`, `ANPA`…) and 17 base-32 characters. */
export function uniqueIdFor(prefix: string, ...parts: string[]): string {
  return prefix + encodeWith(digest('unique-id', prefix, ...parts), BASE32, 17);
}

/** The administrator access key of an account: `AKIA` + 16 characters and a 40-character secret. */
export function rootAccessKeyFor(seed: string, accountId: string): { accessKeyId: string; secret: string } {
  const idBytes = createHmac('sha256', seed).update(`access-key-id\u0000${accountId}`).digest();
  const secretBytes = createHmac('sha256', seed).update(`secret-access-key\u0000${accountId}`).digest();
  return {
    accessKeyId: `AKIA${encodeWith(idBytes, BASE32, 16)}`,
    secret: encodeWith(secretBytes, SECRET_ALPHABET, 40),
  };
}

/** Temporary credentials from random bytes: `ASIA` + 16 characters, a 40-character secret, a token. */
export function sessionCredentialsFrom(random: Buffer): {
  accessKeyId: string;
  secret: string;
  sessionToken: string;
} {
  if (random.length < 128) throw new Error('sessionCredentialsFrom needs at least 128 random bytes');
  return {
    accessKeyId: `ASIA${encodeWith(random.subarray(0, 16), BASE32, 16)}`,
    secret: encodeWith(random.subarray(16, 56), SECRET_ALPHABET, 40),
    sessionToken: random.subarray(56).toString('base64'),
  };
}
