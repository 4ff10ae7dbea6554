/**
 * Event patterns: validation and EventBridge's matching rules, as pure functions.
 */
import { describe, expect, it } from 'vitest';
import { matchPattern, parsePattern } from '../../../src/local-cloud/services/events/index.js';

const EVENT = {
  version: '0',
  id: 'e-1',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111111111111',
  time: '2024-06-01T12:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:111111111111:instance/i-1'],
  detail: {
    state: 'running',
    'instance-id': 'i-1',
    count: 5,
    ratio: 0.5,
    ip: '10.0.3.7',
    tags: ['blue', 'prod'],
    nothing: null,
    flag: false,
    empty: '',
    file: 'reports/2024/summary.PNG',
    items: [{ kind: 'a' }, { kind: 'b' }],
  },
};

const matches = (pattern: object, event: unknown = EVENT) =>
  matchPattern(parsePattern(JSON.stringify(pattern)), event);

describe('matching', () => {
  it('matches exact values, any of a list, and every field', () => {
    expect(matches({ source: ['aws.ec2'] })).toBe(true);
    expect(matches({ source: ['aws.s3', 'aws.ec2'], detail: { state: ['running'] } })).toBe(true);
    expect(matches({ source: ['aws.ec2'], detail: { state: ['stopped'] } })).toBe(false);
    expect(matches({ detail: { count: [5.0] } })).toBe(true);
    expect(matches({ detail: { count: ['5'] } })).toBe(false);
    expect(matches({ detail: { nothing: [null], flag: [false], empty: [''] } })).toBe(true);
  });

  it('matches an array in the event when any element matches', () => {
    expect(matches({ detail: { tags: ['prod'] } })).toBe(true);
    expect(matches({ detail: { tags: ['green'] } })).toBe(false);
    expect(matches({ resources: [{ prefix: 'arn:aws:ec2:' }] })).toBe(true);
    expect(matches({ detail: { items: { kind: ['b'] } } })).toBe(true);
  });

  it('matches prefixes, suffixes, ignoring case and wildcards', () => {
    expect(matches({ 'detail-type': [{ prefix: 'EC2 Instance' }] })).toBe(true);
    expect(matches({ detail: { file: [{ suffix: '.png' }] } })).toBe(false);
    expect(matches({ detail: { file: [{ suffix: { 'equals-ignore-case': '.png' } }] } })).toBe(true);
    expect(matches({ detail: { state: [{ 'equals-ignore-case': 'RUNNING' }] } })).toBe(true);
    expect(matches({ detail: { file: [{ wildcard: 'reports/*/summary.*' }] } })).toBe(true);
    expect(matches({ detail: { file: [{ wildcard: 'reports/*.csv' }] } })).toBe(false);
  });

  it('matches anything-but values, lists and prefixes, only when the field is there', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'stopped' }] } })).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'running'] }] } })).toBe(false);
    expect(matches({ detail: { count: [{ 'anything-but': [1, 2] }] } })).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'run' } }] } })).toBe(false);
    expect(matches({ detail: { absent: [{ 'anything-but': 'x' }] } })).toBe(false);
  });

  it('matches numeric comparisons and ranges', () => {
    expect(matches({ detail: { count: [{ numeric: ['>', 0, '<=', 5] }] } })).toBe(true);
    expect(matches({ detail: { count: [{ numeric: ['>', 5] }] } })).toBe(false);
    expect(matches({ detail: { ratio: [{ numeric: ['=', 0.5] }] } })).toBe(true);
    expect(matches({ detail: { state: [{ numeric: ['>', 0] }] } })).toBe(false);
  });

  it('matches exists true and false', () => {
    expect(matches({ detail: { state: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { absent: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { state: [{ exists: false }] } })).toBe(false);
    expect(matches({ detail: { absent: [{ exists: true }] } })).toBe(false);
    expect(matches({ missing: { deeper: [{ exists: false }] } })).toBe(true);
  });

  it('matches IPv4 addresses in a CIDR block', () => {
    expect(matches({ detail: { ip: [{ cidr: '10.0.0.0/16' }] } })).toBe(true);
    expect(matches({ detail: { ip: [{ cidr: '10.1.0.0/16' }] } })).toBe(false);
  });

  it('matches any alternative of $or', () => {
    const pattern = {
      source: ['aws.ec2'],
      $or: [{ detail: { state: ['stopped'] } }, { detail: { count: [{ numeric: ['>=', 5] }] } }],
    };
    expect(matches(pattern)).toBe(true);
    expect(matches({ ...pattern, source: ['aws.s3'] })).toBe(false);
  });
});

describe('validation', () => {
  const invalid = (text: string) => {
    try {
      parsePattern(text);
    } catch (err) {
      return err as { code: string; message: string };
    }
    throw new Error(`expected ${text} to be refused`);
  };

  it('refuses patterns EventBridge refuses, naming the field', () => {
    expect(invalid('not json').code).toBe('InvalidEventPatternException');
    expect(invalid('[]').message).toBe('Event pattern is not valid. Reason: Filter is not an object');
    expect(invalid('{}').message).toContain('Empty objects are not allowed');
    expect(invalid('{"source":"aws.ec2"}').message).toBe(
      'Event pattern is not valid. Reason: Match value must be an array or an object at [source]',
    );
    expect(invalid('{"source":[]}').message).toContain('Empty arrays are not allowed at [source]');
    expect(invalid('{"detail":{"n":[{"numeric":[">",5,"<",1]}]}}').message).toContain(
      'Bottom must be less than top at [detail.n]',
    );
    expect(invalid('{"detail":{"n":[{"numeric":["<",1,">",5]}]}}').message).toContain(
      'Bad numeric range operator',
    );
    expect(invalid('{"x":[{"exists":"yes"}]}').message).toContain(
      'exists match pattern must be either true or false',
    );
    expect(invalid('{"x":[{"unknown":1}]}').message).toContain('Unrecognized match type unknown');
    expect(invalid('{"x":[{"cidr":"10.0.0.0/99"}]}').message).toContain('Malformed CIDR');
    expect(invalid('{"x":[{"anything-but":["a",1]}]}').message).toContain('mixed types');
    expect(invalid('{"$or":[{"a":["b"]}]}').message).toContain(
      '$or must be an array of at least two objects',
    );
    expect(invalid(JSON.stringify({ x: ['y'.repeat(5000)] })).message).toContain('longer than 4096');
  });
});
