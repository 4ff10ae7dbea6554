/**
 * What the local CodeStar Connections offers tests and the CLI: on AWS a connection leaves PENDING only
 * when someone completes the handshake with the provider in the console, so locally it is marked by hand.
 *
 *   const connections = registerCodeStarConnections(registry, deps);
 *   connections.setConnectionStatus(arn, 'AVAILABLE');
 */
import type { StateStore } from '../../state/store.js';
import {
  type ConnectionStatus,
  type ConnectionsState,
  connectionsSlice,
  type HostStatus,
  type StoredConnection,
  type StoredHost,
} from './state.js';

export interface ConnectionsInternal {
  /** Sets a connection's status (throws for an unknown ARN). */
  setConnectionStatus(arn: string, status: ConnectionStatus): void;
  /** Sets a host's status (throws for an unknown ARN). */
  setHostStatus(arn: string, status: HostStatus): void;
  connection(arn: string): StoredConnection | undefined;
  host(arn: string): StoredHost | undefined;
}

export function createConnectionsInternal(store: StateStore): ConnectionsInternal {
  const state = () => store.get<ConnectionsState>(connectionsSlice);
  return {
    setConnectionStatus(arn, status) {
      if (!state().connections[arn]) throw new Error(`no connection ${arn}`);
      store.dispatch(connectionsSlice, 'setConnectionStatus', { arn, status });
    },
    setHostStatus(arn, status) {
      if (!state().hosts[arn]) throw new Error(`no host ${arn}`);
      store.dispatch(connectionsSlice, 'setHostStatus', { arn, status });
    },
    connection: (arn) => state().connections[arn],
    host: (arn) => state().hosts[arn],
  };
}
