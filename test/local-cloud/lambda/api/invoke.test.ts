import { FilterLogEventsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  InvokeCommand,
  PublishVersionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, rejection, runAws } from '../../core/fixture.js';
import { childPids } from '../runtime/fixtures.js';
import { type LambdaCloud, LOGS_POLICY, MANAGEMENT, startLambdaCloud, TOOLS, zipOf } from './harness.js';

let t: LambdaCloud;
let role: string;
const decode = (payload: Uint8Array | undefined) => JSON.parse(Buffer.from(payload ?? []).toString('utf8'));

const WHO_AM_I = `
const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
exports.handler = async (event, context) => {
  const me = await new STSClient({}).send(new GetCallerIdentityCommand({}));
  console.log('called by', me.Arn);
  return { arn: me.Arn, name: context.functionName, got: event };
};`;

beforeAll(async () => {
  t = await startLambdaCloud();
  role = await t.role(t.root('management'), { name: 'exec', policy: LOGS_POLICY });
});
afterAll(() => t.close());

describe('Invoke', () => {
  it('runs a Node.js handler with the role session, which can call the local cloud', async () => {
    const root = t.root('management');
    await t.createFunction(root, { FunctionName: 'who-am-i', Role: role, files: { 'index.js': WHO_AM_I } });
    const out = await t
      .lambda(root)
      .send(
        new InvokeCommand({ FunctionName: 'who-am-i', Payload: Buffer.from('{"n":1}'), LogType: 'Tail' }),
      );
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(out.ExecutedVersion).toBe('$LATEST');
    expect(decode(out.Payload)).toEqual({
      arn: `arn:aws:sts::${MANAGEMENT}:assumed-role/exec/who-am-i`,
      name: 'who-am-i',
      got: { n: 1 },
    });
    const tail = Buffer.from(out.LogResult!, 'base64').toString('utf8');
    expect(tail).toMatch(/^START RequestId: /m);
    expect(tail).toContain(`called by arn:aws:sts::${MANAGEMENT}:assumed-role/exec/who-am-i`);
    expect(tail).toMatch(/^REPORT RequestId: /m);

    const logs = t.logs(root);
    const found = await logs.send(
      new FilterLogEventsCommand({ logGroupName: '/aws/lambda/who-am-i', filterPattern: '"called by"' }),
    );
    expect(found.events).toHaveLength(1);
    const events = await logs.send(
      new GetLogEventsCommand({
        logGroupName: '/aws/lambda/who-am-i',
        logStreamName: found.events![0]!.logStreamName!,
      }),
    );
    expect(events.events!.map((e) => e.message!.split(' ')[0])).toEqual(
      expect.arrayContaining(['START', 'END', 'REPORT']),
    );
  });

  it('runs Python handlers and reports function errors as Lambda does', async () => {
    const root = t.root('management');
    await t.createFunction(root, {
      FunctionName: 'py',
      Role: role,
      Runtime: 'python3.12',
      Handler: 'app.handler',
      files: {
        'app.py': [
          'import boto3',
          'def handler(event, context):',
          "    if event.get('fail'):",
          "        raise ValueError('asked to fail')",
          "    return {'sum': event['a'] + event['b'], 'boto3': boto3.__name__}",
        ].join('\n'),
      },
    });
    const ok = await t
      .lambda(root)
      .send(new InvokeCommand({ FunctionName: 'py', Payload: Buffer.from(JSON.stringify({ a: 2, b: 3 })) }));
    expect(decode(ok.Payload)).toEqual({ sum: 5, boto3: 'boto3' });
    const failed = await t
      .lambda(root)
      .send(new InvokeCommand({ FunctionName: 'py', Payload: Buffer.from('{"fail":true}') }));
    expect(failed.StatusCode).toBe(200);
    expect(failed.FunctionError).toBe('Unhandled');
    expect(decode(failed.Payload)).toMatchObject({ errorType: 'ValueError', errorMessage: 'asked to fail' });
  });

  it('answers DryRun with 204 and Event with 202, then runs the event', async () => {
    const root = t.root('management');
    await t.createFunction(root, {
      FunctionName: 'later',
      Role: role,
      files: { 'index.js': "exports.handler = async (e) => { console.log('event ran', e.id); };" },
    });
    const dry = await t
      .lambda(root)
      .send(new InvokeCommand({ FunctionName: 'later', InvocationType: 'DryRun' }));
    expect(dry.StatusCode).toBe(204);
    const queued = await t.lambda(root).send(
      new InvokeCommand({
        FunctionName: 'later',
        InvocationType: 'Event',
        Payload: Buffer.from('{"id":"e-1"}'),
      }),
    );
    expect(queued.StatusCode).toBe(202);
    await t.cloud.internal.lambda.idle();
    const found = await t
      .logs(root)
      .send(
        new FilterLogEventsCommand({ logGroupName: '/aws/lambda/later', filterPattern: '"event ran e-1"' }),
      );
    expect(found.events).toHaveLength(1);
  });

  it('runs published versions and aliases', async () => {
    const root = t.root('management');
    const lambda = t.lambda(root);
    await t.createFunction(root, {
      FunctionName: 'versioned',
      Role: role,
      files: { 'index.js': 'exports.handler = async () => "v1";' },
    });
    const v1 = await lambda.send(new PublishVersionCommand({ FunctionName: 'versioned' }));
    expect(v1.Version).toBe('1');
    await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'versioned',
        ZipFile: zipOf({ 'index.js': 'exports.handler = async () => "v2";' }),
      }),
    );
    await lambda.send(
      new CreateAliasCommand({ FunctionName: 'versioned', Name: 'live', FunctionVersion: '1' }),
    );
    const viaAlias = await lambda.send(new InvokeCommand({ FunctionName: 'versioned', Qualifier: 'live' }));
    expect(viaAlias.ExecutedVersion).toBe('1');
    expect(decode(viaAlias.Payload)).toBe('v1');
    const latest = await lambda.send(new InvokeCommand({ FunctionName: 'versioned' }));
    expect(decode(latest.Payload)).toBe('v2');
    const missing = await rejection(lambda.send(new InvokeCommand({ FunctionName: 'versioned:7' })));
    expect(missing.name).toBe('ResourceNotFoundException');
  });

  it('lets another account invoke only when the function policy allows it', async () => {
    const root = t.root('management');
    await t.createFunction(root, { FunctionName: 'shared', Role: role });
    const arn = `arn:aws:lambda:us-east-1:${MANAGEMENT}:function:shared`;
    const tools = t.lambda(t.root('tools'));
    const denied = await rejection(tools.send(new InvokeCommand({ FunctionName: arn })));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('lambda:InvokeFunction');
    await t.lambda(root).send(
      new AddPermissionCommand({
        FunctionName: 'shared',
        StatementId: 'tools',
        Action: 'lambda:InvokeFunction',
        Principal: TOOLS,
      }),
    );
    const allowed = await tools.send(
      new InvokeCommand({ FunctionName: arn, Payload: Buffer.from('{"x":1}') }),
    );
    expect(decode(allowed.Payload)).toEqual({ x: 1 });
  });

  it('works with the aws CLI', async () => {
    const home = await makeTempDir();
    try {
      const creds = t.root('management');
      const endpoint = ['--endpoint-url', t.cloud.endpoint];
      const listed = await runAws(['lambda', 'list-functions', ...endpoint], { creds, home: home.path });
      expect(listed.code, listed.stderr).toBe(0);
      expect(
        JSON.parse(listed.stdout).Functions.map((f: { FunctionName: string }) => f.FunctionName),
      ).toContain('who-am-i');
      const outFile = `${home.path}/out.json`;
      const invoked = await runAws(
        ['lambda', 'invoke', '--function-name', 'who-am-i', '--log-type', 'Tail', ...endpoint, outFile],
        { creds, home: home.path },
      );
      expect(invoked.code, invoked.stderr).toBe(0);
      expect(JSON.parse(invoked.stdout)).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
      const { readFile } = await import('node:fs/promises');
      expect(JSON.parse(await readFile(outFile, 'utf8')).arn).toContain(':assumed-role/exec/who-am-i');
      const missing = await runAws(['lambda', 'get-function', '--function-name', 'nope', ...endpoint], {
        creds,
        home: home.path,
      });
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('ResourceNotFoundException');
    } finally {
      await home.remove();
    }
  });
});

describe('close', () => {
  it('leaves no function processes behind', async () => {
    const before = childPids().length;
    expect(before).toBeGreaterThan(0);
    await t.close();
    expect(childPids()).toEqual([]);
  });
});
