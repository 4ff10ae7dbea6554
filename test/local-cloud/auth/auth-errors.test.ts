import { describe, expect, it } from 'vitest';
import { authFailureError, missingAuthenticationError } from '../../../src/local-cloud/auth/auth-errors.js';
import type { AuthFailure, AuthFailureReason } from '../../../src/local-cloud/auth/sigv4.js';

const failure = (reason: AuthFailureReason, extra: Partial<AuthFailure> = {}): AuthFailure => ({
  reason,
  message: 'detail',
  ...extra,
});

describe('authentication errors per protocol family', () => {
  it('names missing authentication as each family does', () => {
    expect(missingAuthenticationError('query')).toMatchObject({
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
      status: 403,
    });
    expect(missingAuthenticationError('json').code).toBe('MissingAuthenticationTokenException');
    expect(missingAuthenticationError('s3')).toMatchObject({ code: 'AccessDenied', status: 403 });
  });

  it.each([
    ['UnknownAccessKey', 'InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId'],
    ['InvalidSessionToken', 'InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidToken'],
    ['SignatureMismatch', 'SignatureDoesNotMatch', 'InvalidSignatureException', 'SignatureDoesNotMatch'],
    ['ExpiredToken', 'ExpiredToken', 'ExpiredTokenException', 'ExpiredToken'],
    ['RequestTimeTooSkewed', 'RequestTimeTooSkewed', 'RequestTimeTooSkewed', 'RequestTimeTooSkewed'],
    [
      'MalformedAuthorization',
      'IncompleteSignature',
      'IncompleteSignatureException',
      'AuthorizationHeaderMalformed',
    ],
    ['PresignedExpired', 'AccessDenied', 'AccessDeniedException', 'AccessDenied'],
    [
      'ContentSha256Mismatch',
      'SignatureDoesNotMatch',
      'InvalidSignatureException',
      'XAmzContentSHA256Mismatch',
    ],
  ] as const)('%s → %s / %s / %s', (reason, query, json, s3) => {
    expect(authFailureError(failure(reason), 'query').code).toBe(query);
    expect(authFailureError(failure(reason), 'json').code).toBe(json);
    expect(authFailureError(failure(reason), 's3').code).toBe(s3);
  });

  it('uses AWS wording for the common cases', () => {
    expect(authFailureError(failure('UnknownAccessKey'), 'query').message).toBe(
      'The security token included in the request is invalid.',
    );
    expect(authFailureError(failure('ExpiredToken'), 'query').message).toBe(
      'The security token included in the request is expired',
    );
    expect(authFailureError(failure('SignatureMismatch'), 's3').message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
    expect(authFailureError(failure('SignatureMismatch'), 'query').message).toMatch(
      /Check your AWS Secret Access Key/,
    );
    expect(authFailureError(failure('MalformedCredential', { method: 'presigned' }), 's3').code).toBe(
      'AuthorizationQueryParametersError',
    );
  });

  it('gives S3 the debugging fields it returns', () => {
    const error = authFailureError(
      failure('SignatureMismatch', {
        accessKeyId: 'AKID',
        stringToSign: 'sts',
        canonicalRequest: 'creq',
        signatureProvided: 'sig',
      }),
      's3',
    );
    expect(error.fields).toEqual({
      AWSAccessKeyId: 'AKID',
      StringToSign: 'sts',
      SignatureProvided: 'sig',
      CanonicalRequest: 'creq',
    });
    const skew = authFailureError(
      failure('RequestTimeTooSkewed', { requestTime: 'a', serverTime: 'b' }),
      's3',
    );
    expect(skew.fields).toEqual({ RequestTime: 'a', ServerTime: 'b', MaxAllowedSkewMilliseconds: '900000' });
  });
});
