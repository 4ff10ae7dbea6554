/**
 * The platform lines Lambda writes around each invocation (START, END, REPORT, the timeout and
 * runtime-exit lines) and the `X-Amz-Log-Result` tail. Pure.
 */
import type { InvocationReport } from './types.js';

export const startLine = (requestId: string, version: string): string =>
  `START RequestId: ${requestId} Version: ${version}`;

export const endLine = (requestId: string): string => `END RequestId: ${requestId}`;

export function reportLine(requestId: string, report: InvocationReport): string {
  const fields = [
    `REPORT RequestId: ${requestId}`,
    `Duration: ${report.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${report.billedDurationMs} ms`,
    `Memory Size: ${report.memorySizeMb} MB`,
    `Max Memory Used: ${report.maxMemoryUsedMb} MB`,
  ];
  if (report.initDurationMs !== undefined)
    fields.push(`Init Duration: ${report.initDurationMs.toFixed(2)} ms`);
  if (report.status !== undefined) fields.push(`Status: ${report.status}`);
  if (report.errorType !== undefined) fields.push(`Error Type: ${report.errorType}`);
  return fields.join('\t');
}

/** `INIT_REPORT Init Duration: 812.04 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError` */
export function initReportLine(options: {
  initDurationMs: number;
  status: 'error' | 'timeout';
  errorType?: string;
}) {
  const fields = [`INIT_REPORT Init Duration: ${options.initDurationMs.toFixed(2)} ms`, 'Phase: init'];
  fields.push(`Status: ${options.status}`);
  if (options.errorType !== undefined) fields.push(`Error Type: ${options.errorType}`);
  return fields.join('\t');
}

/** Lambda bills whole milliseconds, at least 1. */
export const billedDuration = (durationMs: number): number => Math.max(1, Math.ceil(durationMs));

/** `2024-05-01T10:00:03.012Z 5f1c… Task timed out after 3.00 seconds` (also the error message). */
export const timeoutMessage = (options: { date: Date; requestId: string; timeoutSeconds: number }): string =>
  `${options.date.toISOString()} ${options.requestId} Task timed out after ${options.timeoutSeconds.toFixed(2)} seconds`;

/** The last 4 KB of the invocation's log, base64 (`X-Amz-Log-Result`). */
export function logTail(messages: readonly string[], maxBytes = 4096): string {
  const text = Buffer.from(messages.map((m) => `${m}\n`).join(''), 'utf8');
  return text.subarray(Math.max(0, text.length - maxBytes)).toString('base64');
}
