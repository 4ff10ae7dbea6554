/**
 * AWS Config errors as the service sends them (JSON 1.1 protocol): codes and message wording of the real API.
 */
import { AwsError } from '../../http/errors.js';
import { constraintErrorOf } from '../shared/errors.js';

/** `1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: …` */
export const constraintError = constraintErrorOf({ code: 'ValidationException' });

export const ConfigErrors = {
  serialization: (message: string) => new AwsError('SerializationException', message),
  invalidParameter: (message: string) => new AwsError('InvalidParameterValueException', message),
  noSuchRule: (name: string) =>
    new AwsError(
      'NoSuchConfigRuleException',
      `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name.`,
    ),
  invalidNextToken: () => new AwsError('InvalidNextTokenException', 'The nextToken provided is invalid'),
  invalidResultToken: () =>
    new AwsError('InvalidResultTokenException', 'The resultToken provided is invalid'),
  invalidLimit: (limit: number) =>
    new AwsError('InvalidLimitException', `Value '${limit}' at 'limit' failed to satisfy constraint.`),
  tooManyRules: (max: number) =>
    new AwsError(
      'MaxNumberOfConfigRulesExceededException',
      `Failed to put config rule because the maximum number of config rules: ${max} is reached.`,
    ),
  resourceNotDiscovered: (type: string, id: string) =>
    new AwsError(
      'ResourceNotDiscoveredException',
      `Resource ${id} of resourceType:${type} is unknown or has not been discovered`,
    ),
  anonymous: () =>
    new AwsError('AccessDeniedException', 'AWS Config requests must be signed by a known principal.'),
} as const;
