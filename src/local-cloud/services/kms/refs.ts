/**
 * The four ways a KMS request names a key: key ID, key ARN, alias name and alias ARN, and the ARNs of
 * keys and aliases.
 */

export type KeyRef =
  | { kind: 'key-id'; keyId: string }
  | { kind: 'key-arn'; region: string; accountId: string; keyId: string }
  | { kind: 'alias-name'; aliasName: string }
  | { kind: 'alias-arn'; region: string; accountId: string; aliasName: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const KEY_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):key\/([^/]+)$/;
const ALIAS_ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(alias\/.+)$/;
/** Characters alias names may hold, after `alias/`. */
export const ALIAS_NAME = /^alias\/[a-zA-Z0-9/_-]+$/;
export const MAX_ALIAS_NAME = 256;

export function isKeyId(text: string): boolean {
  return UUID.test(text);
}

/** What a `KeyId` member names; undefined when it is none of the four forms. */
export function parseKeyRef(text: string): KeyRef | undefined {
  if (UUID.test(text)) return { kind: 'key-id', keyId: text };
  if (text.startsWith('alias/')) return { kind: 'alias-name', aliasName: text };
  const key = KEY_ARN.exec(text);
  if (key) return { kind: 'key-arn', region: key[1]!, accountId: key[2]!, keyId: key[3]! };
  const alias = ALIAS_ARN.exec(text);
  if (alias) return { kind: 'alias-arn', region: alias[1]!, accountId: alias[2]!, aliasName: alias[3]! };
  return undefined;
}

export function keyArn(where: { accountId: string; region: string }, keyId: string): string {
  return `arn:aws:kms:${where.region}:${where.accountId}:key/${keyId}`;
}

export function aliasArn(where: { accountId: string; region: string }, aliasName: string): string {
  return `arn:aws:kms:${where.region}:${where.accountId}:${aliasName}`;
}
