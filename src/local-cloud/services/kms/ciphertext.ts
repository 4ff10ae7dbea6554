/**
 * The local cloud's KMS ciphertext blob: AES-256-GCM under one version of a key's material, with the
 * key named inside so that Decrypt needs no KeyId. Clients treat it as opaque, as they do on AWS.
 *
 *   offset  size  field
 *   0       4     magic "LKM1"
 *   4       1     N = length of the key ARN
 *   5       N     key ARN (UTF-8)
 *   5+N     4     material version (uint32, big-endian; 0 = the key's first material)
 *   9+N     12    GCM IV
 *   21+N    16    GCM tag
 *   37+N    …     ciphertext
 *
 * The additional authenticated data is the header (bytes 0 … 9+N) followed by the canonical encryption
 * context, so neither the key reference nor the context can be changed without Decrypt failing.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

const MAGIC = Buffer.from('LKM1', 'latin1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_MATERIAL_BYTES = 32;
export const GCM_IV_BYTES = IV_BYTES;

export type EncryptionContext = Readonly<Record<string, string>>;

/** The encryption context in one canonical form: pairs sorted by key (code-unit order), as JSON. */
export function canonicalContext(context: EncryptionContext | undefined): Buffer {
  const pairs = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.from(JSON.stringify(pairs), 'utf8');
}

export interface SealInput {
  keyArn: string;
  materialVersion: number;
  /** 32 bytes. */
  material: Buffer;
  plaintext: Buffer;
  context?: EncryptionContext;
  /** 12 random bytes; a new IV for every blob. */
  iv: Buffer;
}

function header(keyArn: string, materialVersion: number): Buffer {
  const arn = Buffer.from(keyArn, 'utf8');
  if (arn.length > 255) throw new Error(`key ARN too long for a ciphertext blob: ${keyArn}`);
  const version = Buffer.alloc(4);
  version.writeUInt32BE(materialVersion);
  return Buffer.concat([MAGIC, Buffer.from([arn.length]), arn, version]);
}

export function sealCiphertext(input: SealInput): Buffer {
  if (input.material.length !== KEY_MATERIAL_BYTES) throw new Error('KMS key material must be 32 bytes');
  if (input.iv.length !== IV_BYTES) throw new Error('a GCM IV must be 12 bytes');
  const head = header(input.keyArn, input.materialVersion);
  const cipher = createCipheriv('aes-256-gcm', input.material, input.iv);
  cipher.setAAD(Buffer.concat([head, canonicalContext(input.context)]));
  const body = Buffer.concat([cipher.update(input.plaintext), cipher.final()]);
  return Buffer.concat([head, input.iv, cipher.getAuthTag(), body]);
}

export interface ParsedCiphertext {
  keyArn: string;
  materialVersion: number;
  header: Buffer;
  iv: Buffer;
  tag: Buffer;
  body: Buffer;
}

/** Reads a blob's fields; undefined when it is not a blob this format wrote. */
export function parseCiphertext(blob: Buffer): ParsedCiphertext | undefined {
  if (blob.length < MAGIC.length + 1 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const arnLength = blob[MAGIC.length]!;
  const arnEnd = MAGIC.length + 1 + arnLength;
  const headerEnd = arnEnd + 4;
  const tagEnd = headerEnd + IV_BYTES + TAG_BYTES;
  if (blob.length < tagEnd) return undefined;
  return {
    keyArn: blob.subarray(MAGIC.length + 1, arnEnd).toString('utf8'),
    materialVersion: blob.readUInt32BE(arnEnd),
    header: blob.subarray(0, headerEnd),
    iv: blob.subarray(headerEnd, headerEnd + IV_BYTES),
    tag: blob.subarray(headerEnd + IV_BYTES, tagEnd),
    body: blob.subarray(tagEnd),
  };
}

/** Decrypts a parsed blob; undefined when the material or the encryption context does not match. */
export function openCiphertext(
  parsed: ParsedCiphertext,
  material: Buffer,
  context: EncryptionContext | undefined,
): Buffer | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', material, parsed.iv);
    decipher.setAAD(Buffer.concat([parsed.header, canonicalContext(context)]));
    decipher.setAuthTag(parsed.tag);
    return Buffer.concat([decipher.update(parsed.body), decipher.final()]);
  } catch {
    return undefined;
  }
}
