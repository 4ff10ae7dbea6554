/**
 * What an invocation's outcome means for the caller and the log: the payload, `X-Amz-Function-Error`,
 * the extra log line, and the REPORT status. Pure.
 */
import { timeoutMessage } from './log-lines.js';
import { exitError, RESPONSE_PAYLOAD_LIMIT, responseTooLargePayload, timeoutPayload } from './payloads.js';
import type { InitOutcome, RunOutcome } from './sandbox.js';

export interface Settled {
  payload: string;
  functionError?: 'Unhandled';
  /** Lines Lambda itself logs before END (timeout, runtime exit). */
  logLines: string[];
  status?: 'timeout' | 'error';
  errorType?: string;
  maxRssKb?: number;
}

export interface SettleContext {
  requestId: string;
  timeoutSeconds: number;
  date: Date;
}

function errorTypeOf(error: Record<string, unknown>): string | undefined {
  return typeof error.errorType === 'string' ? error.errorType : undefined;
}

function timedOut(context: SettleContext): Settled {
  const message = timeoutMessage({ ...context });
  return {
    payload: timeoutPayload(message),
    functionError: 'Unhandled',
    logLines: [message],
    status: 'timeout',
  };
}

function exited(context: SettleContext, reason: string | undefined, outOfMemory: boolean): Settled {
  const error = exitError({ requestId: context.requestId, reason, outOfMemory });
  return {
    payload: error.payload,
    functionError: 'Unhandled',
    logLines: [error.logLine],
    status: 'error',
    errorType: error.errorType,
  };
}

export function settleRun(outcome: RunOutcome, context: SettleContext): Settled {
  switch (outcome.kind) {
    case 'result':
      if (Buffer.byteLength(outcome.payload, 'utf8') > RESPONSE_PAYLOAD_LIMIT) {
        return {
          payload: responseTooLargePayload(),
          functionError: 'Unhandled',
          logLines: [],
          status: 'error',
          errorType: 'Function.ResponseSizeTooLarge',
          maxRssKb: outcome.maxRssKb,
        };
      }
      return { payload: outcome.payload, logLines: [], maxRssKb: outcome.maxRssKb };
    case 'error':
      return {
        payload: JSON.stringify(outcome.error),
        functionError: 'Unhandled',
        logLines: [],
        status: 'error',
        errorType: errorTypeOf(outcome.error),
        maxRssKb: outcome.maxRssKb,
      };
    case 'timeout':
      return timedOut(context);
    case 'exit':
      return exited(context, outcome.reason, outcome.outOfMemory);
  }
}

/** A failed init (the handler could not be loaded, the process died or took too long). */
export function settleInit(
  outcome: Exclude<InitOutcome, { kind: 'ready' | 'spawnError' }>,
  context: SettleContext,
): Settled {
  switch (outcome.kind) {
    case 'failed':
      return {
        payload: JSON.stringify(outcome.error),
        functionError: 'Unhandled',
        logLines: [],
        status: 'error',
        errorType: errorTypeOf(outcome.error),
      };
    case 'timeout':
      return timedOut(context);
    case 'exit':
      return exited(context, outcome.reason, outcome.outOfMemory);
  }
}
