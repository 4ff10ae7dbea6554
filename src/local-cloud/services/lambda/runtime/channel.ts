/**
 * The parent's end of the fd 3 channel to a function process: JSON lines both ways (see the bootstraps).
 */
import type { Duplex } from 'node:stream';

/** What a bootstrap sends. */
export type ChildMessage =
  | { t: 'ready' }
  | { t: 'initError'; error: Record<string, unknown> }
  | { t: 'log'; line: string }
  | { t: 'result'; id: string; payload: string; maxRssKb?: number | null }
  | {
      t: 'error';
      id: string;
      error: Record<string, unknown>;
      maxRssKb?: number | null;
      /** The process exits after this answer (uncaught exception, unhandled rejection). */
      fatal?: boolean;
    }
  | { t: 'fatal' };

/** What the parent sends. */
export interface InvokeMessage {
  t: 'invoke';
  id: string;
  /** The event's JSON text. */
  event: string;
  /** Epoch milliseconds. */
  deadline: number;
  invokedFunctionArn: string;
  clientContext?: unknown;
  flush: string;
}

export class Channel {
  private chunks: Buffer[] = [];

  constructor(
    private readonly socket: Duplex,
    onMessage: (message: ChildMessage) => void,
  ) {
    socket.on('data', (chunk: Buffer) => {
      let start = 0;
      let newline = chunk.indexOf(10);
      while (newline >= 0) {
        this.chunks.push(chunk.subarray(start, newline));
        const line = Buffer.concat(this.chunks).toString('utf8');
        this.chunks = [];
        if (line.trim() !== '') onMessage(parse(line));
        start = newline + 1;
        newline = chunk.indexOf(10, start);
      }
      if (start < chunk.length) this.chunks.push(chunk.subarray(start));
    });
    // The process dying closes the channel; the process's exit is what callers act on.
    socket.on('error', () => {});
  }

  send(message: InvokeMessage): void {
    this.socket.write(`${JSON.stringify(message)}\n`);
  }
}

function parse(line: string): ChildMessage {
  try {
    return JSON.parse(line) as ChildMessage;
  } catch {
    // Not ours (a function cannot write to fd 3 without trying hard): show it as output.
    return { t: 'log', line };
  }
}
