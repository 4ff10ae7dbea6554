/**
 * Rendering for the terminal: events to stderr, errors as message + hint.
 * Only cli/ writes to the console.
 */
import { type FleetpipeError, formatError, isFleetpipeError } from '../errors.js';
import type { FleetpipeEvent, Reporter } from '../reporter.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
}

/** Warnings (and, with --verbose, info and debug) to stderr; stdout stays for results. */
export function consoleReporter(output: Output, options: GlobalOptions): Reporter {
  return {
    emit(event: FleetpipeEvent) {
      if (event.level === 'warn' || event.level === 'error') output.err(`${event.level}: ${event.message}`);
      else if (options.verbose) output.err(`${event.level}: ${event.message}`);
    },
  };
}

/** Prints an error and returns the exit code. */
export function reportError(err: unknown, output: Output, options: GlobalOptions): number {
  if (isFleetpipeError(err)) {
    if (options.json) {
      output.out(JSON.stringify({ ok: false, errors: err.all().map((e) => e.toJSON()) }, null, 2));
    } else {
      const problems = err.all();
      output.err(`error: ${formatError(err, { cwd: process.cwd() })}`);
      if (problems.length > 1) output.err(`${problems.length} problems found`);
    }
    if (options.verbose && err.stack) output.err(err.stack);
    return 1;
  }
  const e = err as Error;
  if (options.json)
    output.out(
      JSON.stringify({ ok: false, errors: [{ code: 'InternalError', message: String(e?.message ?? e) }] }),
    );
  else output.err(`internal error: ${e?.message ?? String(e)}`);
  if (options.verbose && e?.stack) output.err(e.stack);
  else if (!options.json) output.err('run again with --verbose for a stack trace, and please report it');
  return 2;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A plain aligned table (no colours: safe in CI logs). */
export function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '))
    .join('\n');
}

export type { FleetpipeError };
