/**
 * Hierarchies and listings through the SDK: GetParametersByPath one level and recursive with paging and
 * filters, DescribeParameters with ParameterFilters, the older Filters, and paging.
 */
import {
  DescribeParametersCommand,
  type DescribeParametersCommandInput,
  GetParametersByPathCommand,
  type GetParametersByPathCommandInput,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../core/fixture.js';
import { type SsmCloud, startSsmCloud } from './harness.js';

let t: SsmCloud;
let ssm: SSMClient;

const NAMES = [
  'top',
  '/svc/a',
  '/svc/b',
  '/svc/c',
  '/svc/d',
  '/svc/e',
  '/svc/deep/x',
  '/svc/deep/er/y',
  '/svcx/not-under',
  '/other/z',
];

beforeAll(async () => {
  t = await startSsmCloud();
  ssm = t.ssm(t.root('management'));
  for (const name of NAMES) {
    await ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: `value of ${name}`,
        Type: name.endsWith('e') ? 'StringList' : 'String',
        Tags: name === '/svc/a' ? [{ Key: 'team', Value: 'payments' }] : undefined,
      }),
    );
  }
  await ssm.send(new PutParameterCommand({ Name: '/svc/secret', Value: 'hush', Type: 'SecureString' }));
});
afterAll(() => t.close());

async function byPath(input: GetParametersByPathCommandInput): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const out = await ssm.send(new GetParametersByPathCommand({ ...input, NextToken }));
    expect(out.Parameters!.length).toBeLessThanOrEqual(input.MaxResults ?? 10);
    names.push(...out.Parameters!.map((p) => p.Name!));
    NextToken = out.NextToken;
  } while (NextToken);
  return names;
}

async function describeAll(input: DescribeParametersCommandInput): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const out = await ssm.send(new DescribeParametersCommand({ ...input, NextToken }));
    names.push(...out.Parameters!.map((p) => p.Name!));
    NextToken = out.NextToken;
  } while (NextToken);
  return names;
}

describe('GetParametersByPath', () => {
  it('returns one level by default, in pages of MaxResults', async () => {
    const first = await ssm.send(new GetParametersByPathCommand({ Path: '/svc', MaxResults: 2 }));
    expect(first.Parameters?.map((p) => p.Name)).toEqual(['/svc/a', '/svc/b']);
    expect(first.NextToken).toBeDefined();
    expect(await byPath({ Path: '/svc', MaxResults: 2 })).toEqual([
      '/svc/a',
      '/svc/b',
      '/svc/c',
      '/svc/d',
      '/svc/e',
      '/svc/secret',
    ]);
  });

  it('returns every level below the path with Recursive, and accepts a trailing slash', async () => {
    expect(await byPath({ Path: '/svc/', Recursive: true, MaxResults: 3 })).toEqual([
      '/svc/a',
      '/svc/b',
      '/svc/c',
      '/svc/d',
      '/svc/deep/er/y',
      '/svc/deep/x',
      '/svc/e',
      '/svc/secret',
    ]);
    expect(await byPath({ Path: '/svc/deep' })).toEqual(['/svc/deep/x']);
  });

  it('lists root-level names under / and everything recursively', async () => {
    expect(await byPath({ Path: '/' })).toEqual(['top']);
    expect((await byPath({ Path: '/', Recursive: true })).length).toBe(NAMES.length + 1);
  });

  it('filters by Type, and returns SecureString ciphertext unless decryption is asked', async () => {
    const lists = await byPath({
      Path: '/svc',
      ParameterFilters: [{ Key: 'Type', Option: 'Equals', Values: ['StringList'] }],
    });
    expect(lists).toEqual(['/svc/e']);
    const secure = await ssm.send(
      new GetParametersByPathCommand({
        Path: '/svc',
        ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }],
      }),
    );
    expect(secure.Parameters?.[0]?.Value).not.toBe('hush');
    const decrypted = await ssm.send(
      new GetParametersByPathCommand({
        Path: '/svc',
        WithDecryption: true,
        ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }],
      }),
    );
    expect(decrypted.Parameters?.[0]?.Value).toBe('hush');
  });

  it('refuses a path without a leading slash, a Name filter and a bad token', async () => {
    const path = await rejection(ssm.send(new GetParametersByPathCommand({ Path: 'svc' })));
    expect(path.name).toBe('ValidationException');
    expect(path.message).toMatch(/^The parameter doesn't meet the parameter name requirements\./);
    const key = await rejection(
      ssm.send(
        new GetParametersByPathCommand({
          Path: '/svc',
          ParameterFilters: [{ Key: 'Name', Values: ['/svc/a'] }],
        }),
      ),
    );
    expect(key.name).toBe('InvalidFilterKey');
    const token = await rejection(
      ssm.send(new GetParametersByPathCommand({ Path: '/svc', NextToken: 'bogus' })),
    );
    expect(token.name).toBe('InvalidNextToken');
    const max = await rejection(ssm.send(new GetParametersByPathCommand({ Path: '/svc', MaxResults: 11 })));
    expect(max.name).toBe('ValidationException');
  });
});

