/**
 * CloudWatch Logs errors as the service sends them: codes, statuses and message wording of the real API.
 * Logs answers constraint violations with `InvalidParameterException` (not `ValidationException`).
 */
import { AwsError } from '../../http/errors.js';
import { constraintErrorOf } from '../shared/errors.js';

/** `1 validation error detected: Value 'x' at 'logGroupName' failed to satisfy constraint: …` */
export const constraintError = constraintErrorOf({ code: 'InvalidParameterException' });

export const LogsErrors = {
  invalidParameter: (message: string) => new AwsError('InvalidParameterException', message),
  serialization: (message: string) => new AwsError('SerializationException', message),
  groupNotFound: () => new AwsError('ResourceNotFoundException', 'The specified log group does not exist.'),
  streamNotFound: () => new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.'),
  groupExists: () => new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists'),
  streamExists: () =>
    new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists'),
  invalidToken: () => new AwsError('InvalidParameterException', 'The specified nextToken is invalid.'),
  anonymous: () =>
    new AwsError('AccessDeniedException', 'CloudWatch Logs requests must be signed by a known principal.', {
      status: 400,
    }),
} as const;
