/**
 * The fault injector: decides, request by request, how long to wait and whether to answer an error
 * instead of calling the service. Decisions depend only on the configuration, its seed and the order of
 * the calls each rule matched: every rule counts its calls and draws from its own seeded sequence.
 *
 * Rules are applied in order. Every matching rule adds its latency; the first matching rule that fails
 * or throttles the call decides the error.
 */
import { type FaultConfigInput, parseFaultConfig } from './config.js';
import { deriveSeed, mulberry32, type Random } from './prng.js';
import { failsOnCall, failureError, ruleMatches, sampleLatency } from './rules.js';
import { throttlingError } from './throttling.js';
import type { FaultConfig, FaultDecision, FaultError, FaultRequestInfo } from './types.js';

export interface FaultInjector {
  decide(request: FaultRequestInfo): FaultDecision;
  /** Replaces the rules (validated), restarts call counts and random sequences. */
  configure(config: FaultConfigInput | FaultConfig): void;
  /** Removes every rule: no latency, no errors. */
  reset(): void;
  /** The configuration in force (normalized). */
  readonly config: FaultConfig;
}

const NO_FAULT: FaultDecision = Object.freeze({ delayMs: 0, matchedRules: Object.freeze([]) });

interface RuleState {
  calls: number;
  random: Random;
}

export function createFaultInjector(initial: FaultConfigInput | FaultConfig = {}): FaultInjector {
  let config: FaultConfig = parseFaultConfig(initial);
  let states: RuleState[] = [];
  const restart = () => {
    states = config.rules.map((_, i) => ({ calls: 0, random: mulberry32(deriveSeed(config.seed, i)) }));
  };
  restart();

  return {
    get config() {
      return config;
    },
    configure(next) {
      config = parseFaultConfig(next);
      restart();
    },
    reset() {
      config = { seed: config.seed, rules: [] };
      restart();
    },
    decide(request) {
      if (config.rules.length === 0) return NO_FAULT;
      let delayMs = 0;
      let error: FaultError | undefined;
      const matchedRules: number[] = [];
      config.rules.forEach((rule, i) => {
        if (!ruleMatches(rule, request)) return;
        const state = states[i]!;
        state.calls += 1;
        matchedRules.push(i);
        if (rule.latency) delayMs += sampleLatency(rule.latency, state.random);
        // Draw for every matching call, so the sequence does not depend on other rules.
        const throttled = rule.throttle !== undefined && state.random() < rule.throttle;
        if (error) return;
        if (rule.fail && failsOnCall(rule.fail, state.calls)) {
          error = failureError(rule.fail, request, rule.name ?? `fault rule ${i + 1}`);
        } else if (throttled) {
          error = throttlingError(request.protocol);
        }
      });
      return error ? { delayMs, error, matchedRules } : { delayMs, matchedRules };
    },
  };
}
