/** S3's errors, worded and shaped (status, extra `<Error>` fields, headers) as S3 answers them. */
import { AwsError } from '../../http/index.js';

export function noSuchBucket(bucket: string): AwsError {
  return new AwsError('NoSuchBucket', 'The specified bucket does not exist', {
    status: 404,
    fields: { BucketName: bucket },
  });
}

export function noSuchKey(key: string, headers: Record<string, string> = {}): AwsError {
  return new AwsError('NoSuchKey', 'The specified key does not exist.', {
    status: 404,
    fields: { Key: key },
    headers,
  });
}

export function noSuchVersion(key: string, versionId: string): AwsError {
  return new AwsError('NoSuchVersion', 'The specified version does not exist.', {
    status: 404,
    fields: { Key: key, VersionId: versionId },
  });
}

export function invalidVersionId(versionId: string): AwsError {
  return invalidArgument('Invalid version id specified', 'versionId', versionId);
}

export function noSuchUpload(uploadId: string): AwsError {
  return new AwsError(
    'NoSuchUpload',
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { status: 404, fields: { UploadId: uploadId } },
  );
}

export function noSuchBucketPolicy(bucket: string): AwsError {
  return new AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', {
    status: 404,
    fields: { BucketName: bucket },
  });
}

export function bucketNotEmpty(bucket: string): AwsError {
  return new AwsError('BucketNotEmpty', 'The bucket you tried to delete is not empty', {
    status: 409,
    fields: { BucketName: bucket },
  });
}

export function bucketAlreadyExists(bucket: string): AwsError {
  return new AwsError(
    'BucketAlreadyExists',
    'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
    { status: 409, fields: { BucketName: bucket } },
  );
}

export function bucketAlreadyOwnedByYou(bucket: string): AwsError {
  return new AwsError(
    'BucketAlreadyOwnedByYou',
    'Your previous request to create the named bucket succeeded and you already own it.',
    { status: 409, fields: { BucketName: bucket } },
  );
}

export function invalidBucketName(bucket: string): AwsError {
  return new AwsError('InvalidBucketName', 'The specified bucket is not valid.', {
    fields: { BucketName: bucket },
  });
}

export function invalidArgument(message: string, name?: string, value?: string): AwsError {
  const fields: Record<string, string> = {};
  if (name !== undefined) fields['ArgumentName'] = name;
  if (value !== undefined) fields['ArgumentValue'] = value;
  return new AwsError('InvalidArgument', message, { fields });
}

export function invalidRequest(message: string): AwsError {
  return new AwsError('InvalidRequest', message);
}

export function invalidRange(range: string, size: number): AwsError {
  return new AwsError('InvalidRange', 'The requested range is not satisfiable', {
    status: 416,
    fields: { RangeRequested: range, ActualObjectSize: String(size) },
    headers: { 'content-range': `bytes */${size}` },
  });
}

export function preconditionFailed(condition: string): AwsError {
  return new AwsError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
    status: 412,
    fields: { Condition: condition },
  });
}

export function notImplemented(what: string): AwsError {
  return new AwsError(
    'NotImplemented',
    'A header you provided implies functionality that is not implemented',
    {
      status: 501,
      fields: { Header: what },
    },
  );
}

export function methodNotAllowed(
  method: string,
  resourceType: string,
  headers: Record<string, string> = {},
): AwsError {
  return new AwsError('MethodNotAllowed', 'The specified method is not allowed against this resource.', {
    status: 405,
    fields: { Method: method, ResourceType: resourceType },
    headers,
  });
}

export function malformedPolicy(message: string): AwsError {
  return new AwsError('MalformedPolicy', message);
}

export function accessDenied(): AwsError {
  return new AwsError('AccessDenied', 'Access Denied', { status: 403 });
}

export function keyTooLong(): AwsError {
  return new AwsError('KeyTooLongError', 'Your key is too long');
}

export function metadataTooLarge(size: number): AwsError {
  return new AwsError('MetadataTooLarge', 'Your metadata headers exceed the maximum allowed metadata size.', {
    fields: { Size: String(size), MaxSizeAllowed: '2048' },
  });
}

export function wrongRegion(signed: string, bucketRegion: string): AwsError {
  return new AwsError(
    'AuthorizationHeaderMalformed',
    `The authorization header is malformed; the region '${signed}' is wrong; expecting '${bucketRegion}'`,
    { fields: { Region: bucketRegion }, headers: { 'x-amz-bucket-region': bucketRegion } },
  );
}

export function kmsError(code: 'NotFoundException' | 'DisabledException', message: string): AwsError {
  return new AwsError(`KMS.${code}`, message);
}
