/**
 * Python handlers run by the machine's python3: boto3 importable, Lambda's context object, errors in
 * AWS's Python shape, import failures, logging and print output, timeouts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLambdaRuntime,
  type LambdaRuntime,
} from '../../../../src/local-cloud/services/lambda/runtime/index.js';
import { ACCOUNT, childPids, json, scratch, testFunction, writeCode } from './fixtures.js';

const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

const HANDLER = `import json
import logging
import os

import boto3

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def lambda_handler(event, context):
    print("got", json.dumps(event))
    logger.info("working on %s", context.aws_request_id)
    logger.debug("not shown")
    return {
        "boto3": boto3.__version__,
        "event": event,
        "function_name": context.function_name,
        "function_version": context.function_version,
        "invoked_function_arn": context.invoked_function_arn,
        "memory_limit_in_mb": context.memory_limit_in_mb,
        "aws_request_id": context.aws_request_id,
        "log_group_name": context.log_group_name,
        "log_stream_name": context.log_stream_name,
        "remaining": context.get_remaining_time_in_millis(),
        "region": boto3.session.Session().region_name,
        "key": os.environ.get("AWS_ACCESS_KEY_ID"),
        "endpoint": os.environ.get("AWS_ENDPOINT_URL"),
        "custom": os.environ.get("CUSTOM"),
        "cwd": os.getcwd(),
    }
`;

describe('Python handlers', () => {
  let runtime: LambdaRuntime;
  let area: Awaited<ReturnType<typeof scratch>>;

  beforeAll(async () => {
    area = await scratch();
    runtime = createLambdaRuntime();
  });
  afterAll(async () => {
    await runtime.shutdown();
    expect(childPids()).toEqual([]);
    await area.cleanup();
  });

  it('runs a handler that imports boto3, with the context object and the environment', async () => {
    const codeDir = await writeCode(area.root, { 'lambda_function.py': HANDLER });
    const fn = testFunction({
      functionName: 'py-fn',
      codeDir,
      handler: 'lambda_function.lambda_handler',
      runtime: 'python3.13',
      memorySize: 512,
      timeout: 10,
      region: 'eu-central-1',
      environment: { CUSTOM: 'value' },
      credentials: () => ({ accessKeyId: 'ASIAPYTHON', secretAccessKey: 's', sessionToken: 't' }),
      endpoint: 'http://127.0.0.1:4566',
    });
    const result = await runtime.invoke(fn, { order: 7 }, { requestId: 'py-1' });
    expect(result.functionError).toBeUndefined();
    const body = json(result.payload);
    expect(body).toMatchObject({
      boto3: expect.stringMatching(/^\d+\.\d+\.\d+/),
      event: { order: 7 },
      function_name: 'py-fn',
      function_version: '$LATEST',
      invoked_function_arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:py-fn`,
      memory_limit_in_mb: '512',
      aws_request_id: 'py-1',
      log_group_name: '/aws/lambda/py-fn',
      region: 'eu-central-1',
      key: 'ASIAPYTHON',
      endpoint: 'http://127.0.0.1:4566',
      custom: 'value',
      cwd: codeDir,
    });
    expect(body.remaining).toBeGreaterThan(8000);
    const messages = fn.messages();
    expect(messages).toContain('got {"order": 7}');
    expect(messages.some((m) => new RegExp(`^\\[INFO\\]\\t${ISO}\\tpy-1\\tworking on py-1$`).test(m))).toBe(
      true,
    );
    expect(messages.some((m) => m.includes('not shown'))).toBe(false);
    expect(messages.at(-1)).toMatch(
      /^REPORT RequestId: py-1\t.*\tMemory Size: 512 MB\t.*\tInit Duration: [\d.]+ ms$/,
    );
    expect(new Set(fn.logs.map((e) => e.logStreamName))).toEqual(new Set([body.log_stream_name]));
  });

  it('returns raised exceptions in AWS Python shape and finds handlers in packages', async () => {
    const codeDir = await writeCode(area.root, {
      'app/__init__.py': '',
      'app/main.py': `class OrderError(Exception):
    pass


def fail(event, context):
    raise OrderError("order %s not found" % event["id"])


def unserializable(event, context):
    return {1, 2}


def money(event, context):
    import decimal
    return {"amount": decimal.Decimal("12.50"), "count": decimal.Decimal("3")}
`,
    });
    const fn = (handler: string) => testFunction({ codeDir, handler, runtime: 'python3.12' });
    const failing = fn('app/main.fail');
    const result = await runtime.invoke(failing, { id: 'o-9' }, { requestId: 'py-err' });
    expect(result.functionError).toBe('Unhandled');
    const error = json(result.payload) as Record<string, unknown>;
    expect(error).toMatchObject({
      errorMessage: 'order o-9 not found',
      errorType: 'OrderError',
      requestId: 'py-err',
    });
    const trace = error.stackTrace as string[];
    expect(trace).toHaveLength(1);
    expect(trace[0]).toMatch(/^ {2}File ".*app\/main\.py", line 6, in fail\n {4}raise OrderError/);
    expect(
      failing.messages().some((m) => m.startsWith('[ERROR] OrderError: order o-9 not found\nTraceback')),
    ).toBe(true);

    const marshal = await runtime.invoke(fn('app.main.unserializable'), {}, { requestId: 'py-set' });
    expect(json(marshal.payload)).toEqual({
      errorMessage: 'Unable to marshal response: Object of type set is not JSON serializable',
      errorType: 'Runtime.MarshalError',
      requestId: 'py-set',
      stackTrace: [],
    });
    expect(json((await runtime.invoke(fn('app.main.money'), {})).payload)).toEqual({
      amount: 12.5,
      count: 3,
    });
  });

  it('reports modules that cannot be imported and handlers that are missing', async () => {
    const codeDir = await writeCode(area.root, {
      'ok.py': 'def handler(event, context):\n    return 1\n',
      'broken.py': 'def handler(event, context:\n    return 1\n',
    });
    const errorOf = async (handler: string) =>
      json(
        (
          await runtime.invoke(
            testFunction({ codeDir, handler, runtime: 'python3.11' }),
            {},
            { requestId: 'r' },
          )
        ).payload,
      );
    expect(await errorOf('nope.handler')).toEqual({
      errorMessage: "Unable to import module 'nope': No module named 'nope'",
      errorType: 'Runtime.ImportModuleError',
      requestId: '',
      stackTrace: [],
    });
    expect(await errorOf('ok.missing')).toEqual({
      errorMessage: "Handler 'missing' missing on module 'ok'",
      errorType: 'Runtime.HandlerNotFound',
      requestId: 'r',
      stackTrace: [],
    });
    expect(await errorOf('nodot')).toMatchObject({
      errorType: 'Runtime.MalformedHandlerName',
      errorMessage: "Bad handler 'nodot': not enough values to unpack (expected 2, got 1)",
    });
    const syntax = await errorOf('broken.handler');
    expect(syntax).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError' });
    expect(syntax.errorMessage).toMatch(/^Syntax error in module 'broken': /);
  });

  it('kills a handler at its timeout', async () => {
    const codeDir = await writeCode(area.root, {
      'slow.py':
        'import time\n\ndef handler(event, context):\n    print("before sleep")\n    time.sleep(5)\n',
    });
    const fn = testFunction({ codeDir, handler: 'slow.handler', runtime: 'python3.14', timeout: 1 });
    const started = performance.now();
    const result = await runtime.invoke(fn, {}, { requestId: 'py-slow' });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(json(result.payload)).toEqual({
      errorMessage: expect.stringMatching(new RegExp(`^${ISO} py-slow Task timed out after 1\\.00 seconds$`)),
    });
    expect(fn.messages()).toContain('before sleep');
    expect(result.report?.status).toBe('timeout');
  });
});
