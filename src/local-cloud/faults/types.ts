/**
 * Fault injection: what a rule says, what a request looks like to the injector, and what it decides.
 */
import type { Protocol } from '../http/service-catalog.js';

/** The request as the injector sees it. */
export interface FaultRequestInfo {
  /** `kms`, `s3`, `sts`… */
  readonly service: string;
  /** `Decrypt`, `AssumeRole`, `PutObject`… (REST-JSON: `METHOD /route/template`). */
  readonly operation: string;
  readonly protocol: Protocol;
  readonly region: string;
  /** The caller's account; undefined for anonymous requests. */
  readonly accountId?: string;
}

/** An error to answer instead of calling the handler. */
export interface FaultError {
  readonly code: string;
  readonly message: string;
  readonly status: number;
  readonly fault: 'Sender' | 'Receiver';
}

export interface FaultDecision {
  /** Milliseconds to wait before answering (0: none). */
  readonly delayMs: number;
  /** When set, answer this error and do not call the handler. */
  readonly error?: FaultError;
  /** 0-based indexes of the rules that matched the request. */
  readonly matchedRules: readonly number[];
}

/** Latency of a rule: a fixed number of milliseconds when `min === max`, else uniform in [min, max]. */
export interface LatencyRange {
  readonly min: number;
  readonly max: number;
}

/** Which matching calls fail. With no selector every matching call fails; otherwise any selector may. */
export interface FailureRule {
  /** Error code; the protocol's internal error (`InternalFailure`, S3 `InternalError`) unless given. */
  readonly code?: string;
  /** HTTP status; 500 when no code is given, else 400. */
  readonly status?: number;
  readonly message?: string;
  /** Fail these calls (1-based count of the calls this rule matched). */
  readonly calls?: readonly number[];
  /** Fail every Nth matching call. */
  readonly every?: number;
  /** Fail the first N matching calls. */
  readonly first?: number;
}

export interface FaultRule {
  /** A label for reports. */
  readonly name?: string;
  /** Globs (`*`, `?`, case-insensitive); a rule without a field matches any value. */
  readonly service?: readonly string[];
  readonly operation?: readonly string[];
  readonly account?: readonly string[];
  readonly region?: readonly string[];
  readonly latency?: LatencyRange;
  /** Probability (0..1) that a matching call is throttled. */
  readonly throttle?: number;
  readonly fail?: FailureRule;
}

export interface FaultConfig {
  /** Seed of the random draws (latency ranges, throttling); the same seed gives the same decisions. */
  readonly seed: number;
  readonly rules: readonly FaultRule[];
}
