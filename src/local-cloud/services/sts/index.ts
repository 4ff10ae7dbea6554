/**
 * STS (query protocol, API version 2011-06-15): GetCallerIdentity and AssumeRole. Sessions live in the
 * identity layer's `sts-sessions` slice (core/sessions.ts).
 */
import type { PolicyLookup } from '../../core/authorize.js';
import { credentialOf } from '../../core/authorize.js';
import type { Identity } from '../../core/identity.js';
import { sessionsSlice } from '../../core/sessions.js';
import { AwsError, type ServiceRegistry } from '../../http/index.js';
import type { SliceDefinition } from '../../state/store.js';
import type { ServiceDeps } from '../deps.js';
import { assumeRoleHandler } from './assume-role.js';

// biome-ignore lint/suspicious/noExplicitAny: slices hold different state types
export const slices: SliceDefinition<any>[] = [sessionsSlice];

export function registerSts(
  registry: ServiceRegistry,
  deps: ServiceDeps,
  options: { identity: Identity; policies: PolicyLookup },
): void {
  // Always allowed, even under an explicit deny: it only says who the caller is.
  registry.query('sts', 'GetCallerIdentity', (_input, ctx) => {
    const principal = credentialOf(ctx)?.principal;
    if (!principal)
      throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', {
        status: 403,
      });
    return {
      UserId: principal.userId ?? principal.accountId,
      Account: principal.accountId,
      Arn: principal.arn,
    };
  });
  registry.query('sts', 'AssumeRole', assumeRoleHandler({ deps, ...options }));
}
