import { describe, expect, it } from 'vitest';
import { templateLocation } from '../../../../src/local-cloud/cloudformation/engine/template-url.js';

describe('templateLocation', () => {
  it.each([
    ['https://bucket.s3.amazonaws.com/dir/t.yaml', 'bucket', 'dir/t.yaml'],
    ['https://my.bucket.s3.eu-west-1.amazonaws.com/t.json', 'my.bucket', 't.json'],
    ['https://bucket.s3-eu-west-1.amazonaws.com/t.json', 'bucket', 't.json'],
    ['https://s3.eu-west-1.amazonaws.com/bucket/a/b.yaml', 'bucket', 'a/b.yaml'],
    ['https://s3.amazonaws.com/bucket/t.yaml', 'bucket', 't.yaml'],
    ['http://127.0.0.1:4566/bucket/k%20ey.yaml', 'bucket', 'k ey.yaml'],
  ])('%s → %s / %s', (url, bucket, key) => {
    expect(templateLocation(url)).toEqual({ bucket, key });
  });

  it.each([
    'ftp://bucket.s3.amazonaws.com/x',
    'https://s3.amazonaws.com/bucket',
    'not a url',
    'https://bucket.s3.amazonaws.com/',
  ])('rejects %s', (url) => {
    expect(() => templateLocation(url)).toThrow('TemplateURL must be a supported URL.');
  });
});
