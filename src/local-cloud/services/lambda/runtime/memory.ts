/**
 * A process's resident memory, for the memory limit and "Max Memory Used". Linux only (/proc); elsewhere
 * the limit is not enforced and the process's own peak figure is used.
 */
import { readFileSync } from 'node:fs';

/** Resident set size in KB, or undefined when it cannot be read. */
export function residentKb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Polls a process's memory while it works; calls `onExceeded` once when it goes over the limit. */
export class MemoryWatch {
  private timer: NodeJS.Timeout | undefined;
  private peak = 0;
  private tripped = false;

  constructor(
    private readonly options: { pid: number; limitKb: number; intervalMs: number; onExceeded: () => void },
  ) {}

  get peakKb(): number {
    return this.peak;
  }

  get exceeded(): boolean {
    return this.tripped;
  }

  start(): void {
    if (this.timer !== undefined) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private sample(): void {
    const kb = residentKb(this.options.pid);
    if (kb === undefined) return;
    this.peak = Math.max(this.peak, kb);
    if (kb > this.options.limitKb && !this.tripped) {
      this.tripped = true;
      this.stop();
      this.options.onExceeded();
    }
  }
}
