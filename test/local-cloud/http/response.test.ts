import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/local-cloud/http/errors.js';
import {
  awsJson,
  errorResponse,
  queryResultResponse,
  restJsonResultResponse,
} from '../../../src/local-cloud/http/response.js';

const meta = { requestId: 'req-1', hostId: 'host-1' };

describe('response framing', () => {
  it('wraps query results in Response/Result/ResponseMetadata', () => {
    const res = queryResultResponse({
      action: 'GetCallerIdentity',
      result: { Account: '123' },
      xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/',
      requestId: 'req-1',
    });
    expect(res.body).toBe(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
        '<Account>123</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>req-1</RequestId>' +
        '</ResponseMetadata></GetCallerIdentityResponse>',
    );
    const empty = queryResultResponse({
      action: 'DeleteRole',
      result: undefined,
      xmlns: 'x',
      requestId: 'r',
    });
    expect(empty.body).not.toContain('DeleteRoleResult');
  });

  const error = new AwsError('NoSuchBucket', 'The specified bucket does not exist', {
    status: 404,
    fields: { BucketName: 'b' },
    headers: { 'X-Amz-Bucket-Region': 'eu-west-1' },
  });

  it('renders query errors', () => {
    const res = errorResponse(
      error,
      { protocol: 'query', xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/' },
      meta,
    );
    expect(res.status).toBe(404);
    expect(res.body).toBe(
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>NoSuchBucket</Code>' +
        '<Message>The specified bucket does not exist</Message></Error><RequestId>req-1</RequestId></ErrorResponse>',
    );
  });

  it('renders S3 errors with extra fields, request and host IDs', () => {
    const res = errorResponse(error, { protocol: 'rest-xml' }, meta);
    expect(res.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message>' +
        '<BucketName>b</BucketName><RequestId>req-1</RequestId><HostId>host-1</HostId></Error>',
    );
    expect(res.headers['x-amz-bucket-region']).toBe('eu-west-1');
  });

  it('renders JSON and REST-JSON errors with x-amzn-ErrorType', () => {
    const json = errorResponse(
      error,
      { protocol: 'json', jsonContentType: 'application/x-amz-json-1.0' },
      meta,
    );
    expect(json.headers).toMatchObject({
      'x-amzn-errortype': 'NoSuchBucket',
      'content-type': 'application/x-amz-json-1.0',
    });
    expect(JSON.parse(String(json.body))).toEqual({
      __type: 'NoSuchBucket',
      message: 'The specified bucket does not exist',
      BucketName: 'b',
    });
    const rest = errorResponse(
      new AwsError('ServiceException', 'boom', { status: 500 }),
      { protocol: 'rest-json' },
      meta,
    );
    expect(JSON.parse(String(rest.body))).toEqual({ Type: 'Service', Message: 'boom' });
  });

  it('serialises Dates as epoch seconds and bytes as base64', () => {
    expect(awsJson({ at: new Date('2024-01-01T00:00:00.500Z'), blob: Buffer.from('hi'), n: [1] })).toBe(
      '{"at":1704067200.5,"blob":"aGk=","n":[1]}',
    );
    expect(awsJson(undefined)).toBe('{}');
    expect(restJsonResultResponse({ status: 204 })).toEqual({ status: 204, headers: {} });
    expect(restJsonResultResponse({ body: Buffer.from('raw') }).body).toEqual(Buffer.from('raw'));
  });
});
