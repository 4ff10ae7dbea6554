/**
 * The pure parts of a fault decision: whether a rule matches a request, which calls a failure rule
 * fails, how a latency is drawn, and the error a failure rule answers.
 */
import type { Random } from './prng.js';
import { internalErrorCode } from './throttling.js';
import type { FailureRule, FaultError, FaultRequestInfo, FaultRule, LatencyRange } from './types.js';

const compiled = new Map<string, RegExp>();

/** `*` matches any run of characters, `?` one character; case-insensitive. */
export function globMatches(glob: string, value: string): boolean {
  let re = compiled.get(glob);
  if (!re) {
    const source = [...glob]
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${source}$`, 'is');
    compiled.set(glob, re);
  }
  return re.test(value);
}

function fieldMatches(globs: readonly string[] | undefined, value: string | undefined): boolean {
  if (globs === undefined) return true;
  return globs.some((glob) => (value === undefined ? glob === '*' : globMatches(glob, value)));
}

export function ruleMatches(rule: FaultRule, request: FaultRequestInfo): boolean {
  return (
    fieldMatches(rule.service, request.service) &&
    fieldMatches(rule.operation, request.operation) &&
    fieldMatches(rule.account, request.accountId) &&
    fieldMatches(rule.region, request.region)
  );
}

/** Whether the `call`-th (1-based) call a failure rule matched fails. */
export function failsOnCall(fail: FailureRule, call: number): boolean {
  const { calls, every, first } = fail;
  if (calls === undefined && every === undefined && first === undefined) return true;
  return (
    (calls?.includes(call) ?? false) ||
    (every !== undefined && call % every === 0) ||
    (first !== undefined && call <= first)
  );
}

/** A latency in whole milliseconds; draws from `random` only for a range. */
export function sampleLatency(latency: LatencyRange, random: Random): number {
  if (latency.min === latency.max) return latency.min;
  return latency.min + Math.floor(random() * (latency.max - latency.min + 1));
}

export function failureError(fail: FailureRule, request: FaultRequestInfo, ruleLabel: string): FaultError {
  const status = fail.status ?? (fail.code === undefined ? 500 : 400);
  return {
    code: fail.code ?? internalErrorCode(request.protocol),
    message: fail.message ?? `Injected failure (${ruleLabel}).`,
    status,
    fault: status >= 500 ? 'Receiver' : 'Sender',
  };
}
