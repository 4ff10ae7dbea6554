import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowPolicy, rejection, trustPolicy } from '../../core/fixture.js';
import { type LambdaCloud, MANAGEMENT, startLambdaCloud, zipOf } from './harness.js';

let t: LambdaCloud;
let role: string;

beforeAll(async () => {
  t = await startLambdaCloud();
  role = await t.role(t.root('management'), { name: 'fn-role' });
});
afterAll(() => t.close());

describe('CreateFunction', () => {
  it('fetches code from S3 in the same account and reports the function Active', async () => {
    const root = t.root('management');
    const zip = zipOf({ 'index.js': 'exports.handler = async () => 1;' });
    await t.s3(root).send(new CreateBucketCommand({ Bucket: 'code-same-account' }));
    await t.s3(root).send(new PutObjectCommand({ Bucket: 'code-same-account', Key: 'fn.zip', Body: zip }));
    const out = await t.lambda(root).send(
      new CreateFunctionCommand({
        FunctionName: 'from-s3',
        Runtime: 'nodejs22.x',
        Handler: 'index.handler',
        Role: role,
        Code: { S3Bucket: 'code-same-account', S3Key: 'fn.zip' },
        Environment: { Variables: { STAGE: 'dev' } },
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out).toMatchObject({
      FunctionName: 'from-s3',
      FunctionArn: `arn:aws:lambda:us-east-1:${MANAGEMENT}:function:from-s3`,
      State: 'Active',
      Version: '$LATEST',
      CodeSize: zip.length,
      MemorySize: 128,
      Timeout: 3,
      Environment: { Variables: { STAGE: 'dev' } },
    });
    const got = await t.lambda(root).send(new GetFunctionCommand({ FunctionName: 'from-s3' }));
    expect(got.Configuration?.CodeSha256).toBe(out.CodeSha256);
    expect(got.Code?.RepositoryType).toBe('S3');
  });

  it('answers AWS errors for a missing code object, a bad zip and a duplicate name', async () => {
    const root = t.root('management');
    const missing = await rejection(
      t.lambda(root).send(
        new CreateFunctionCommand({
          FunctionName: 'no-code',
          Runtime: 'nodejs22.x',
          Handler: 'index.handler',
          Role: role,
          Code: { S3Bucket: 'code-same-account', S3Key: 'absent.zip' },
        }),
      ),
    );
    expect(missing.name).toBe('InvalidParameterValueException');
    expect(missing.message).toContain('S3 Error Code: NoSuchKey');
    const broken = await rejection(
      t.createFunction(root, {
        FunctionName: 'broken',
        Role: role,
        Code: { ZipFile: Buffer.from('not a zip') },
      }),
    );
    expect(broken.message).toBe(
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
    await t.createFunction(root, { FunctionName: 'twice', Role: role });
    const twice = await rejection(t.createFunction(root, { FunctionName: 'twice', Role: role }));
    expect(twice.name).toBe('ResourceConflictException');
    expect(twice.$metadata?.httpStatusCode).toBe(409);
    expect(twice.message).toBe('Function already exist: twice');
  });

  it('requires a role Lambda can assume, a current runtime and a valid name', async () => {
    const root = t.root('management');
    const ec2Role = await t.role(root, { name: 'ec2-only', service: 'ec2.amazonaws.com' });
    const untrusted = await rejection(t.createFunction(root, { FunctionName: 'untrusted', Role: ec2Role }));
    expect(untrusted.name).toBe('InvalidParameterValueException');
    expect(untrusted.message).toBe('The role defined for the function cannot be assumed by Lambda.');
    const gone = await rejection(
      t.createFunction(root, { FunctionName: 'gone', Role: `arn:aws:iam::${MANAGEMENT}:role/none` }),
    );
    expect(gone.message).toBe('The role defined for the function cannot be assumed by Lambda.');
    const old = await rejection(
      t.createFunction(root, { FunctionName: 'old', Role: role, Runtime: 'nodejs16.x' }),
    );
    expect(old.name).toBe('InvalidParameterValueException');
    expect(old.message).toContain('The runtime parameter of nodejs16.x is no longer supported');
    const long = await rejection(t.createFunction(root, { FunctionName: 'x'.repeat(65), Role: role }));
    expect(long.name).toBe('ValidationException');
    const reserved = await rejection(
      t.createFunction(root, {
        FunctionName: 'reserved',
        Role: role,
        Environment: { Variables: { AWS_REGION: 'x' } },
      }),
    );
    expect(reserved.message).toContain('Reserved keys used in this request: AWS_REGION');
  });

  it('needs iam:PassRole on the execution role', async () => {
    const root = t.root('management');
    await t.iam(root).send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` } }),
      }),
    );
    await t.iam(root).send(
      new PutRolePolicyCommand({
        RoleName: 'deployer',
        PolicyName: 'lambda',
        PolicyDocument: allowPolicy('lambda:*'),
      }),
    );
    const deployer = await t.assume(root, {
      RoleArn: `arn:aws:iam::${MANAGEMENT}:role/deployer`,
      RoleSessionName: 'deployer',
    });
    const denied = await rejection(t.createFunction(deployer, { FunctionName: 'passed', Role: role }));
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.message).toContain('iam:PassRole');
    await t.iam(root).send(
      new PutRolePolicyCommand({
        RoleName: 'deployer',
        PolicyName: 'pass',
        PolicyDocument: allowPolicy('iam:PassRole', role),
      }),
    );
    expect(await t.createFunction(deployer, { FunctionName: 'passed', Role: role })).toContain(
      ':function:passed',
    );
  });
});

describe('reading, updating, listing and deleting', () => {
  it('updates code and configuration, lists with markers, and deletes', async () => {
    const root = t.root('management');
    const lambda = t.lambda(root);
    await t.createFunction(root, { FunctionName: 'crud', Role: role });
    const code = await lambda.send(
      new UpdateFunctionCodeCommand({
        FunctionName: 'crud',
        ZipFile: zipOf({ 'app.py': 'def h(e, c):\n  return 2\n' }),
      }),
    );
    const conf = await lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'crud',
        Runtime: 'python3.12',
        Handler: 'app.h',
        MemorySize: 256,
        Timeout: 30,
        Environment: { Variables: { AB: 'b' } },
      }),
    );
    expect(conf).toMatchObject({ Runtime: 'python3.12', Handler: 'app.h', MemorySize: 256, Timeout: 30 });
    expect(conf.CodeSha256).toBe(code.CodeSha256);
    expect(conf.RevisionId).not.toBe(code.RevisionId);
    const read = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'crud' }));
    expect(read.Environment?.Variables).toEqual({ AB: 'b' });
    const tooLong = await rejection(
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: 'crud', Timeout: 901 })),
    );
    expect(tooLong.name).toBe('InvalidParameterValueException');

    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      expect(page.Functions!.length).toBeLessThanOrEqual(2);
      names.push(...page.Functions!.map((f) => f.FunctionName!));
      marker = page.NextMarker;
    } while (marker);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('crud');
    expect(new Set(names).size).toBe(names.length);

    await lambda.send(new DeleteFunctionCommand({ FunctionName: 'crud' }));
    const missing = await rejection(lambda.send(new GetFunctionCommand({ FunctionName: 'crud' })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    expect(missing.message).toBe(`Function not found: arn:aws:lambda:us-east-1:${MANAGEMENT}:function:crud`);
  });

  it('keeps accounts apart', async () => {
    const other = await rejection(
      t.lambda(t.root('tools')).send(new GetFunctionCommand({ FunctionName: 'from-s3' })),
    );
    expect(other.name).toBe('ResourceNotFoundException');
  });
});
