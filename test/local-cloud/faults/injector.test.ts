import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFaultInjector,
  type FaultConfigInput,
  type FaultRequestInfo,
  loadFaultConfig,
  parseFaultConfig,
  s3OperationName,
  throttlingError,
} from '../../../src/local-cloud/faults/index.js';

const kms = (operation: string, accountId = '111111111111', region = 'us-east-1'): FaultRequestInfo => ({
  service: 'kms',
  operation,
  protocol: 'json',
  region,
  accountId,
});

function run(config: FaultConfigInput, requests: FaultRequestInfo[]) {
  const injector = createFaultInjector(config);
  return requests.map((r) => injector.decide(r));
}

const many = (n: number, request: FaultRequestInfo) => Array.from({ length: n }, () => request);

describe('rule matching', () => {
  it('answers no fault without rules', () => {
    expect(createFaultInjector().decide(kms('Encrypt'))).toEqual({ delayMs: 0, matchedRules: [] });
  });

  it('matches service, operation, account and region globs, case-insensitively', () => {
    const injector = createFaultInjector({
      rules: [
        { service: 'KMS', operation: ['Generate*', 'Decrypt'], account: '1111*', region: 'us-*', latency: 5 },
      ],
    });
    expect(injector.decide(kms('GenerateDataKey')).delayMs).toBe(5);
    expect(injector.decide(kms('decrypt')).delayMs).toBe(5);
    expect(injector.decide(kms('Encrypt')).delayMs).toBe(0);
    expect(injector.decide(kms('Decrypt', '222222222222')).delayMs).toBe(0);
    expect(injector.decide(kms('Decrypt', '111111111111', 'eu-west-1')).delayMs).toBe(0);
    expect(injector.decide({ ...kms('Decrypt'), service: 's3' }).delayMs).toBe(0);
  });

  it('matches anonymous requests only with an account glob of "*"', () => {
    const anonymous = { ...kms('Decrypt'), accountId: undefined };
    expect(run({ rules: [{ account: '*', latency: 1 }] }, [anonymous])[0]!.delayMs).toBe(1);
    expect(run({ rules: [{ account: '1*', latency: 1 }] }, [anonymous])[0]!.delayMs).toBe(0);
  });
});

describe('latency', () => {
  it('adds the latency of every matching rule', () => {
    const [d] = run(
      {
        rules: [
          { service: 'kms', latency: 20 },
          { operation: 'Encrypt', latency: 5 },
          { service: 's3', latency: 100 },
        ],
      },
      [kms('Encrypt')],
    );
    expect(d).toEqual({ delayMs: 25, matchedRules: [0, 1] });
  });

  it('draws ranges within bounds, the same way for the same seed', () => {
    const config = { seed: 42, rules: [{ latency: '10..50' }] };
    const first = run(config, many(200, kms('Encrypt'))).map((d) => d.delayMs);
    const second = run(config, many(200, kms('Encrypt'))).map((d) => d.delayMs);
    expect(second).toEqual(first);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...first)).toBeLessThanOrEqual(50);
    expect(new Set(first).size).toBeGreaterThan(20);
    const other = run({ ...config, seed: 43 }, many(200, kms('Encrypt'))).map((d) => d.delayMs);
    expect(other).not.toEqual(first);
  });
});

