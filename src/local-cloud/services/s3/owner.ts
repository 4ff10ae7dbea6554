/** The `<Owner>` element S3 writes for buckets and objects (the bucket owner's canonical user). */
import type { S3Call } from './context.js';
import { canonicalUserId } from './ids.js';

export function ownerXml(call: S3Call, accountId: string): { ID: string; DisplayName: string | undefined } {
  return { ID: canonicalUserId(accountId), DisplayName: call.env.deps.accounts.find(accountId)?.name };
}
