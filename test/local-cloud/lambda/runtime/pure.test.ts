/** The engine's pure parts: log lines, environment, payloads, runtime names, output splitting, keys. */
import { describe, expect, it } from 'vitest';
import {
  functionEnvironment,
  logStreamNameOf,
  reservedKeysIn,
  runtimeFamilyOf,
} from '../../../../src/local-cloud/services/lambda/runtime/index.js';
import {
  billedDuration,
  initReportLine,
  logTail,
  reportLine,
  startLine,
  timeoutMessage,
} from '../../../../src/local-cloud/services/lambda/runtime/log-lines.js';
import {
  flushMarker,
  OutputLines,
} from '../../../../src/local-cloud/services/lambda/runtime/output-lines.js';
import {
  eventPayload,
  exitError,
  exitReason,
} from '../../../../src/local-cloud/services/lambda/runtime/payloads.js';
import {
  configKey,
  nodeHeapLimitMb,
} from '../../../../src/local-cloud/services/lambda/runtime/sandbox-spec.js';
import type { FunctionConfig } from '../../../../src/local-cloud/services/lambda/runtime/types.js';

const FN: FunctionConfig = {
  functionName: 'f',
  functionArn: 'arn:aws:lambda:us-east-1:111111111111:function:f',
  runtime: 'python3.13',
  handler: 'lambda_function.lambda_handler',
  codeDir: '/code',
  memorySize: 128,
  timeout: 3,
  region: 'us-east-1',
};

describe('log lines', () => {
  it('formats START, REPORT and INIT_REPORT as Lambda writes them', () => {
    expect(startLine('id-1', '$LATEST')).toBe('START RequestId: id-1 Version: $LATEST');
    expect(
      reportLine('id-1', {
        durationMs: 12.345,
        billedDurationMs: 13,
        memorySizeMb: 128,
        maxMemoryUsedMb: 67,
        initDurationMs: 150.5,
      }),
    ).toBe(
      'REPORT RequestId: id-1\tDuration: 12.35 ms\tBilled Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 67 MB\tInit Duration: 150.50 ms',
    );
    expect(
      reportLine('id-2', {
        durationMs: 1000.2,
        billedDurationMs: 1001,
        memorySizeMb: 128,
        maxMemoryUsedMb: 40,
        status: 'timeout',
      }),
    ).toBe(
      'REPORT RequestId: id-2\tDuration: 1000.20 ms\tBilled Duration: 1001 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: timeout',
    );
    expect(
      initReportLine({ initDurationMs: 5, status: 'error', errorType: 'Runtime.ImportModuleError' }),
    ).toBe(
      'INIT_REPORT Init Duration: 5.00 ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError',
    );
    expect([billedDuration(0.2), billedDuration(12.01), billedDuration(13)]).toEqual([1, 13, 13]);
    expect(
      timeoutMessage({ date: new Date('2024-05-01T10:00:03.012Z'), requestId: 'r', timeoutSeconds: 3 }),
    ).toBe('2024-05-01T10:00:03.012Z r Task timed out after 3.00 seconds');
  });

  it('keeps the last 4 KB for X-Amz-Log-Result', () => {
    expect(Buffer.from(logTail(['a', 'b']), 'base64').toString()).toBe('a\nb\n');
    const tail = Buffer.from(logTail(['x'.repeat(5000), 'END']), 'base64').toString();
    expect(tail).toHaveLength(4096);
    expect(tail.endsWith('x\nEND\n')).toBe(true);
  });
});

