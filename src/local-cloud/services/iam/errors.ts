/**
 * IAM's errors, worded as IAM words them.
 */
import { AwsError } from '../../http/index.js';

export const IamErrors = {
  noSuchRole: (name: string) =>
    new AwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, { status: 404 }),
  noSuchRolePolicy: (name: string) =>
    new AwsError('NoSuchEntity', `The role policy with name ${name} cannot be found.`, { status: 404 }),
  noSuchPolicy: (arn: string) =>
    new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, { status: 404 }),
  notAttached: (arn: string) => new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, { status: 404 }),
  noSuchVersion: (arn: string, versionId: string) =>
    new AwsError('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`, {
      status: 404,
    }),
  roleExists: (name: string) =>
    new AwsError('EntityAlreadyExists', `Role with name ${name} already exists.`, { status: 409 }),
  policyExists: (name: string) =>
    new AwsError(
      'EntityAlreadyExists',
      `A policy called ${name} already exists. Duplicate names are not allowed.`,
      {
        status: 409,
      },
    ),
  deleteConflict: (message: string) => new AwsError('DeleteConflict', message, { status: 409 }),
  limitExceeded: (message: string) => new AwsError('LimitExceeded', message, { status: 409 }),
  malformed: (message: string) => new AwsError('MalformedPolicyDocument', message, { status: 400 }),
  validation: (message: string) => new AwsError('ValidationError', message, { status: 400 }),
  invalidInput: (message: string) => new AwsError('InvalidInput', message, { status: 400 }),
  /** AWS managed policies cannot be changed. */
  awsManaged: (principalArn: string, action: string, arn: string) =>
    new AwsError(
      'AccessDenied',
      `User: ${principalArn} is not authorized to perform: ${action} on resource: ${arn}`,
      {
        status: 403,
      },
    ),
};

/** `1 validation error detected: Value '<v>' at '<field>' failed to satisfy constraint: <constraint>` */
export function constraintError(field: string, value: string | null, constraint: string): AwsError {
  const shown = value === null ? 'null' : `'${value}'`;
  return IamErrors.validation(
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}
