/**
 * CodePipeline errors as the service sends them: codes and message wording of the real API.
 */
import { AwsError } from '../../http/errors.js';

export const PipelineErrors = {
  validation: (message: string) => new AwsError('ValidationException', message),
  structure: (message: string) => new AwsError('InvalidStructureException', message),
  actionDeclaration: (message: string) => new AwsError('InvalidActionDeclarationException', message),
  nameInUse: (name: string) =>
    new AwsError('PipelineNameInUseException', `A pipeline with the name '${name}' already exists`),
  notFound: (name: string, accountId: string) =>
    new AwsError(
      'PipelineNotFoundException',
      `Account '${accountId}' does not have a pipeline with name '${name}'`,
    ),
  versionNotFound: (name: string, version: number) =>
    new AwsError(
      'PipelineVersionNotFoundException',
      `Pipeline '${name}' does not have a version with number ${version}`,
    ),
  roleNotAssumable: (roleArn: string) =>
    new AwsError(
      'InvalidStructureException',
      `CodePipeline is not authorized to perform AssumeRole on role ${roleArn}`,
    ),
  invalidToken: () =>
    new AwsError('InvalidNextTokenException', 'The next token was specified in an invalid format.'),
  invalidArn: (arn: string) => new AwsError('InvalidArnException', `The ARN ${arn} is not valid.`),
  resourceNotFound: (arn: string) =>
    new AwsError('ResourceNotFoundException', `The resource with the ARN ${arn} does not exist.`),
  invalidTags: (message: string) => new AwsError('InvalidTagsException', message),
  tooManyTags: () =>
    new AwsError('TooManyTagsException', 'The number of tags on the resource would exceed the limit of 50.'),
  anonymous: () =>
    new AwsError('AccessDeniedException', 'CodePipeline requests must be signed by a known principal.'),
} as const;