describe('throttling', () => {
  it('throttles about the configured share of calls, identically for one seed', () => {
    const config = { seed: 7, rules: [{ service: 'kms', throttle: 0.3 }] };
    const codes = run(config, many(2000, kms('Decrypt'))).map((d) => d.error?.code ?? 'ok');
    const throttled = codes.filter((c) => c === 'ThrottlingException').length;
    expect(throttled).toBeGreaterThan(500);
    expect(throttled).toBeLessThan(700);
    expect(run(config, many(2000, kms('Decrypt'))).map((d) => d.error?.code ?? 'ok')).toEqual(codes);
  });

  it('never throttles at 0 and always at 1', () => {
    expect(run({ rules: [{ throttle: 0 }] }, many(50, kms('Decrypt'))).every((d) => !d.error)).toBe(true);
    expect(run({ rules: [{ throttle: 1 }] }, many(50, kms('Decrypt'))).every((d) => d.error)).toBe(true);
  });

  it('answers as AWS does for each protocol', () => {
    expect(throttlingError('query')).toEqual({
      code: 'Throttling',
      message: 'Rate exceeded',
      status: 400,
      fault: 'Sender',
    });
    expect(throttlingError('json')).toMatchObject({ code: 'ThrottlingException', status: 400 });
    expect(throttlingError('rest-json')).toMatchObject({ code: 'TooManyRequestsException', status: 429 });
    expect(throttlingError('rest-xml')).toMatchObject({ code: 'SlowDown', status: 503, fault: 'Receiver' });
    const [d] = run({ rules: [{ throttle: 1 }] }, [
      { service: 'sts', operation: 'AssumeRole', protocol: 'query', region: 'us-east-1' },
    ]);
    expect(d!.error?.code).toBe('Throttling');
  });

  it('keeps one rule sequence independent of requests only other rules match', () => {
    const config = {
      seed: 3,
      rules: [
        { service: 'kms', throttle: 0.5 },
        { service: 's3', throttle: 0.5 },
      ],
    };
    const alone = run(config, many(100, kms('Decrypt'))).map((d) => Boolean(d.error));
    const s3: FaultRequestInfo = {
      service: 's3',
      operation: 'GetObject',
      protocol: 'rest-xml',
      region: 'us-east-1',
    };
    const mixed = run(
      config,
      many(100, kms('Decrypt')).flatMap((r) => [r, s3]),
    )
      .filter((_, i) => i % 2 === 0)
      .map((d) => Boolean(d.error));
    expect(mixed).toEqual(alone);
  });
});

describe('deterministic failures', () => {
  const outcomes = (fail: object, n = 7) =>
    run({ rules: [{ service: 'kms', fail }] }, many(n, kms('Encrypt')))
      .map((d) => (d.error ? 'x' : '.'))
      .join('');

  it('fails the listed calls, every Nth call, the first N calls, or every call', () => {
    expect(outcomes({ calls: [2, 5] })).toBe('.x..x..');
    expect(outcomes({ every: 3 })).toBe('..x..x.');
    expect(outcomes({ first: 2 })).toBe('xx.....');
    expect(outcomes({ first: 1, calls: [4] })).toBe('x..x...');
    expect(outcomes({})).toBe('xxxxxxx');
  });

  it('answers the configured error, or the protocol internal error', () => {
    const [given] = run(
      { rules: [{ fail: { code: 'KMSInternalException', status: 500, message: 'boom' } }] },
      [kms('Encrypt')],
    );
    expect(given!.error).toEqual({
      code: 'KMSInternalException',
      status: 500,
      message: 'boom',
      fault: 'Receiver',
    });
    const [coded] = run({ rules: [{ name: 'deny-it', fail: { code: 'AccessDeniedException' } }] }, [
      kms('Encrypt'),
    ]);
    expect(coded!.error).toEqual({
      code: 'AccessDeniedException',
      status: 400,
      message: 'Injected failure (deny-it).',
      fault: 'Sender',
    });
    const [s3] = run({ rules: [{ fail: {} }] }, [
      { service: 's3', operation: 'PutObject', protocol: 'rest-xml', region: 'us-east-1' },
    ]);
    expect(s3!.error).toMatchObject({ code: 'InternalError', status: 500 });
  });

  it('lets the first failing rule decide while later rules still add latency', () => {
    const [d] = run({ rules: [{ fail: { code: 'First' } }, { fail: { code: 'Second' }, latency: 9 }] }, [
      kms('Encrypt'),
    ]);
    expect(d).toMatchObject({ delayMs: 9, error: { code: 'First' }, matchedRules: [0, 1] });
  });
});

