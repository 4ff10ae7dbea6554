/**
 * Parameter Store through the SDK: create and overwrite with versions, reads by name, ARN and
 * `:version`, GetParameters with InvalidParameters, history, deletes, and the validation errors AWS
 * answers (names, overwrite, tiers, patterns, data types, policies).
 */
import {
  DeleteParameterCommand,
  DeleteParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersCommand,
  PutParameterCommand,
  type PutParameterCommandInput,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../core/fixture.js';
import { ACCOUNT, type SsmCloud, startSsmCloud } from './harness.js';

let t: SsmCloud;
let ssm: SSMClient;

beforeAll(async () => {
  t = await startSsmCloud();
  ssm = t.ssm(t.root('management'));
});
afterAll(() => t.close());

const put = (input: PutParameterCommandInput) => ssm.send(new PutParameterCommand(input));
const get = (Name: string) => ssm.send(new GetParameterCommand({ Name }));

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  const err = await rejection(promise);
  return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
}

describe('PutParameter and GetParameter', () => {
  it('creates version 1 in the Standard tier and reads it back with ARN, type and data type', async () => {
    const out = await put({ Name: '/app/db/url', Value: 'postgres://db', Type: 'String' });
    expect(out).toMatchObject({ Version: 1, Tier: 'Standard' });
    const read = await get('/app/db/url');
    expect(read.Parameter).toMatchObject({
      Name: '/app/db/url',
      Type: 'String',
      Value: 'postgres://db',
      Version: 1,
      ARN: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/db/url`,
      DataType: 'text',
    });
    expect(read.Parameter?.LastModifiedDate?.getTime()).toBe(t.clock.now().getTime());
  });

  it('refuses to replace a value without Overwrite, and adds a version with it', async () => {
    await put({ Name: '/app/flag', Value: 'off', Type: 'String', Description: 'feature flag' });
    const exists = await errorOf(put({ Name: '/app/flag', Value: 'on', Type: 'String' }));
    expect(exists).toEqual({
      name: 'ParameterAlreadyExists',
      message:
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      status: 400,
    });
    t.clock.advance(60_000);
    // Type and Description are kept from the current version when a new one does not give them.
    const out = await put({ Name: '/app/flag', Value: 'on', Overwrite: true });
    expect(out.Version).toBe(2);
    expect((await get('/app/flag')).Parameter).toMatchObject({ Value: 'on', Version: 2, Type: 'String' });
    expect((await get('/app/flag:1')).Parameter).toMatchObject({ Value: 'off', Version: 1, Selector: ':1' });
    const arn = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/flag`;
    expect((await get(`${arn}:2`)).Parameter?.Value).toBe('on');
    const missing = await errorOf(get('/app/flag:7'));
    expect(missing).toMatchObject({
      name: 'ParameterVersionNotFound',
      message: 'Systems Manager could not find version 7 of /app/flag. Verify the version and try again.',
    });
    const history = await ssm.send(new GetParameterHistoryCommand({ Name: '/app/flag' }));
    expect(history.Parameters?.map((p) => [p.Version, p.Value, p.Description])).toEqual([
      [1, 'off', 'feature flag'],
      [2, 'on', 'feature flag'],
    ]);
    expect(history.Parameters?.[0]?.LastModifiedUser).toBe(`arn:aws:iam::${ACCOUNT}:root`);
    expect(
      history.Parameters![1]!.LastModifiedDate!.getTime() -
        history.Parameters![0]!.LastModifiedDate!.getTime(),
    ).toBe(60_000);
  });

  it('treats /name and name as the same root-level parameter, named without the slash', async () => {
    await put({ Name: '/region', Value: 'eu-west-1', Type: 'String' });
    expect((await get('region')).Parameter).toMatchObject({
      Name: 'region',
      ARN: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/region`,
    });
    expect((await errorOf(put({ Name: 'region', Value: 'x', Type: 'String' }))).name).toBe(
      'ParameterAlreadyExists',
    );
  });

  it('keeps StringList values comma-separated', async () => {
    await put({ Name: '/app/zones', Value: 'a,b,c', Type: 'StringList' });
    expect((await get('/app/zones')).Parameter).toMatchObject({ Type: 'StringList', Value: 'a,b,c' });
  });

  it('answers ParameterNotFound with an empty message for a missing parameter', async () => {
    const err = await errorOf(get('/nope'));
    expect(err.name).toBe('ParameterNotFound');
    expect(err.status).toBe(400);
  });
});

describe('GetParameters, DeleteParameter, DeleteParameters', () => {
  it('returns found parameters by name and lists the missing and malformed ones as invalid', async () => {
    await put({ Name: '/multi/b', Value: '2', Type: 'String' });
    await put({ Name: '/multi/a', Value: '1', Type: 'String' });
    const out = await ssm.send(
      new GetParametersCommand({
        Names: ['/multi/b', '/multi/a', '/multi/missing', '/multi/a:9', 'bad name!'],
      }),
    );
    expect(out.Parameters?.map((p) => [p.Name, p.Value])).toEqual([
      ['/multi/a', '1'],
      ['/multi/b', '2'],
    ]);
    expect(out.InvalidParameters).toEqual(['/multi/missing', '/multi/a:9', 'bad name!']);
  });

  it('deletes one parameter, then says it is gone; deletes several and reports the unknown ones', async () => {
    await put({ Name: '/del/one', Value: 'x', Type: 'String' });
    await ssm.send(new DeleteParameterCommand({ Name: '/del/one' }));
    expect((await errorOf(get('/del/one'))).name).toBe('ParameterNotFound');
    expect((await errorOf(ssm.send(new DeleteParameterCommand({ Name: '/del/one' })))).name).toBe(
      'ParameterNotFound',
    );
    await put({ Name: '/del/two', Value: 'x', Type: 'String' });
    const out = await ssm.send(new DeleteParametersCommand({ Names: ['/del/two', '/del/three'] }));
    expect(out.DeletedParameters).toEqual(['/del/two']);
    expect(out.InvalidParameters).toEqual(['/del/three']);
    // A name deleted and created again starts at version 1.
    expect((await put({ Name: '/del/two', Value: 'y', Type: 'String' })).Version).toBe(1);
  });
});

describe('validation', () => {
  const invalidName =
    /^Parameter name: can't be prefixed with "ssm" \(case-insensitive\)\. If formed as a path/;

  it.each([
    ['a path without a leading slash', 'app/key'],
    ['a character outside a-zA-Z0-9_.-', '/app/key@x'],
    ['an empty level', '/app//key'],
    ['a space inside the name', '/app/my key'],
  ])('refuses %s with ValidationException', async (_what, name) => {
    const err = await errorOf(put({ Name: name, Value: 'v', Type: 'String' }));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(invalidName);
  });

  it('refuses reserved prefixes and more than 15 levels', async () => {
    expect(await errorOf(put({ Name: 'awsThing', Value: 'v', Type: 'String' }))).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    });
    expect((await errorOf(put({ Name: 'SSM-x', Value: 'v', Type: 'String' }))).name).toBe(
      'ValidationException',
    );
    expect((await errorOf(put({ Name: '/aws/service/x', Value: 'v', Type: 'String' }))).name).toBe(
      'AccessDeniedException',
    );
    const deep = `/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}`;
    expect((await errorOf(put({ Name: deep, Value: 'v', Type: 'String' }))).name).toBe(
      'HierarchyLevelLimitExceededException',
    );
    const fifteen = `/${Array.from({ length: 15 }, (_, i) => `l${i}`).join('/')}`;
    expect((await put({ Name: fifteen, Value: 'v', Type: 'String' })).Version).toBe(1);
  });

  it('refuses names longer than 1011 characters with the ARN before them', async () => {
    const prefix = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/`;
    const fits = `/${'n'.repeat(1011 - prefix.length)}`;
    expect((await put({ Name: fits, Value: 'v', Type: 'String' })).Version).toBe(1);
    const err = await errorOf(put({ Name: `${fits}x`, Value: 'v', Type: 'String' }));
    expect(err.name).toBe('ValidationException');
  });

  it('refuses Tags with Overwrite, in AWS words', async () => {
    const err = await errorOf(
      put({ Name: '/v/tags', Value: 'v', Type: 'String', Overwrite: true, Tags: [{ Key: 'a', Value: 'b' }] }),
    );
    expect(err).toMatchObject({
      name: 'ValidationException',
      message:
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
    });
  });

  it('needs a Type to create, and checks Type against its enum', async () => {
    expect((await errorOf(put({ Name: '/v/untyped', Value: 'v' }))).message).toBe(
      'A parameter type is required when you create a parameter.',
    );
    const err = await errorOf(put({ Name: '/v/typo', Value: 'v', Type: 'Strng' as never }));
    expect(err).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'Strng' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [String, StringList, SecureString]",
    });
  });

  it('limits Standard values to 4096 characters, promotes with Intelligent-Tiering, never downgrades', async () => {
    const big = 'x'.repeat(5000);
    const err = await errorOf(put({ Name: '/v/big', Value: big, Type: 'String' }));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toMatch(
      /^Standard tier parameters support a maximum parameter value of 4096 characters\./,
    );
    expect(
      (await put({ Name: '/v/big', Value: big, Type: 'String', Tier: 'Intelligent-Tiering' })).Tier,
    ).toBe('Advanced');
    expect(
      (await put({ Name: '/v/small', Value: 's', Type: 'String', Tier: 'Intelligent-Tiering' })).Tier,
    ).toBe('Standard');
    expect(
      (await errorOf(put({ Name: '/v/x', Value: 'x'.repeat(8193), Type: 'String', Tier: 'Advanced' }))).name,
    ).toBe('ValidationException');
    const down = await errorOf(put({ Name: '/v/big', Value: 's', Overwrite: true, Tier: 'Standard' }));
    expect(down.name).toBe('ValidationException');
    expect((await put({ Name: '/v/big', Value: 's', Overwrite: true })).Tier).toBe('Advanced');
  });

  it('checks values against AllowedPattern, kept across versions', async () => {
    await put({ Name: '/v/port', Value: '8080', Type: 'String', AllowedPattern: '^\\d+$' });
    const err = await errorOf(put({ Name: '/v/port', Value: 'http', Overwrite: true }));
    expect(err).toMatchObject({
      name: 'ParameterPatternMismatchException',
      message: 'Parameter value, cannot be validated against allowedPattern: ^\\d+$',
    });
    expect(
      (await errorOf(put({ Name: '/v/re', Value: 'a', Type: 'String', AllowedPattern: '(' }))).name,
    ).toBe('InvalidAllowedPatternException');
  });

  it('accepts the aws:ec2:image data type for AMI IDs of String parameters only', async () => {
    await put({ Name: '/v/ami', Value: 'ami-0123456789abcdef0', Type: 'String', DataType: 'aws:ec2:image' });
    expect((await get('/v/ami')).Parameter?.DataType).toBe('aws:ec2:image');
    expect(
      (await errorOf(put({ Name: '/v/ami2', Value: 'nope', Type: 'String', DataType: 'aws:ec2:image' })))
        .name,
    ).toBe('ValidationException');
    const unknown = await errorOf(put({ Name: '/v/dt', Value: 'x', Type: 'String', DataType: 'Text' }));
    expect(unknown.message).toBe(
      'The following data type is not supported: Text (Data type names are all lowercase.)',
    );
  });

  it('stores parameter policies on advanced parameters and refuses unknown policy types', async () => {
    const policies = JSON.stringify([
      { Type: 'Expiration', Version: '1.0', Attributes: { Timestamp: '2030-12-02T21:34:33.000Z' } },
    ]);
    expect(
      (await errorOf(put({ Name: '/v/pol', Value: 'x', Type: 'String', Policies: policies }))).name,
    ).toBe('ValidationException');
    expect(
      (await put({ Name: '/v/pol', Value: 'x', Type: 'String', Policies: policies, Tier: 'Advanced' })).Tier,
    ).toBe('Advanced');
    const bad = JSON.stringify([{ Type: 'Rotate', Version: '1.0', Attributes: {} }]);
    expect(
      (await errorOf(put({ Name: '/v/pol2', Value: 'x', Type: 'String', Policies: bad, Tier: 'Advanced' })))
        .name,
    ).toBe('InvalidPolicyTypeException');
  });

  it('refuses values that reference other parameters', async () => {
    const err = await errorOf(put({ Name: '/v/ref', Value: '{{ssm:/other}}', Type: 'String' }));
    expect(err.name).toBe('ValidationException');
  });
});
