/**
 * The shape of a CodeStar Connections operation, and what the operations share: finding a connection or
 * host (authorized on its ARN first), listing those of the caller's account and region.
 */
import type { StateStore } from '../../../state/store.js';
import type { CodeCall, Where } from '../../codepipeline/call.js';
import type { Fields } from '../../shared/fields.js';
import type { ServiceDeps } from '../../deps.js';
import { ConnectionErrors } from '../errors.js';
import { type ConnectionsState, connectionsSlice, type StoredConnection, type StoredHost } from '../state.js';

export type ConnectionsOperation = (deps: ServiceDeps, f: Fields, call: CodeCall) => unknown;
export type ConnectionsOperations = Readonly<Record<string, ConnectionsOperation>>;

export const TAG_NAMES = { key: 'Key', value: 'Value' };
export const ARN_LIMITS = { max: 256 };

export function stateOf(store: StateStore): ConnectionsState {
  return store.get<ConnectionsState>(connectionsSlice);
}

export function inScope<T extends { accountId: string; region: string }>(
  items: Record<string, T>,
  where: Where,
): T[] {
  return Object.values(items).filter((i) => i.accountId === where.accountId && i.region === where.region);
}

export function requireConnection(
  store: StateStore,
  call: CodeCall,
  arn: string,
  action: string,
  contextKeys?: Record<string, string | string[]>,
): StoredConnection {
  call.authorize({ action, resource: arn, contextKeys });
  const connection = stateOf(store).connections[arn];
  if (!connection) throw ConnectionErrors.notFound(`Connection ${arn} does not exist`);
  return connection;
}

export function requireHost(
  store: StateStore,
  call: CodeCall,
  arn: string,
  action: string,
  contextKeys?: Record<string, string | string[]>,
): StoredHost {
  call.authorize({ action, resource: arn, contextKeys });
  const host = stateOf(store).hosts[arn];
  if (!host) throw ConnectionErrors.notFound(`Host ${arn} does not exist`);
  return host;
}

/** `MaxResults` (0–100; 0 and absent mean the default page of 100) and `NextToken`. */
export function pageRequest(f: Fields): { limit: number; token: string | undefined } {
  const max = f.integer('MaxResults', { min: 0, max: 100 });
  return {
    limit: max === undefined || max === 0 ? 100 : max,
    token: f.string('NextToken', { min: 1, max: 1024 }),
  };
}