describe('configure and reset', () => {
  it('restarts counts and sequences on configure, and removes every rule on reset', () => {
    const config = { seed: 11, rules: [{ throttle: 0.5 }, { fail: { calls: [3] } }] };
    const injector = createFaultInjector(config);
    const first = many(20, kms('Decrypt')).map((r) => injector.decide(r).error?.code);
    injector.configure(config);
    expect(many(20, kms('Decrypt')).map((r) => injector.decide(r).error?.code)).toEqual(first);
    injector.reset();
    expect(injector.config.rules).toEqual([]);
    expect(injector.decide(kms('Decrypt'))).toEqual({ delayMs: 0, matchedRules: [] });
  });

  it('refuses invalid configurations, naming the field', () => {
    const injector = createFaultInjector();
    const bad = (config: unknown) => () => injector.configure(config as FaultConfigInput);
    expect(bad({ rules: [{ throttle: 2 }] })).toThrow(/rules\.0\.throttle/);
    expect(bad({ rules: [{ latency: '50..10' }] })).toThrow(/min must not exceed max/);
    expect(bad({ rules: [{ servce: 'kms' }] })).toThrow(
      expect.objectContaining({ code: 'FaultConfigInvalid' }),
    );
    expect(bad({ rules: [{ fail: { calls: [0] } }] })).toThrow(/rules\.0\.fail\.calls\.0/);
    expect(parseFaultConfig({ rules: [{ latency: '10..50', service: 'kms' }] })).toEqual({
      seed: 1,
      rules: [{ latency: { min: 10, max: 50 }, service: ['kms'] }],
    });
  });
});

describe('configuration files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'faults-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads YAML and JSON files', async () => {
    const yamlFile = join(dir, 'faults.yaml');
    await writeFile(
      yamlFile,
      [
        'seed: 99',
        'rules:',
        '  - service: kms',
        '    operation: [Decrypt]',
        '    latency: { min: 1, max: 3 }',
        '    throttle: 0.1',
        '',
      ].join('\n'),
    );
    expect(await loadFaultConfig(yamlFile)).toEqual({
      seed: 99,
      rules: [{ service: ['kms'], operation: ['Decrypt'], latency: { min: 1, max: 3 }, throttle: 0.1 }],
    });
    const jsonFile = join(dir, 'faults.json');
    await writeFile(
      jsonFile,
      JSON.stringify({ rules: [{ service: 's3', fail: { code: 'SlowDown', status: 503, first: 2 } }] }),
    );
    expect((await loadFaultConfig(jsonFile)).rules[0]?.fail).toEqual({
      code: 'SlowDown',
      status: 503,
      first: 2,
    });
  });

  it('reports unreadable and malformed files', async () => {
    await expect(loadFaultConfig(join(dir, 'missing.yaml'))).rejects.toMatchObject({
      code: 'FaultConfigUnreadable',
    });
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'rules: [unclosed');
    await expect(loadFaultConfig(broken)).rejects.toMatchObject({ code: 'FaultConfigInvalid' });
    const invalid = join(dir, 'invalid.json');
    await writeFile(invalid, JSON.stringify({ rules: [{ throttle: -1 }] }));
    await expect(loadFaultConfig(invalid)).rejects.toThrow(`${invalid} is invalid: rules.0.throttle`);
  });
});

describe('S3 operation names', () => {
  const name = (
    method: string,
    bucket?: string,
    key?: string,
    query = '',
    headers: Record<string, string> = {},
  ) => s3OperationName({ method, bucket, key, query: new URLSearchParams(query), headers });

  it('names S3 requests as the S3 API does', () => {
    expect(name('GET')).toBe('ListBuckets');
    expect(name('PUT', 'b')).toBe('CreateBucket');
    expect(name('GET', 'b', undefined, 'list-type=2&prefix=x')).toBe('ListObjectsV2');
    expect(name('GET', 'b', undefined, 'policy')).toBe('GetBucketPolicy');
    expect(name('PUT', 'b', undefined, 'versioning')).toBe('PutBucketVersioning');
    expect(name('POST', 'b', undefined, 'delete')).toBe('DeleteObjects');
    expect(name('PUT', 'b', 'k')).toBe('PutObject');
    expect(name('PUT', 'b', 'k', '', { 'x-amz-copy-source': '/a/b' })).toBe('CopyObject');
    expect(name('HEAD', 'b', 'k')).toBe('HeadObject');
    expect(name('PUT', 'b', 'k', 'partNumber=1&uploadId=u')).toBe('UploadPart');
    expect(name('POST', 'b', 'k', 'uploads')).toBe('CreateMultipartUpload');
  });
});
