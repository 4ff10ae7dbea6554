/**
 * Fault injection for tests and benchmarks: seeded, rule-based latency, throttling (answered as AWS
 * answers it per protocol) and deterministic failures, applied to a service registry.
 *
 *   const faults = createFaultInjector(await loadFaultConfig('faults.yaml'));
 *   services: (registry) => registerKms(withFaults(registry, faults), deps)
 *   faults.configure({ seed: 7, rules: [{ service: 'kms', throttle: 0.5 }] });   // at run time
 *   faults.reset();
 */
export { DEFAULT_FAULT_SEED, type FaultConfigInput, loadFaultConfig, parseFaultConfig } from './config.js';
export { createFaultInjector, type FaultInjector } from './injector.js';
export { deriveSeed, mulberry32, type Random } from './prng.js';
export { failsOnCall, globMatches, ruleMatches, sampleLatency } from './rules.js';
export { s3OperationName } from './s3-operations.js';
export { internalErrorCode, throttlingError } from './throttling.js';
export type {
  FailureRule,
  FaultConfig,
  FaultDecision,
  FaultError,
  FaultRequestInfo,
  FaultRule,
  LatencyRange,
} from './types.js';
export { type WithFaultsOptions, withFaults } from './registry.js';
