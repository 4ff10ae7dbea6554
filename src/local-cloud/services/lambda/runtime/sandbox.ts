/**
 * One execution environment: a child process running a bootstrap, in its own process group (so killing
 * it takes any processes the function started along), with its own temp dir. It reports its init once
 * and then runs invocations one at a time, enforcing the timeout and the memory limit by SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Channel, type ChildMessage } from './channel.js';
import { MemoryWatch } from './memory.js';
import { flushMarker, OutputLines } from './output-lines.js';
import { exitReason } from './payloads.js';

export interface SandboxSpec {
  /** Fingerprint of everything the process was started with (config, environment, credentials). */
  key: string;
  /** ARN + version: the function this process belongs to. */
  functionKey: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** The process's temp dir (already created; removed once it exits). */
  tmpDir: string;
  logStreamName: string;
  memorySizeMb: number;
  memoryPollMs: number;
}

export type InitOutcome =
  | { kind: 'ready'; durationMs: number }
  | { kind: 'failed'; durationMs: number; error: Record<string, unknown> }
  | { kind: 'timeout'; durationMs: number }
  | { kind: 'exit'; durationMs: number; reason: string | undefined; outOfMemory: boolean }
  | { kind: 'spawnError'; error: Error };

export type RunOutcome =
  | { kind: 'result'; payload: string; maxRssKb: number | undefined }
  | { kind: 'error'; error: Record<string, unknown>; maxRssKb: number | undefined; fatal: boolean }
  | { kind: 'timeout' }
  | { kind: 'exit'; reason: string | undefined; outOfMemory: boolean };

export interface RunRequest {
  requestId: string;
  event: string;
  invokedFunctionArn: string;
  clientContext: unknown;
  timeoutMs: number;
}

type SandboxEvent =
  | { type: 'message'; message: ChildMessage }
  | { type: 'closed'; reason: string | undefined; spawnError: Error | undefined };

/** How long to wait for the pipes to close after the process has exited (a grandchild may hold them). */
const CLOSE_GRACE_MS = 2000;

export class Sandbox {
  readonly key: string;
  readonly functionKey: string;
  readonly logStreamName: string;
  private readonly child: ChildProcess;
  private readonly channel: Channel;
  private readonly stdout: OutputLines;
  private readonly stderr: OutputLines;
  private readonly memory: MemoryWatch;
  private readonly closed: Promise<void>;
  private readonly closeListeners: (() => void)[] = [];
  private waiter: ((event: SandboxEvent) => void) | undefined;
  private logTarget: (message: string) => void = () => {};
  private sequence = 0;
  private spawnError: Error | undefined;
  private isAlive = true;

