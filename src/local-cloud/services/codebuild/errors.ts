/**
 * CodeBuild errors as the service sends them: codes and message wording of the real API. CodeBuild answers
 * bad input with `InvalidInputException`.
 */
import { AwsError } from '../../http/errors.js';

export const BuildErrors = {
  invalidInput: (message: string) => new AwsError('InvalidInputException', message),
  alreadyExists: (arn: string) =>
    new AwsError('ResourceAlreadyExistsException', `Project already exists: ${arn}`),
  notFound: (arn: string) => new AwsError('ResourceNotFoundException', `Project cannot be found: ${arn}`),
  roleNotAssumable: (roleArn: string) =>
    new AwsError(
      'InvalidInputException',
      `CodeBuild is not authorized to perform: sts:AssumeRole on ${roleArn}`,
    ),
  anonymous: () =>
    new AwsError('AccessDeniedException', 'CodeBuild requests must be signed by a known principal.'),
} as const;
