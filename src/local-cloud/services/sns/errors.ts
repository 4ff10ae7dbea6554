/**
 * SNS errors as the service sends them (query protocol): `InvalidParameter` ("Invalid parameter: …"),
 * `ParameterValueInvalid` for message attributes, `NotFound` (404), `AuthorizationError` (403).
 */
import { AwsError } from '../../http/errors.js';

export const SnsErrors = {
  invalidParameter: (what: string) => new AwsError('InvalidParameter', `Invalid parameter: ${what}`),
  parameterValue: (message: string) => new AwsError('ParameterValueInvalid', message),
  /** `1 validation error detected: Value null at 'topicArn' failed to satisfy constraint: …` */
  missing: (member: string) =>
    new AwsError(
      'ValidationError',
      `1 validation error detected: Value null at '${member.charAt(0).toLowerCase()}${member.slice(1)}' failed to satisfy constraint: Member must not be null`,
    ),
  topicNotFound: () => new AwsError('NotFound', 'Topic does not exist', { status: 404 }),
  subscriptionNotFound: () => new AwsError('NotFound', 'Subscription does not exist', { status: 404 }),
  resourceNotFound: () => new AwsError('ResourceNotFound', 'Resource does not exist', { status: 404 }),
  authorization: (message: string) => new AwsError('AuthorizationError', message, { status: 403 }),
  tagLimit: () =>
    new AwsError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded'),
  anonymous: () =>
    new AwsError('AuthorizationError', 'SNS requests must be signed by a known principal.', { status: 403 }),
} as const;
