import { CreateRoleCommand, GetRoleCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/local-cloud/http/errors.js';
import type { QueryInput } from '../../../src/local-cloud/http/registry.js';
import type { RequestContext } from '../../../src/local-cloud/http/types.js';
import { type LocalCloud, startLocalCloud } from '../../../src/local-cloud/server.js';
import { ALICE, credentialTable } from './fixtures.js';

const ROLE = {
  Path: '/',
  RoleName: 'deployer',
  RoleId: 'AROADEPLOYEREXAMPLE01',
  Arn: 'arn:aws:iam::111111111111:role/deployer',
  CreateDate: new Date('2024-05-06T07:08:09Z'),
  AssumeRolePolicyDocument: encodeURIComponent('{"Version":"2012-10-17","Statement":[]}'),
};

describe('query protocol with the SDK v3 IAM and STS clients', () => {
  let cloud: LocalCloud;
  const inputs: { input: QueryInput; ctx: RequestContext }[] = [];
  let iam: IAMClient;

  beforeAll(async () => {
    cloud = await startLocalCloud({
      credentials: credentialTable(),
      services: (registry) => {
        registry.query('iam', 'ListRoles', (input, ctx) => {
          inputs.push({ input, ctx });
          return {
            Roles: [ROLE, { ...ROLE, RoleName: 'auditor', Arn: 'arn:aws:iam::111111111111:role/auditor' }],
            IsTruncated: false,
          };
        });
        registry.query('iam', 'CreateRole', (input, ctx) => {
          inputs.push({ input, ctx });
          return { Role: { ...ROLE, RoleName: input.params.get('RoleName') } };
        });
        registry.query('iam', 'GetRole', (input) => {
          throw new AwsError(
            'NoSuchEntity',
            `The role with name ${input.params.get('RoleName')} cannot be found.`,
            {
              status: 404,
            },
          );
        });
        registry.query(
          'sts',
          'AssumeRoleWithWebIdentity',
          (input, ctx) => {
            inputs.push({ input, ctx });
            return {
              Credentials: {
                AccessKeyId: 'ASIAWEBIDENTITY00001',
                SecretAccessKey: 'secret',
                SessionToken: 'token',
                Expiration: new Date('2030-01-01T01:00:00Z'),
              },
              AssumedRoleUser: { Arn: `${ROLE.Arn}/web`, AssumedRoleId: `${ROLE.RoleId}:web` },
            };
          },
          { auth: 'none' },
        );
      },
    });
    iam = new IAMClient({
      endpoint: cloud.endpoint,
      region: 'us-east-1',
      credentials: ALICE,
      maxAttempts: 1,
    });
  });
  afterAll(() => cloud.close());

  it('parses <member> lists and ISO dates from the response', async () => {
    const out = await iam.send(new ListRolesCommand({ PathPrefix: '/' }));
    expect(out.Roles?.map((r) => r.RoleName)).toEqual(['deployer', 'auditor']);
    expect(out.Roles?.[0]?.CreateDate?.toISOString()).toBe('2024-05-06T07:08:09.000Z');
    expect(out.IsTruncated).toBe(false);
    expect(inputs.at(-1)?.input).toMatchObject({ action: 'ListRoles', version: '2010-05-08' });
  });

  it('decodes flattened member lists in the request', async () => {
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'builder',
        AssumeRolePolicyDocument: '{"Version":"2012-10-17"}',
        Tags: [
          { Key: 'team', Value: 'platform' },
          { Key: 'cost center', Value: 'a&b=c' },
        ],
      }),
    );
    const { params } = inputs.at(-1)!.input;
    expect(params.get('AssumeRolePolicyDocument')).toBe('{"Version":"2012-10-17"}');
    expect(params.members('Tags').map((t) => [t.get('Key'), t.get('Value')])).toEqual([
      ['team', 'platform'],
      ['cost center', 'a&b=c'],
    ]);
  });

  it('renders handler errors as <ErrorResponse> the SDK maps to modeled exceptions', async () => {
    const err = await iam
      .send(new GetRoleCommand({ RoleName: 'ghost' }))
      .catch((e: Error & { $metadata: { httpStatusCode: number } }) => e);
    expect(err).toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role with name ghost cannot be found.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('lets an auth: none operation through unsigned, finding the service by Version', async () => {
    const sts = new STSClient({ endpoint: cloud.endpoint, region: 'us-east-1', maxAttempts: 1 });
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: ROLE.Arn,
        RoleSessionName: 'web',
        WebIdentityToken: 'jwt',
      }),
    );
    expect(out.Credentials?.AccessKeyId).toBe('ASIAWEBIDENTITY00001');
    expect(out.Credentials?.Expiration?.toISOString()).toBe('2030-01-01T01:00:00.000Z');
    const { ctx } = inputs.at(-1)!;
    expect(ctx.caller).toEqual({ type: 'Anonymous' });
    expect(ctx.service).toBe('sts');
  });
});
