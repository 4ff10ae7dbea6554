/**
 * Lambda runtimes fleetpipe can package. A runtime AWS has deprecated is
 * rejected with the list of allowed ones.
 */
export type RuntimeFamily = 'nodejs' | 'python';

export const SupportedRuntimes = {
  'nodejs22.x': 'nodejs',
  'nodejs24.x': 'nodejs',
  'python3.11': 'python',
  'python3.12': 'python',
  'python3.13': 'python',
  'python3.14': 'python',
} as const satisfies Record<string, RuntimeFamily>;

export type Runtime = keyof typeof SupportedRuntimes;

export const DefaultRuntime = { nodejs: 'nodejs22.x', python: 'python3.13' } as const satisfies Record<
  RuntimeFamily,
  Runtime
>;

/** Runtimes AWS has deprecated (no new functions or updates). */
export const DeprecatedRuntimes: readonly string[] = [
  'nodejs',
  'nodejs4.3',
  'nodejs4.3-edge',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'nodejs18.x',
  'nodejs20.x',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'python3.10',
];

export const allowedRuntimeList = (): string => Object.keys(SupportedRuntimes).join(', ');

export function isSupportedRuntime(runtime: string): runtime is Runtime {
  return Object.hasOwn(SupportedRuntimes, runtime);
}

export function runtimeFamily(runtime: Runtime): RuntimeFamily {
  return SupportedRuntimes[runtime];
}
