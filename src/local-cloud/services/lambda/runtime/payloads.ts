/**
 * The payloads Lambda itself answers when a function does not (timeout, the process dying, a response
 * too large) and the payload limits of Invoke. Pure.
 */
import { AwsError } from '../../../http/index.js';
import type { InvocationType } from './types.js';

/** Invoke's request payload limits, bytes. */
export const REQUEST_PAYLOAD_LIMIT: Readonly<Record<Exclude<InvocationType, 'DryRun'>, number>> = {
  RequestResponse: 6_291_456,
  Event: 1_048_576,
};

/** The largest synchronous response Lambda returns, bytes (the number AWS's message names). */
export const RESPONSE_PAYLOAD_LIMIT = 6_291_556;

export const responseTooLargePayload = (): string =>
  JSON.stringify({
    errorMessage: `Response payload size exceeded maximum allowed payload size (${RESPONSE_PAYLOAD_LIMIT} bytes).`,
    errorType: 'Function.ResponseSizeTooLarge',
  });

/** Invocations that arrive while the engine shuts down. */
export const shuttingDownError = (): AwsError =>
  new AwsError('ServiceException', 'The Lambda service is shutting down.', { status: 500 });

export const timeoutPayload = (message: string): string => JSON.stringify({ errorMessage: message });

/** How Go (Lambda's runtime manager) names a signal: `killed`, `aborted`, `segmentation fault`. */
const SIGNAL_NAMES: Readonly<Record<string, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGINT: 'interrupt',
  SIGHUP: 'hangup',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGILL: 'illegal instruction',
  SIGPIPE: 'broken pipe',
  SIGQUIT: 'quit',
  SIGTRAP: 'trace/breakpoint trap',
};

/** `exit status 1`, `signal: killed`; undefined for a clean exit (status 0). */
export function exitReason(code: number | null, signal: string | null): string | undefined {
  if (signal !== null) return `signal: ${SIGNAL_NAMES[signal] ?? signal}`;
  return code === 0 || code === null ? undefined : `exit status ${code}`;
}

/** The error of a process that died during an invocation, as the payload and the log line carry it. */
export function exitError(options: { requestId: string; reason: string | undefined; outOfMemory: boolean }) {
  const errorType = options.outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
  const what =
    options.reason === undefined
      ? 'Runtime exited without providing a reason'
      : `Runtime exited with error: ${options.reason}`;
  const errorMessage = `RequestId: ${options.requestId} Error: ${what}`;
  return {
    errorType,
    errorMessage,
    payload: JSON.stringify({ errorType, errorMessage }),
    logLine: `${errorMessage}\n${errorType}`,
  };
}

/**
 * The event as the JSON text the function receives. Bytes (`Uint8Array`) are taken as the raw request
 * body (empty means `{}`) and must be JSON; any other value is serialized. Throws Invoke's errors.
 */
export function eventPayload(event: unknown, type: Exclude<InvocationType, 'DryRun'>): string {
  let text: string;
  if (event instanceof Uint8Array) {
    text = Buffer.from(event.buffer, event.byteOffset, event.byteLength).toString('utf8');
    if (text.trim() === '') text = '{}';
    try {
      JSON.parse(text);
    } catch (err) {
      throw new AwsError(
        'InvalidRequestContentException',
        `Could not parse request body into json: Could not parse payload into json: ${(err as Error).message}`,
      );
    }
  } else {
    try {
      text = JSON.stringify(event === undefined ? {} : event);
    } catch (err) {
      throw new AwsError(
        'InvalidRequestContentException',
        `Could not parse request body into json: ${(err as Error).message}`,
      );
    }
  }
  const limit = REQUEST_PAYLOAD_LIMIT[type];
  if (Buffer.byteLength(text, 'utf8') > limit) {
    throw new AwsError(
      'RequestTooLargeException',
      `Request must be smaller than ${limit} bytes for the InvokeFunction operation`,
      {
        status: 413,
      },
    );
  }
  return text;
}