  constructor(spec: SandboxSpec) {
    this.key = spec.key;
    this.functionKey = spec.functionKey;
    this.logStreamName = spec.logStreamName;
    this.child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const log = (line: string) => this.logTarget(line);
    this.stdout = new OutputLines(log);
    this.stderr = new OutputLines(log);
    this.child.stdout!.on('data', (chunk: Buffer) => this.stdout.push(chunk));
    this.child.stdout!.on('close', () => this.stdout.end());
    this.child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk));
    this.child.stderr!.on('close', () => this.stderr.end());
    this.channel = new Channel(this.child.stdio[3] as Duplex, (message) => this.onMessage(message));
    this.memory = new MemoryWatch({
      pid: this.child.pid ?? -1,
      limitKb: spec.memorySizeMb * 1024,
      intervalMs: spec.memoryPollMs,
      onExceeded: () => void this.kill(),
    });
    this.closed = new Promise<void>((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: string | null) => {
        if (done) return;
        done = true;
        this.isAlive = false;
        this.memory.stop();
        void rm(spec.tmpDir, { recursive: true, force: true }).catch(() => {});
        this.waiter?.({ type: 'closed', reason: exitReason(code, signal), spawnError: this.spawnError });
        for (const listener of this.closeListeners) listener();
        resolve();
      };
      this.child.on('close', (code, signal) => finish(code, signal));
      this.child.on('exit', (code, signal) => {
        const grace = setTimeout(() => {
          for (const stream of [this.child.stdout, this.child.stderr, this.child.stdio[3]]) stream?.destroy();
          finish(code, signal);
        }, CLOSE_GRACE_MS);
        grace.unref();
      });
      this.child.on('error', (err) => {
        this.spawnError = err;
        if (this.child.pid === undefined) finish(null, null);
      });
    });
  }

  get alive(): boolean {
    return this.isAlive;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Peak resident memory seen by polling, KB. */
  get peakKb(): number {
    return this.memory.peakKb;
  }

  /** Where the process's output and log lines go (the current invocation's log). */
  setLogTarget(target: (message: string) => void): void {
    this.logTarget = target;
  }

  onClose(listener: () => void): void {
    if (this.isAlive) this.closeListeners.push(listener);
    else listener();
  }

  /** Idle processes do not keep the parent alive (and exit by themselves when it goes). */
  setIdle(idle: boolean): void {
    const streams = [
      this.child.stdout,
      this.child.stderr,
      this.child.stdio[3],
    ] as unknown as (Socket | null)[];
    const handles: { ref(): unknown; unref(): unknown }[] = [
      this.child,
      ...streams.filter((s) => s !== null),
    ];
    for (const handle of handles) {
      if (idle) handle.unref();
      else handle.ref();
    }
  }

  /** Waits for the bootstrap to load the handler. */
  init(timeoutMs: number): Promise<InitOutcome> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    return new Promise((resolve) => {
      let timedOut = false;
      const finish = (outcome: InitOutcome) => {
        clearTimeout(timer);
        this.memory.stop();
        this.waiter = undefined;
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        void this.kill();
      }, timeoutMs);
      this.waiter = (event) => {
        if (event.type === 'closed') {
          if (event.spawnError) finish({ kind: 'spawnError', error: event.spawnError });
          else if (timedOut) finish({ kind: 'timeout', durationMs: elapsed() });
          else
            finish({
              kind: 'exit',
              durationMs: elapsed(),
              reason: event.reason,
              outOfMemory: this.memory.exceeded,
            });
        } else if (event.message.t === 'ready') {
          finish({ kind: 'ready', durationMs: elapsed() });
        } else if (event.message.t === 'initError') {
          finish({ kind: 'failed', durationMs: elapsed(), error: event.message.error });
        }
      };
      if (!this.isAlive) {
        this.waiter({ type: 'closed', reason: undefined, spawnError: this.spawnError });
        return;
      }
      this.memory.start();
    });
  }

  /** Runs one invocation; resolves once the answer and all output written before it have arrived. */
  run(request: RunRequest): Promise<RunOutcome> {
    const sequence = ++this.sequence;
    return new Promise((resolve) => {
      let timedOut = false;
      let answered = false;
      const finish = (outcome: RunOutcome) => {
        clearTimeout(timer);
        this.memory.stop();
        this.waiter = undefined;
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        void this.kill();
      }, request.timeoutMs);
      this.waiter = (event) => {
        if (event.type === 'closed') {
          if (answered) return;
          finish(
            timedOut
              ? { kind: 'timeout' }
              : { kind: 'exit', reason: event.reason, outOfMemory: this.memory.exceeded },
          );
          return;
        }
        const message = event.message;
        if (message.t !== 'result' && message.t !== 'error') return;
        if (message.id !== request.requestId || answered || timedOut) return;
        answered = true;
        clearTimeout(timer);
        const maxRssKb = message.maxRssKb ?? undefined;
        const outcome: RunOutcome =
          message.t === 'result'
            ? { kind: 'result', payload: message.payload, maxRssKb }
            : { kind: 'error', error: message.error, maxRssKb, fatal: message.fatal === true };
        void Promise.all([this.stdout.flushedThrough(sequence), this.stderr.flushedThrough(sequence)]).then(
          () => finish(outcome),
        );
      };
      if (!this.isAlive) {
        finish({ kind: 'exit', reason: undefined, outOfMemory: false });
        return;
      }
      this.memory.start();
      this.channel.send({
        t: 'invoke',
        id: request.requestId,
        event: request.event,
        deadline: Date.now() + request.timeoutMs,
        invokedFunctionArn: request.invokedFunctionArn,
        clientContext: request.clientContext,
        flush: flushMarker(sequence),
      });
    });
  }

  /** SIGKILLs the process group; resolves once the process is gone. */
  kill(): Promise<void> {
    if (this.isAlive && this.child.pid !== undefined) {
      // An idle (unref'd) process would not keep the parent alive long enough to see it go.
      this.setIdle(false);
      try {
        if (process.platform === 'win32') this.child.kill('SIGKILL');
        else process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        this.child.kill('SIGKILL');
      }
    }
    return this.closed;
  }

  private onMessage(message: ChildMessage): void {
    if (message.t === 'log') this.logTarget(message.line);
    else this.waiter?.({ type: 'message', message });
  }
}
