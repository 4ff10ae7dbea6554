/**
 * Turns a process's stdout or stderr into log lines, and tells when all output written before a flush
 * marker has arrived (the bootstrap writes `flushMarker(n)` before answering invocation n). A partial line
 * before a marker becomes a line of its own; empty lines are dropped (CloudWatch has no empty events).
 */
import { StringDecoder } from 'node:string_decoder';

const SEPARATOR = '\u001e';
const MARKER_START = `${SEPARATOR}LAMBDA_FLUSH_`;

export const flushMarker = (sequence: number): string => `${MARKER_START}${sequence}${SEPARATOR}`;

/** `{ sequence, length }` of the marker at the start of `text`; undefined if incomplete or not a marker. */
function parseMarker(text: string): { sequence: number; length: number } | undefined {
  const close = text.indexOf(SEPARATOR, MARKER_START.length);
  if (close < 0) return undefined;
  const digits = text.slice(MARKER_START.length, close);
  return /^\d+$/.test(digits) ? { sequence: Number(digits), length: close + 1 } : undefined;
}

export class OutputLines {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private flushed = -1;
  private ended = false;
  private readonly waiters: { sequence: number; resolve: () => void }[] = [];

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    this.buffer += this.decoder.write(chunk);
    this.drain();
  }

  /** The stream closed: the rest is a line, and nothing more will be flushed. */
  end(): void {
    this.buffer += this.decoder.end();
    this.drain();
    this.emit(this.buffer);
    this.buffer = '';
    this.ended = true;
    this.wake();
  }

  /** Resolves once the marker of `sequence` (or the end of the stream) has been seen. */
  flushedThrough(sequence: number): Promise<void> {
    if (this.ended || this.flushed >= sequence) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ sequence, resolve }));
  }

  private drain(): void {
    for (;;) {
      const newline = this.buffer.indexOf('\n');
      const marker = this.buffer.indexOf(MARKER_START);
      if (marker >= 0 && (newline < 0 || marker < newline)) {
        const match = parseMarker(this.buffer.slice(marker));
        if (!match) {
          // Only part of a marker so far: wait for more, unless a newline shows it is not one.
          if (newline < 0) return;
          this.takeLine(newline);
          continue;
        }
        this.emit(this.buffer.slice(0, marker));
        this.buffer = this.buffer.slice(marker + match.length);
        this.flushed = Math.max(this.flushed, match.sequence);
        this.wake();
        continue;
      }
      if (newline < 0) return;
      this.takeLine(newline);
    }
  }

  private takeLine(newline: number): void {
    this.emit(this.buffer.slice(0, newline));
    this.buffer = this.buffer.slice(newline + 1);
  }

  private emit(text: string): void {
    const line = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (line !== '') this.onLine(line);
  }

  private wake(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (this.ended || this.flushed >= waiter.sequence) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
