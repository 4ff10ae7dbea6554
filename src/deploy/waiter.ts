/**
 * Polling with an interval, a time budget and an abort signal. Time is counted as the sum of the waits
 * between polls (no clock is read), so a test that injects `sleep` runs the same way every time.
 */
import { setTimeout as delay } from 'node:timers/promises';

export const DEFAULT_POLL_INTERVAL_MS = 2_000;
export const DEFAULT_POLL_TIMEOUT_MS = 60 * 60 * 1_000;

export interface WaiterOptions {
  intervalMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
  /** The error thrown once the signal is aborted. */
  aborted: (reason: unknown) => Error;
}

export class Waiter {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WaiterOptions) {
    this.intervalMs = options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
    const signal = options.signal;
    this.sleep = options.sleep ?? ((ms) => delay(ms, undefined, signal ? { signal } : {}));
  }

  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  /** Throws the abort error when the signal is aborted. */
  check(): void {
    const signal = this.options.signal;
    if (signal?.aborted) throw this.options.aborted(signal.reason);
  }

  /**
   * Reads until `settled` says so. After `timeoutMs` of waiting, throws what `timedOut` makes of the
   * last value read.
   */
  async until<T>(input: {
    read: () => Promise<T>;
    settled: (value: T) => boolean;
    timedOut: (last: T, waitedMs: number) => Error;
  }): Promise<T> {
    let waited = 0;
    for (;;) {
      this.check();
      const value = await input.read();
      if (input.settled(value)) return value;
      if (waited >= this.timeoutMs) throw input.timedOut(value, waited);
      await this.pause();
      waited += this.intervalMs;
    }
  }

  private async pause(): Promise<void> {
    try {
      await this.sleep(this.intervalMs);
    } catch (err) {
      this.check();
      throw err;
    }
    this.check();
  }
}
