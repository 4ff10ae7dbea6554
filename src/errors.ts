/**
 * Errors are values with codes. Every error a user can hit says what happened,
 * where (file, line, column — or account and region), and how to fix it.
 */
import { isAbsolute, relative, resolve } from 'node:path';

export type ErrorSource = 'user' | 'toolkit';

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

export interface FleetpipeErrorOptions extends ErrorLocation {
  hint?: string;
  source?: ErrorSource;
  cause?: unknown;
  /** Further problems found in the same pass (validation reports all of them at once). */
  related?: FleetpipeError[];
}

export class FleetpipeError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly source: ErrorSource;
  readonly related: FleetpipeError[];

  constructor(code: string, message: string, options: FleetpipeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'FleetpipeError';
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.source = options.source ?? 'user';
    this.related = options.related ?? [];
  }

  /** `file:line:col` (as much of it as is known), or undefined. */
  get location(): string | undefined {
    if (!this.file) return undefined;
    let loc = this.file;
    if (this.line !== undefined) {
      loc += `:${this.line}`;
      if (this.column !== undefined) loc += `:${this.column}`;
    }
    return loc;
  }

  /** All problems this error stands for: itself, then the related ones. */
  all(): FleetpipeError[] {
    if (this.related.length === 0) return [this];
    const self = new FleetpipeError(this.code, this.message, {
      hint: this.hint,
      file: this.file,
      line: this.line,
      column: this.column,
      source: this.source,
      cause: this.cause,
    });
    return [self, ...this.related.flatMap((r) => r.all())];
  }

  /** One error for several problems; the first one gives the code. */
  static combine(errors: FleetpipeError[]): FleetpipeError {
    if (errors.length === 0) throw new Error('FleetpipeError.combine needs at least one error');
    if (errors.length === 1) return errors[0]!;
    const [first, ...rest] = errors;
    return new FleetpipeError(first!.code, first!.message, {
      hint: first!.hint,
      file: first!.file,
      line: first!.line,
      column: first!.column,
      source: first!.source,
      related: [...first!.related, ...rest],
      cause: first!.cause,
    });
  }

  /** The same error with `file` resolved against `root` (a relative file becomes absolute). */
  resolvedAgainst(root: string): FleetpipeError {
    const file = this.file === undefined || isAbsolute(this.file) ? this.file : resolve(root, this.file);
    if (file === this.file && this.related.length === 0) return this;
    return new FleetpipeError(this.code, this.message, {
      hint: this.hint,
      file,
      line: this.line,
      column: this.column,
      source: this.source,
      cause: this.cause,
      related: this.related.map((r) => r.resolvedAgainst(root)),
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      hint: this.hint,
      file: this.file,
      line: this.line,
      column: this.column,
    };
  }
}

export function isFleetpipeError(err: unknown): err is FleetpipeError {
  return err instanceof FleetpipeError;
}

/**
 * Formats each problem as `file:line:col: message` followed by an indented hint.
 * With `cwd`, files below it are shown relative to it.
 */
export function formatError(err: FleetpipeError, options: { cwd?: string } = {}): string {
  return err
    .all()
    .map((e) => {
      let location = e.location;
      if (location && options.cwd && e.file && isAbsolute(e.file)) {
        const rel = relative(options.cwd, e.file);
        if (rel && !rel.startsWith('..') && !isAbsolute(rel)) location = rel + location.slice(e.file.length);
      }
      const head = location ? `${location}: ${e.message}` : e.message;
      return e.hint ? `${head}\n  hint: ${e.hint}` : head;
    })
    .join('\n');
}