describe('environment', () => {
  const input = {
    fn: { ...FN, environment: { MINE: '1', AWS_REGION: 'nope', _HANDLER: 'nope', TZ: 'Europe/Paris' } },
    family: 'python' as const,
    version: '$LATEST',
    credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
    logStreamName: 'stream',
    runtimeDir: '/rt',
    tmpDir: '/tmp/x',
    sdkNodeModules: undefined,
    hostPath: '/usr/bin',
    devNull: '/dev/null',
  };

  it("sets Lambda's reserved variables over the function's own, and nothing of the host but PATH", () => {
    const env = functionEnvironment(input);
    expect(env).toMatchObject({
      MINE: '1',
      AWS_REGION: 'us-east-1',
      _HANDLER: 'lambda_function.lambda_handler',
      TZ: 'Europe/Paris',
      PATH: '/usr/bin',
      AWS_ACCESS_KEY_ID: 'AK',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_EXECUTION_ENV: 'AWS_Lambda_python3.13',
    });
    expect(env.AWS_SESSION_TOKEN).toBeUndefined();
    expect(env.NODE_PATH).toBeUndefined();
    expect(env.AWS_ENDPOINT_URL).toBeUndefined();
    expect(
      functionEnvironment({ ...input, fn: { ...input.fn, endpoint: 'http://x' } }).AWS_ENDPOINT_URL,
    ).toBe('http://x');
    expect(reservedKeysIn(input.fn.environment)).toEqual(['AWS_REGION', '_HANDLER']);
  });

  it('names log streams by day, version and environment', () => {
    expect(logStreamNameOf({ date: new Date('2024-05-01T23:59:00Z'), version: '3', id: 'abc' })).toBe(
      '2024/05/01/[3]abc',
    );
  });
});

describe('runtimes, payloads and keys', () => {
  it('knows which runtimes run here', () => {
    expect(
      ['nodejs22.x', 'nodejs24.x', 'python3.11', 'python3.14', 'java21', 'provided.al2023', 'python2.7'].map(
        runtimeFamilyOf,
      ),
    ).toEqual(['nodejs', 'nodejs', 'python', 'python', undefined, undefined, undefined]);
  });

  it('serializes events and names process exits as Lambda does', () => {
    expect(eventPayload(undefined, 'RequestResponse')).toBe('{}');
    expect(eventPayload(new Uint8Array(0), 'Event')).toBe('{}');
    expect(eventPayload('text', 'RequestResponse')).toBe('"text"');
    expect(() => eventPayload({ n: 1n }, 'RequestResponse')).toThrow(
      /Could not parse request body into json/,
    );
    expect([
      exitReason(1, null),
      exitReason(null, 'SIGKILL'),
      exitReason(null, 'SIGSEGV'),
      exitReason(0, null),
    ]).toEqual(['exit status 1', 'signal: killed', 'signal: segmentation fault', undefined]);
    expect(exitError({ requestId: 'r', reason: 'signal: killed', outOfMemory: true })).toMatchObject({
      errorType: 'Runtime.OutOfMemory',
      logLine: 'RequestId: r Error: Runtime exited with error: signal: killed\nRuntime.OutOfMemory',
    });
  });

  it('keys warm processes by everything they were started with', () => {
    const base = configKey(FN, '$LATEST', { accessKeyId: 'a', secretAccessKey: 'b' });
    expect(configKey({ ...FN }, '$LATEST', { accessKeyId: 'a', secretAccessKey: 'b' })).toBe(base);
    expect(configKey(FN, '$LATEST', { accessKeyId: 'a', secretAccessKey: 'c' })).not.toBe(base);
    expect(
      configKey({ ...FN, environment: { A: '1' } }, '$LATEST', { accessKeyId: 'a', secretAccessKey: 'b' }),
    ).not.toBe(base);
    expect(configKey(FN, '2', { accessKeyId: 'a', secretAccessKey: 'b' })).not.toBe(base);
    expect(configKey({ ...FN, environment: { A: '1', B: '2' } }, '$LATEST', undefined)).toBe(
      configKey({ ...FN, environment: { B: '2', A: '1' } }, '$LATEST', undefined),
    );
    expect(nodeHeapLimitMb(128)).toBe(115);
  });
});

describe('output lines', () => {
  it('splits output into lines and tells when an invocation has flushed', async () => {
    const lines: string[] = [];
    const out = new OutputLines((line) => lines.push(line));
    let flushed = false;
    const waiting = out.flushedThrough(1).then(() => {
      flushed = true;
    });
    out.push(Buffer.from('one\r\ntw'));
    out.push(Buffer.from(`o\n\npartial${flushMarker(1).slice(0, 5)}`));
    await Promise.resolve();
    expect(flushed).toBe(false);
    out.push(Buffer.from(`${flushMarker(1).slice(5)}after`));
    await waiting;
    expect(lines).toEqual(['one', 'two', 'partial']);
    const euro = Buffer.from('€\n');
    out.push(euro.subarray(0, 1));
    out.push(euro.subarray(1));
    out.end();
    expect(lines).toEqual(['one', 'two', 'partial', 'after€']);
    await out.flushedThrough(7);
  });
});
