/**
 * How AWS says "slow down", by protocol and service: `Throttling` (query services: STS, IAM,
 * CloudFormation…), `ThrottlingException` (JSON services), `TooManyRequestsException` (REST-JSON:
 * Lambda) and S3's `SlowDown` (503). The AWS SDKs and the CLI classify all of them as throttling and
 * retry them.
 */
import type { Protocol } from '../http/service-catalog.js';
import type { FaultError } from './types.js';

export function throttlingError(protocol: Protocol): FaultError {
  switch (protocol) {
    case 'query':
      return { code: 'Throttling', message: 'Rate exceeded', status: 400, fault: 'Sender' };
    case 'json':
      return { code: 'ThrottlingException', message: 'Rate exceeded', status: 400, fault: 'Sender' };
    case 'rest-json':
      return { code: 'TooManyRequestsException', message: 'Rate exceeded', status: 429, fault: 'Sender' };
    case 'rest-xml':
      return {
        code: 'SlowDown',
        message: 'Please reduce your request rate.',
        status: 503,
        fault: 'Receiver',
      };
  }
}

/** The protocol's generic internal error, for failure rules that name no code. */
export function internalErrorCode(protocol: Protocol): string {
  return protocol === 'rest-xml' ? 'InternalError' : 'InternalFailure';
}
