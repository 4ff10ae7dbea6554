/**
 * What every KMS operation works with: the service dependencies, the key directory, a random source,
 * and per request the caller, its account and region, and the authorization helpers.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { RequestContext } from '../../http/types.js';
import type { ContextValue, RequestPrincipal } from '../../iam/index.js';
import type { ServiceDeps } from '../deps.js';
import { keyAuthorization } from './authz.js';
import { KmsErrors } from './errors.js';
import { KeyDirectory, type ResolvedKey, type ResolveOptions, type Where } from './keys.js';
import type { StoredKey } from './state.js';

/** Where key IDs, key material and IVs come from (tests may pass their own). */
export interface KmsRandom {
  bytes(count: number): Buffer;
  uuid(): string;
}

export const cryptoRandom: KmsRandom = {
  bytes: (count) => randomBytes(count),
  uuid: () => randomUUID(),
};

export interface KmsRuntime {
  readonly deps: ServiceDeps;
  readonly keys: KeyDirectory;
  readonly random: KmsRandom;
}

export function createRuntime(deps: ServiceDeps, random: KmsRandom = cryptoRandom): KmsRuntime {
  return { deps, keys: new KeyDirectory(deps.store), random };
}

/** One KMS request: who calls, from which account and region, at what time. */
export interface KmsCall {
  readonly ctx: RequestContext;
  readonly principal: RequestPrincipal;
  readonly where: Where;
  readonly now: Date;
}

export function callOf(rt: KmsRuntime, ctx: RequestContext): KmsCall {
  const principal = rt.deps.callerOf(ctx);
  if (!principal || principal.accountId === '') throw KmsErrors.anonymous();
  return { ctx, principal, where: { accountId: principal.accountId, region: ctx.region }, now: ctx.now };
}

export function resolveKey(
  rt: KmsRuntime,
  call: KmsCall,
  keyId: string,
  options: ResolveOptions,
): ResolvedKey {
  return rt.keys.resolve(keyId, call.where, options, call.now);
}

export interface KeyAuthorizationExtras {
  encryptionContext?: Readonly<Record<string, string>>;
  /** The alias the request named the key by (`kms:RequestAlias`). */
  alias?: string;
  contextKeys?: Readonly<Record<string, ContextValue>>;
}

/** Authorizes `action` on a key: key policy (required) and the caller's IAM policies. */
export function authorizeKey(
  rt: KmsRuntime,
  call: KmsCall,
  key: StoredKey,
  action: string,
  extras: KeyAuthorizationExtras = {},
): void {
  const aliases = rt.keys.aliasesOf(key);
  rt.deps.authorize(
    call.ctx,
    keyAuthorization({
      key,
      action,
      callerAccount: call.where.accountId,
      encryptionContext: extras.encryptionContext,
      contextKeys: {
        ...(aliases.length > 0 ? { 'kms:ResourceAliases': aliases } : {}),
        ...(extras.alias !== undefined ? { 'kms:RequestAlias': extras.alias } : {}),
        ...extras.contextKeys,
      },
    }),
  );
}

/** Authorizes an action that IAM policies alone govern (CreateKey, ListKeys, the alias side of CreateAlias…). */
export function authorizeIdentity(
  rt: KmsRuntime,
  call: KmsCall,
  action: string,
  options: { resource?: string; contextKeys?: Readonly<Record<string, ContextValue>> } = {},
): void {
  rt.deps.authorize(call.ctx, {
    action,
    resource: options.resource ?? '*',
    resourceAccount: call.where.accountId,
    contextKeys: {
      'kms:CallerAccount': call.where.accountId,
      ...(options.contextKeys as Record<string, string | string[] | boolean | number | undefined>),
    },
  });
}
