/**
 * CloudWatch Logs errors as the service sends them: codes, statuses and message wording of the real API.
 * Logs answers constraint violations with `InvalidParameterException` (not `ValidationException`).
 */
import { AwsError } from '../../http/errors.js';

/** `1 validation error detected: Value 'x' at 'logGroupName' failed to satisfy constraint: …` */
export function constraintError(member: string, value: unknown, constraint: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return new AwsError(
    'InvalidParameterException',
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

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
