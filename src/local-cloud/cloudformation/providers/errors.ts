/**
 * SDK failures turned into what CloudFormation shows as ResourceStatusReason:
 * `<message> (Service: <Service>, Status Code: <status>, Request ID: <id>)`.
 */
import { ProviderError } from './types.js';

interface SdkFailure {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** Error names that mean "the resource is already gone". */
const GONE = new Set([
  'NoSuchEntity',
  'NoSuchEntityException',
  'ResourceNotFoundException',
  'NoSuchConfigRuleException',
  'NotFound',
  'NotFoundException',
  'NoSuchBucket',
  'NoSuchBucketPolicy',
]);

export function providerError(err: unknown, service: string): ProviderError {
  if (err instanceof ProviderError) return err;
  const failure = (err ?? {}) as SdkFailure;
  const status = failure.$metadata?.httpStatusCode;
  const message = failure.message || failure.name || String(err);
  if (status === undefined) return new ProviderError(message, failure.name);
  const requestId = failure.$metadata?.requestId ?? 'null';
  return new ProviderError(
    `${message} (Service: ${service}, Status Code: ${status}, Request ID: ${requestId})`,
    failure.name,
  );
}

/** Runs one SDK call; a failure becomes a ProviderError. */
export async function call<T>(service: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw providerError(err, service);
  }
}

/** Like `call`, but "not found" answers `undefined` (deletes must succeed when the resource is gone). */
export async function callUnlessGone<T>(service: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run();
  } catch (err) {
    if (GONE.has((err as SdkFailure)?.name ?? '')) return undefined;
    throw providerError(err, service);
  }
}
