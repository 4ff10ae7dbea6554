/**
 * Authentication failures as each family of AWS services names them. S3 has its own vocabulary; the
 * query services (STS, IAM, CloudFormation, SNS…) and the JSON services (KMS, Organizations, Lambda…)
 * share messages but differ in codes (`InvalidClientTokenId` vs `UnrecognizedClientException`).
 */
import { AwsError } from '../http/errors.js';
import type { AuthFailure } from './sigv4.js';

/** `s3`: S3's REST-XML; `query`: query protocol; `json`: JSON and REST-JSON protocols. */
export type AuthDialect = 's3' | 'query' | 'json';

export const SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const S3_SIGNATURE_MISMATCH_MESSAGE =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.';
const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired';

/** The error for a request without any signature where the operation needs one. */
export function missingAuthenticationError(dialect: AuthDialect): AwsError {
  switch (dialect) {
    case 's3':
      return new AwsError('AccessDenied', 'Access Denied', { status: 403 });
    case 'query':
      return new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', {
        status: 403,
      });
    case 'json':
      return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', {
        status: 403,
      });
  }
}

function compact(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined));
}

function s3Error(failure: AuthFailure): AwsError {
  const headerAuth = failure.method !== 'presigned';
  switch (failure.reason) {
    case 'UnsupportedAlgorithm':
      return new AwsError(
        'InvalidRequest',
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      );
    case 'MalformedAuthorization':
    case 'MalformedCredential':
    case 'ScopeDateMismatch':
      return headerAuth
        ? new AwsError(
            'AuthorizationHeaderMalformed',
            `The authorization header is malformed; ${failure.message}`,
          )
        : new AwsError('AuthorizationQueryParametersError', failure.message);
    case 'InvalidExpires':
      return new AwsError('AuthorizationQueryParametersError', failure.message);
    case 'ConflictingAuth':
      return new AwsError('InvalidArgument', failure.message);
    case 'MissingDate':
      return new AwsError('AccessDenied', failure.message, { status: 403 });
    case 'UnknownAccessKey':
      return new AwsError(
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
        {
          status: 403,
          fields: compact({ AWSAccessKeyId: failure.accessKeyId }),
        },
      );
    case 'InvalidSessionToken':
      return new AwsError('InvalidToken', 'The provided token is malformed or otherwise invalid.');
    case 'SignatureMismatch':
      return new AwsError('SignatureDoesNotMatch', S3_SIGNATURE_MISMATCH_MESSAGE, {
        status: 403,
        fields: compact({
          AWSAccessKeyId: failure.accessKeyId,
          StringToSign: failure.stringToSign,
          SignatureProvided: failure.signatureProvided,
          CanonicalRequest: failure.canonicalRequest,
        }),
      });
    case 'RequestTimeTooSkewed':
      return new AwsError(
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        {
          status: 403,
          fields: compact({
            RequestTime: failure.requestTime,
            ServerTime: failure.serverTime,
            MaxAllowedSkewMilliseconds: '900000',
          }),
        },
      );
    case 'ExpiredToken':
      return new AwsError('ExpiredToken', 'The provided token has expired.');
    case 'PresignedExpired':
      return new AwsError('AccessDenied', 'Request has expired', {
        status: 403,
        fields: compact({
          'X-Amz-Expires': failure.expiresSeconds === undefined ? undefined : String(failure.expiresSeconds),
          Expires: failure.expires,
          ServerTime: failure.serverTime,
        }),
      });
    case 'PresignedNotYetValid':
      return new AwsError('AccessDenied', 'Request is not valid yet', { status: 403 });
    case 'MissingContentSha256':
      return new AwsError('InvalidRequest', failure.message);
    case 'InvalidContentSha256':
      return new AwsError('InvalidArgument', failure.message);
    case 'ContentSha256Mismatch':
      return new AwsError('XAmzContentSHA256Mismatch', failure.message, {
        fields: compact({
          ClientComputedContentSHA256: failure.clientSha256,
          S3ComputedContentSHA256: failure.serverSha256,
        }),
      });
  }
}

/** Codes that differ between the query and JSON families; the messages are the same. */
const FAMILY_CODES = {
  query: {
    incomplete: 'IncompleteSignature',
    invalidToken: 'InvalidClientTokenId',
    signature: 'SignatureDoesNotMatch',
    expired: 'ExpiredToken',
    denied: 'AccessDenied',
  },
  json: {
    incomplete: 'IncompleteSignatureException',
    invalidToken: 'UnrecognizedClientException',
    signature: 'InvalidSignatureException',
    expired: 'ExpiredTokenException',
    denied: 'AccessDeniedException',
  },
} as const;

function serviceError(failure: AuthFailure, dialect: 'query' | 'json'): AwsError {
  const codes = FAMILY_CODES[dialect];
  const clientStatus = dialect === 'json' ? 400 : 403;
  switch (failure.reason) {
    case 'UnsupportedAlgorithm':
    case 'MalformedAuthorization':
    case 'MalformedCredential':
    case 'ScopeDateMismatch':
    case 'MissingDate':
    case 'InvalidExpires':
    case 'ConflictingAuth':
    case 'MissingContentSha256':
    case 'InvalidContentSha256':
      return new AwsError(codes.incomplete, failure.message);
    case 'UnknownAccessKey':
    case 'InvalidSessionToken':
      return new AwsError(codes.invalidToken, INVALID_TOKEN_MESSAGE, { status: clientStatus });
    case 'SignatureMismatch':
    case 'ContentSha256Mismatch':
      return new AwsError(codes.signature, SIGNATURE_MISMATCH_MESSAGE, { status: clientStatus });
    case 'RequestTimeTooSkewed':
      return new AwsError('RequestTimeTooSkewed', failure.message, { status: 403 });
    case 'ExpiredToken':
      return new AwsError(codes.expired, EXPIRED_TOKEN_MESSAGE, { status: clientStatus });
    case 'PresignedExpired':
      return new AwsError(codes.denied, 'Request has expired', { status: 403 });
    case 'PresignedNotYetValid':
      return new AwsError(codes.denied, 'Request is not valid yet', { status: 403 });
  }
}

/** The AWS error a failed verification answers, in the request's dialect. */
export function authFailureError(failure: AuthFailure, dialect: AuthDialect): AwsError {
  return dialect === 's3' ? s3Error(failure) : serviceError(failure, dialect);
}
