/**
 * CreateFunction / UpdateFunctionConfiguration input checks, as Lambda makes them: runtime (known,
 * not deprecated), handler, memory, timeout, description and environment variables. Pure.
 */
import { reservedKeysIn } from './runtime/index.js';
import { LambdaErrors } from './errors.js';

/** Runtimes Lambda accepts for new functions and updates. */
export const SUPPORTED_RUNTIMES: readonly string[] = [
  'nodejs20.x',
  'nodejs22.x',
  'nodejs24.x',
  'python3.10',
  'python3.11',
  'python3.12',
  'python3.13',
  'python3.14',
  'java8.al2',
  'java11',
  'java17',
  'java21',
  'java25',
  'dotnet8',
  'dotnet10',
  'ruby3.3',
  'ruby3.4',
  'provided.al2',
  'provided.al2023',
];

/** Runtimes Lambda knows but no longer lets functions be created or updated with. */
export const DEPRECATED_RUNTIMES: readonly string[] = [
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
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'java8',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'dotnet7',
  'ruby2.5',
  'ruby2.7',
  'ruby3.2',
  'go1.x',
  'provided',
];

export const LAMBDA_LIMITS = {
  handlerMaxLength: 128,
  minMemory: 128,
  maxMemory: 10240,
  minTimeout: 1,
  maxTimeout: 900,
  descriptionMaxLength: 256,
  environmentMaxBytes: 4096,
  zipMaxBytes: 50 * 1024 * 1024,
  listMaxItems: 50,
} as const;

export function checkRuntime(runtime: unknown): string {
  if (
    typeof runtime !== 'string' ||
    !(SUPPORTED_RUNTIMES.includes(runtime) || DEPRECATED_RUNTIMES.includes(runtime))
  ) {
    throw LambdaErrors.validation(
      'runtime',
      runtime,
      `Member must satisfy enum value set: [${[...SUPPORTED_RUNTIMES, ...DEPRECATED_RUNTIMES].join(', ')}]`,
    );
  }
  if (DEPRECATED_RUNTIMES.includes(runtime)) {
    const family = runtime.startsWith('python')
      ? 'python3.13'
      : runtime.startsWith('nodejs')
        ? 'nodejs22.x'
        : undefined;
    const advice = family
      ? ` We recommend you use the new runtime (${family}) while creating or updating functions.`
      : '';
    throw LambdaErrors.invalid(
      `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions.${advice}`,
    );
  }
  return runtime;
}

export function checkHandler(handler: unknown): string {
  if (
    typeof handler !== 'string' ||
    !/^[^\s]+$/.test(handler) ||
    handler.length > LAMBDA_LIMITS.handlerMaxLength
  ) {
    throw LambdaErrors.validation(
      'handler',
      handler,
      `Member must satisfy regular expression pattern: [^\\s]+ and have length less than or equal to ${LAMBDA_LIMITS.handlerMaxLength}`,
    );
  }
  return handler;
}

export function checkMemory(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < LAMBDA_LIMITS.minMemory || n > LAMBDA_LIMITS.maxMemory) {
    throw LambdaErrors.validation(
      'memorySize',
      value,
      `Member must have value less than or equal to ${LAMBDA_LIMITS.maxMemory} and greater than or equal to ${LAMBDA_LIMITS.minMemory}`,
    );
  }
  return n;
}

export function checkTimeout(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < LAMBDA_LIMITS.minTimeout) {
    throw LambdaErrors.validation('timeout', value, 'Member must have value greater than or equal to 1');
  }
  if (n > LAMBDA_LIMITS.maxTimeout) {
    throw LambdaErrors.invalid(`Timeout value must be less than or equal to ${LAMBDA_LIMITS.maxTimeout}.`);
  }
  return n;
}

export function checkDescription(value: unknown): string {
  if (typeof value !== 'string' || value.length > LAMBDA_LIMITS.descriptionMaxLength) {
    throw LambdaErrors.validation('description', value, 'Member must have length less than or equal to 256');
  }
  return value;
}

export function checkEnvironment(value: unknown): Record<string, string> {
  const variables = (value as { Variables?: unknown } | undefined)?.Variables ?? {};
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    throw LambdaErrors.invalid('Environment.Variables must be a map of strings.');
  }
  const env: Record<string, string> = {};
  for (const [key, v] of Object.entries(variables)) {
    if (!/^[a-zA-Z]([a-zA-Z0-9_])+$/.test(key)) {
      throw LambdaErrors.validation(
        'environment.variables',
        key,
        'Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+',
      );
    }
    env[key] = String(v);
  }
  const reserved = reservedKeysIn(env);
  if (reserved.length > 0) {
    throw LambdaErrors.invalid(
      'Lambda was unable to configure your environment variables because the environment variables you have ' +
        'provided contains reserved keys that are currently not supported for modification. Reserved keys used ' +
        `in this request: ${reserved.join(', ')}`,
    );
  }
  const size = Buffer.byteLength(JSON.stringify(env));
  if (size > LAMBDA_LIMITS.environmentMaxBytes) {
    throw LambdaErrors.invalid(
      `Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: ${JSON.stringify(env)}`,
    );
  }
  return env;
}
