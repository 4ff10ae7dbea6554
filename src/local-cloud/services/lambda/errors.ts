/** Lambda's errors: codes, statuses and wording of the real API (the body carries `Type: User`). */
import { AwsError } from '../../http/index.js';

const user = { Type: 'User' };

export const LambdaErrors = {
  functionNotFound: (arn: string) =>
    new AwsError('ResourceNotFoundException', `Function not found: ${arn}`, { status: 404, fields: user }),
  aliasNotFound: (arn: string) =>
    new AwsError('ResourceNotFoundException', `Alias not found: ${arn}`, { status: 404, fields: user }),
  policyNotFound: () =>
    new AwsError('ResourceNotFoundException', 'The resource you requested does not exist.', {
      status: 404,
      fields: user,
    }),
  statementNotFound: (sid: string) =>
    new AwsError('ResourceNotFoundException', `Statement ${sid} is not found in resource policy.`, {
      status: 404,
      fields: user,
    }),
  conflict: (message: string) =>
    new AwsError('ResourceConflictException', message, { status: 409, fields: user }),
  invalid: (message: string) =>
    new AwsError('InvalidParameterValueException', message, { status: 400, fields: user }),
  validation: (member: string, value: unknown, constraint: string) =>
    new AwsError(
      'ValidationException',
      `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
      { status: 400 },
    ),
  accessDenied: (message: string) =>
    new AwsError('AccessDeniedException', message, { status: 403, fields: user }),
  preconditionFailed: () =>
    new AwsError(
      'PreconditionFailedException',
      'The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id',
      { status: 412, fields: user },
    ),
} as const;
