/**
 * CodeStar Connections errors as the service sends them: codes and message wording of the real API.
 */
import { AwsError } from '../../http/errors.js';

export const ConnectionErrors = {
  validation: (message: string) => new AwsError('ValidationException', message),
  notFound: (message: string) => new AwsError('ResourceNotFoundException', message),
  unavailable: (message: string) => new AwsError('ResourceUnavailableException', message),
  limitExceeded: (message: string) => new AwsError('LimitExceededException', message),
  anonymous: () =>
    new AwsError(
      'AccessDeniedException',
      'CodeStar Connections requests must be signed by a known principal.',
    ),
} as const;
