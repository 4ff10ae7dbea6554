/**
 * KMS errors as KMS sends them: codes, HTTP statuses and message shapes of the real service.
 */
import { AwsError } from '../../http/errors.js';
import { constraintErrorOf, lowerFirst } from '../shared/errors.js';

/** `1 validation error detected: Value 'x' at 'keyId' failed to satisfy constraint: …` (`KeyId` on the wire). */
export const constraintError = constraintErrorOf({ code: 'ValidationException', memberName: lowerFirst });

export const KmsErrors = {
  validation: (message: string) => new AwsError('ValidationException', message),
  serialization: (message: string) => new AwsError('SerializationException', message),
  invalidKeyId: (ref: string) => new AwsError('NotFoundException', `Invalid keyId ${ref}`),
  keyNotFound: (arn: string) => new AwsError('NotFoundException', `Key '${arn}' does not exist`),
  aliasNotFound: (aliasArn: string) => new AwsError('NotFoundException', `Alias ${aliasArn} is not found.`),
  policyNotFound: () => new AwsError('NotFoundException', 'No such policy exists'),
  disabled: (arn: string) => new AwsError('DisabledException', `${arn} is disabled.`),
  pendingDeletion: (arn: string) => new AwsError('KMSInvalidStateException', `${arn} is pending deletion.`),
  invalidState: (message: string) => new AwsError('KMSInvalidStateException', message),
  invalidCiphertext: () =>
    new AwsError(
      'InvalidCiphertextException',
      'The ciphertext is invalid, or its encryption context does not match the one given.',
    ),
  incorrectKey: () =>
    new AwsError(
      'IncorrectKeyException',
      'The key ID in the request does not identify a CMK that can perform this operation.',
    ),
  alreadyExists: (aliasArn: string) =>
    new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`),
  notAuthorized: () => new AwsError('NotAuthorizedException', ''),
  malformedPolicy: (message: string) => new AwsError('MalformedPolicyDocumentException', message),
  lockout: () =>
    new AwsError(
      'MalformedPolicyDocumentException',
      'The new key policy will not allow you to update the key policy in the future.',
    ),
  invalidMarker: () => new AwsError('InvalidMarkerException', 'Invalid marker'),
  unsupported: (message: string) => new AwsError('UnsupportedOperationException', message),
  dryRun: () =>
    new AwsError(
      'DryRunOperationException',
      'The request would have succeeded, but the DryRun option is set.',
      { status: 412 },
    ),
  tagException: (message: string) => new AwsError('TagException', message),
  anonymous: () => new AwsError('AccessDeniedException', 'KMS requests must be signed by a known principal.'),
} as const;