describe('DescribeParameters', () => {
  it('lists every parameter with metadata, in pages', async () => {
    const first = await ssm.send(new DescribeParametersCommand({ MaxResults: 4 }));
    expect(first.Parameters).toHaveLength(4);
    expect(first.Parameters?.[0]).toMatchObject({
      Name: '/other/z',
      Type: 'String',
      Version: 1,
      Tier: 'Standard',
      DataType: 'text',
      LastModifiedUser: 'arn:aws:iam::111111111111:root',
    });
    expect((await describeAll({ MaxResults: 4 })).length).toBe(NAMES.length + 1);
    const secret = (
      await ssm.send(
        new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: ['/svc/secret'] }] }),
      )
    ).Parameters!;
    expect(secret.map((p) => [p.Name, p.KeyId])).toEqual([['/svc/secret', 'alias/aws/ssm']]);
  });

  it('filters by Path, Name (BeginsWith, Contains), Type and tag', async () => {
    expect(
      await describeAll({ ParameterFilters: [{ Key: 'Path', Option: 'Recursive', Values: ['/svc/deep'] }] }),
    ).toEqual(['/svc/deep/er/y', '/svc/deep/x']);
    expect(
      await describeAll({ ParameterFilters: [{ Key: 'Name', Option: 'BeginsWith', Values: ['/svcx'] }] }),
    ).toEqual(['/svcx/not-under']);
    expect(
      await describeAll({ ParameterFilters: [{ Key: 'Name', Option: 'Contains', Values: ['deep'] }] }),
    ).toEqual(['/svc/deep/er/y', '/svc/deep/x']);
    expect(await describeAll({ ParameterFilters: [{ Key: 'Name', Values: ['/top'] }] })).toEqual(['top']);
    expect(await describeAll({ ParameterFilters: [{ Key: 'tag:team', Values: ['payments'] }] })).toEqual([
      '/svc/a',
    ]);
    expect(await describeAll({ ParameterFilters: [{ Key: 'tag:team' }] })).toEqual(['/svc/a']);
    expect(
      await describeAll({
        ParameterFilters: [
          { Key: 'Type', Values: ['String'] },
          { Key: 'Path', Values: ['/svc'] },
        ],
      }),
    ).toEqual(['/svc/a', '/svc/b', '/svc/c', '/svc/d']);
  });

  it('takes the older Filters, but not together with ParameterFilters', async () => {
    expect(await describeAll({ Filters: [{ Key: 'Name', Values: ['/other'] }] })).toEqual(['/other/z']);
    const both = await rejection(
      ssm.send(
        new DescribeParametersCommand({
          Filters: [{ Key: 'Name', Values: ['/other'] }],
          ParameterFilters: [{ Key: 'Type', Values: ['String'] }],
        }),
      ),
    );
    expect(both.name).toBe('ValidationException');
  });

  it('refuses filter options and values it does not know', async () => {
    const option = await rejection(
      ssm.send(
        new DescribeParametersCommand({
          ParameterFilters: [{ Key: 'Path', Option: 'Deep', Values: ['/svc'] }],
        }),
      ),
    );
    expect(option.name).toBe('InvalidFilterOption');
    const value = await rejection(
      ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Type', Values: ['Number'] }] })),
    );
    expect(value.name).toBe('InvalidFilterValue');
    const label = await rejection(
      ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Label', Values: ['prod'] }] })),
    );
    expect(label.name).toBe('InvalidFilterKey');
  });
});
