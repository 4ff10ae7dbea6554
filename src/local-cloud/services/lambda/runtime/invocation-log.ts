/**
 * The log of one invocation: every line goes to the function's sink (CloudWatch Logs) as it happens, and
 * is kept for the `X-Amz-Log-Result` tail when the caller asked for it.
 */
import { logGroupNameOf } from './environment.js';
import { logTail } from './log-lines.js';
import type { FunctionConfig } from './types.js';

export class InvocationLog {
  private readonly messages: string[] = [];
  private stream = '';

  constructor(private readonly options: { fn: FunctionConfig; now: () => Date; keep: boolean }) {}

  /** The log stream lines go to (the process's). */
  useStream(logStreamName: string): void {
    this.stream = logStreamName;
  }

  readonly write = (message: string): void => {
    if (this.options.keep) this.messages.push(message);
    const sink = this.options.fn.logSink;
    if (!sink) return;
    try {
      sink({
        logGroupName: logGroupNameOf(this.options.fn.functionName),
        logStreamName: this.stream,
        timestamp: this.options.now().getTime(),
        message,
      });
    } catch {
      // A failing sink must not fail the invocation.
    }
  };

  /** Base64 of the last 4 KB. */
  tail(): string {
    return logTail(this.messages);
  }
}
