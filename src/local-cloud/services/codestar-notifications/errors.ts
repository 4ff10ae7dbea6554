/**
 * CodeStar Notifications errors as the service sends them (REST-JSON: `x-amzn-ErrorType` and `Message`),
 * with the HTTP statuses of the service's model.
 */
import { AwsError } from '../../http/errors.js';

export const NotificationErrors = {
  validation: (message: string) => new AwsError('ValidationException', message),
  configuration: (message: string) => new AwsError('ConfigurationException', message),
  alreadyExists: (message: string) =>
    new AwsError('ResourceAlreadyExistsException', message, { status: 409 }),
  notFound: (arn: string) =>
    new AwsError('ResourceNotFoundException', `Resource ${arn} does not exist.`, { status: 404 }),
  limitExceeded: (message: string) => new AwsError('LimitExceededException', message),
  invalidToken: () =>
    new AwsError('InvalidNextTokenException', 'The next token is not valid for this request.'),
  anonymous: () =>
    new AwsError(
      'AccessDeniedException',
      'CodeStar Notifications requests must be signed by a known principal.',
      { status: 403 },
    ),
} as const;
