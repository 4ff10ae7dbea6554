/**
 * The local cloud's CodeStar Connections (JSON 1.0 protocol, `CodeStar_connections_20191201.*`, signing
 * name `codestar-connections`, which the wire core's catalog does not list, so it is configured here):
 * connections (created PENDING, as on AWS), hosts for GitHub Enterprise Server and GitLab self-managed,
 * tags. Every operation is authorized through `deps.authorize` on the resource's ARN.
 *
 *   const connections = registerCodeStarConnections(registry, deps);   // ConnectionsInternal
 *   connections.setConnectionStatus(arn, 'AVAILABLE');                 // what the console handshake does
 */
import type { ServiceRegistry } from '../../http/registry.js';
import { callOf } from '../codepipeline/call.js';
import { Fields } from '../shared/fields.js';
import type { ServiceDeps } from '../deps.js';
import { ConnectionErrors } from './errors.js';
import { type ConnectionsInternal, createConnectionsInternal } from './internal.js';
import { connectionOperations } from './ops/connections.js';
import { hostOperations } from './ops/hosts.js';
import { tagOperations } from './ops/tags.js';
import type { ConnectionsOperations } from './ops/types.js';
import { connectionsSlice } from './state.js';

export type { ConnectionsInternal } from './internal.js';
export { parseArn as parseConnectionsArn } from './names.js';
export type {
  ConnectionStatus,
  ConnectionsState,
  HostStatus,
  StoredConnection,
  StoredHost,
} from './state.js';

/** The signing name of the service (`X-Amz-Target` prefix `CodeStar_connections_20191201`). */
export const CODESTAR_CONNECTIONS_SERVICE = 'codestar-connections';

/** The StateStore slices CodeStar Connections keeps its state in. */
export const codestarConnectionsSlices = [connectionsSlice];

const OPERATIONS: ConnectionsOperations = { ...connectionOperations, ...hostOperations, ...tagOperations };

/** The operations answered (`CodeStar_connections_20191201.<name>`). */
export const CODESTAR_CONNECTIONS_OPERATIONS: readonly string[] = Object.keys(OPERATIONS);

export function registerCodeStarConnections(
  registry: ServiceRegistry,
  deps: ServiceDeps,
): ConnectionsInternal {
  registry.configure(CODESTAR_CONNECTIONS_SERVICE, { protocol: 'json', jsonVersion: '1.0' });
  for (const [name, operation] of Object.entries(OPERATIONS)) {
    registry.json(CODESTAR_CONNECTIONS_SERVICE, `CodeStar_connections_20191201.${name}`, (input, ctx) =>
      operation(
        deps,
        new Fields(input.body, { validationCode: 'ValidationException' }),
        callOf(deps, ctx, ConnectionErrors.anonymous),
      ),
    );
  }
  return createConnectionsInternal(deps.store);
}
