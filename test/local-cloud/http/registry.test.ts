import { describe, expect, it } from 'vitest';
import { createServiceRegistry } from '../../../src/local-cloud/http/registry.js';
import {
  DEFAULT_MAX_REQUEST_BYTES,
  S3_MAX_REQUEST_BYTES,
} from '../../../src/local-cloud/http/service-catalog.js';

const noop = () => ({});

describe('ServiceRegistry', () => {
  it('finds query actions, JSON targets and the S3 handler', () => {
    const registry = createServiceRegistry()
      .query('sts', 'GetCallerIdentity', noop)
      .json('kms', 'TrentService.Encrypt', noop, { auth: 'required' })
      .s3(() => ({}));
    expect(registry.findQuery('sts', 'GetCallerIdentity')?.auth).toBe('required');
    expect(registry.findQuery('iam', 'GetCallerIdentity')).toBeUndefined();
    expect(registry.serviceOfQueryVersion('2011-06-15')).toBe('sts');
    expect(registry.serviceOfQueryVersion('2010-05-08')).toBeUndefined();
    expect(registry.serviceOfTarget('TrentService.Encrypt')).toBe('kms');
    expect(registry.findS3()).toBeDefined();
  });

  it('finds a JSON target sent with the model namespace in front (aws CLI v1)', () => {
    const registry = createServiceRegistry().json('kms', 'TrentService.Encrypt', noop);
    expect(registry.serviceOfTarget('com.amazonaws.kms.TrentService.Encrypt')).toBe('kms');
    expect(registry.findJson('com.amazonaws.kms.TrentService.Decrypt')).toBeUndefined();
    expect(registry.findJson('Encrypt')).toBeUndefined();
  });

  it('matches REST routes with labels and greedy labels, in registration order', () => {
    const registry = createServiceRegistry()
      .rest('lambda', 'GET', '/2015-03-31/functions/{FunctionName}/configuration', noop)
      .rest('lambda', 'GET', '/2015-03-31/functions/{FunctionName}', noop)
      .rest('lambda', 'GET', '/2017-03-31/tags/{ARN+}', noop);
    expect(registry.findRest('GET', '/2015-03-31/functions/fn/configuration')).toMatchObject({
      route: { template: '/2015-03-31/functions/{FunctionName}/configuration' },
      params: { FunctionName: 'fn' },
    });
    expect(registry.findRest('GET', '/2015-03-31/functions/a%3Ab')?.params).toEqual({ FunctionName: 'a:b' });
    expect(registry.findRest('GET', '/2017-03-31/tags/arn:aws:lambda/x/y')?.params).toEqual({
      ARN: 'arn:aws:lambda/x/y',
    });
    expect(registry.findRest('POST', '/2015-03-31/functions/fn')).toBeUndefined();
    expect(registry.findRest('GET', '/2015-03-31/functions/')).toBeUndefined();
    expect(registry.findRest('GET', '/2015-03-31/functions/fn/extra/more')).toBeUndefined();
    expect(registry.serviceOfRestRoute('GET', '/2015-03-31/functions/fn')).toBe('lambda');
  });

  it('knows body limits per service', () => {
    const registry = createServiceRegistry().configure('kms', { maxRequestBytes: 1234 });
    expect(registry.maxRequestBytes('s3')).toBe(S3_MAX_REQUEST_BYTES);
    expect(registry.maxRequestBytes('kms')).toBe(1234);
    expect(registry.maxRequestBytes('sts')).toBe(DEFAULT_MAX_REQUEST_BYTES);
    expect(registry.maxRequestBytes(undefined)).toBe(DEFAULT_MAX_REQUEST_BYTES);
  });

  it('refuses registrations that cannot work', () => {
    expect(() => createServiceRegistry().query('kms', 'Encrypt', noop)).toThrow(/speaks json, not query/);
    expect(() => createServiceRegistry().query('nosuch', 'Do', noop)).toThrow(/configure\('nosuch'/);
    expect(() => createServiceRegistry().json('kms', 'Encrypt', noop)).toThrow(/Prefix\.Operation/);
    expect(() => createServiceRegistry().query('sts', 'A', noop).query('sts', 'A', noop)).toThrow(
      /already registered/,
    );
    expect(() => createServiceRegistry().rest('lambda', 'GET', '/a/{B+}/c', noop)).toThrow(/must be last/);
    expect(() => createServiceRegistry().s3(noop).s3(noop)).toThrow(/already registered/);
    expect(() => createServiceRegistry().configure('custom', {})).toThrow(/protocol is required/);
  });

  it('lets new query services be described first', () => {
    const registry = createServiceRegistry()
      .configure('sqs-query', {
        protocol: 'query',
        version: '2012-11-05',
        xmlns: 'http://queue.amazonaws.com/doc/2012-11-05/',
      })
      .query('sqs-query', 'ListQueues', noop);
    expect(registry.serviceOfQueryVersion('2012-11-05')).toBe('sqs-query');
  });
});
