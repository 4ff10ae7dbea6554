/**
 * Session tags of a new role session (IAM User Guide, "Pass session tags in AWS STS"):
 * - incoming transitive tags (from the caller's session in a role chain) pass on and stay transitive;
 *   a new session tag may not override one of them;
 * - the session's principal tags (`aws:PrincipalTag/*`) are the role's tags with the session tags on top.
 * Tag keys compare regardless of case.
 */
import type { SessionRecord } from '../../core/sessions.js';
import { validationError } from './assume-role-input.js';

export interface SessionTagsInput {
  roleTags: Record<string, string>;
  requested: Record<string, string>;
  requestedTransitiveKeys: string[];
  /** The caller's session, when the caller is a role session. */
  callerSession?: Pick<SessionRecord, 'sessionTags' | 'transitiveTagKeys'>;
}

export interface SessionTags {
  sessionTags: Record<string, string>;
  transitiveTagKeys: string[];
  principalTags: Record<string, string>;
}

function findKey(record: Record<string, string>, key: string): string | undefined {
  const lower = key.toLowerCase();
  return Object.keys(record).find((k) => k.toLowerCase() === lower);
}

/** Sets `key` in `record`, replacing a key that differs only by case. */
function put(record: Record<string, string>, key: string, value: string): void {
  const existing = findKey(record, key);
  if (existing !== undefined) delete record[existing];
  record[key] = value;
}

export function resolveSessionTags(input: SessionTagsInput): SessionTags {
  const incoming: Record<string, string> = {};
  const transitive: string[] = [];
  for (const key of input.callerSession?.transitiveTagKeys ?? []) {
    const value = input.callerSession?.sessionTags[key];
    if (value === undefined) continue;
    incoming[key] = value;
    transitive.push(key);
  }
  const sessionTags: Record<string, string> = { ...incoming };
  for (const [key, value] of Object.entries(input.requested)) {
    if (findKey(incoming, key) !== undefined) {
      throw validationError(
        `The session tag ${key} cannot override a transitive tag of the calling session.`,
      );
    }
    put(sessionTags, key, value);
  }
  for (const key of input.requestedTransitiveKeys) {
    const actual = findKey(sessionTags, key);
    if (actual !== undefined && !transitive.includes(actual)) transitive.push(actual);
  }
  const principalTags: Record<string, string> = { ...input.roleTags };
  for (const [key, value] of Object.entries(sessionTags)) put(principalTags, key, value);
  return { sessionTags, transitiveTagKeys: transitive, principalTags };
}
