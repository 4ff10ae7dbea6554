/**
 * Warm execution environments. After an invocation a healthy process waits, idle, for the next
 * invocation of the same function version with the same configuration (environment, credentials, code,
 * memory…); a configuration change retires the old processes, as Lambda does after an update.
 */
import type { Sandbox } from './sandbox.js';

export interface PoolOptions {
  idleTimeoutMs: number;
  maxIdle: number;
}

interface IdleEntry {
  sandbox: Sandbox;
  timer: NodeJS.Timeout;
}

export class SandboxPool {
  private readonly all = new Set<Sandbox>();
  /** Oldest first. */
  private idle: IdleEntry[] = [];
  /** The newest configuration key seen per function version. */
  private readonly current = new Map<string, string>();

  constructor(private readonly options: PoolOptions) {}

  /** Tracks a new process (killed at shutdown, forgotten once it exits). */
  add(sandbox: Sandbox): void {
    this.all.add(sandbox);
    sandbox.onClose(() => {
      this.all.delete(sandbox);
      this.removeIdle(sandbox);
    });
  }

  /** Notes the configuration an invocation uses; idle processes of older ones are killed. */
  use(functionKey: string, key: string): void {
    if (this.current.get(functionKey) === key) return;
    this.current.set(functionKey, key);
    for (const entry of this.idle.filter(
      (e) => e.sandbox.functionKey === functionKey && e.sandbox.key !== key,
    )) {
      this.removeIdle(entry.sandbox);
      void entry.sandbox.kill();
    }
  }

  /** The most recently idle process with this configuration, now busy. */
  acquire(key: string): Sandbox | undefined {
    for (let i = this.idle.length - 1; i >= 0; i--) {
      const entry = this.idle[i]!;
      if (entry.sandbox.key !== key || !entry.sandbox.alive) continue;
      this.idle.splice(i, 1);
      clearTimeout(entry.timer);
      entry.sandbox.setIdle(false);
      return entry.sandbox;
    }
    return undefined;
  }

  /** Keeps a process for reuse, or kills it (dead, outdated, no reuse, shutting down). */
  release(sandbox: Sandbox, options: { reusable: boolean }): void {
    const fresh = this.current.get(sandbox.functionKey) === sandbox.key;
    if (!sandbox.alive || !options.reusable || !fresh || this.options.idleTimeoutMs <= 0) {
      void sandbox.kill();
      return;
    }
    const timer = setTimeout(() => {
      this.removeIdle(sandbox);
      void sandbox.kill();
    }, this.options.idleTimeoutMs);
    timer.unref();
    sandbox.setIdle(true);
    this.idle.push({ sandbox, timer });
    while (this.idle.length > this.options.maxIdle) {
      const oldest = this.idle.shift()!;
      clearTimeout(oldest.timer);
      void oldest.sandbox.kill();
    }
  }

  /** Kills every process, busy or idle, and waits until they are gone. */
  async killAll(): Promise<void> {
    for (const entry of this.idle) clearTimeout(entry.timer);
    this.idle = [];
    await Promise.all([...this.all].map((sandbox) => sandbox.kill()));
  }

  private removeIdle(sandbox: Sandbox): void {
    const index = this.idle.findIndex((e) => e.sandbox === sandbox);
    if (index < 0) return;
    clearTimeout(this.idle[index]!.timer);
    this.idle.splice(index, 1);
  }
}
