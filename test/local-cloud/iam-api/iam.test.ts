/**
 * The IAM API over the wire (SDK v3 IAM client and the aws CLI): roles, inline and managed policies,
 * versions, boundaries, tags, pagination and IAM's errors; every call authorized.
 */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListPoliciesCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allowPolicy,
  type Credentials,
  makeTempDir,
  rejection,
  runAws,
  sdkConfig,
  startTestCloud,
  type TestCloud,
  trustPolicy,
} from '../core/fixture.js';

const ACCOUNT = '300000000002'; // dev-orders
const TRUST = trustPolicy({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } });

describe('IAM API', () => {
  let t: TestCloud;
  let iam: IAMClient;
  let home: { path: string; remove(): Promise<void> };

  const assumeRole = (name: string, session = 'test') =>
    t.assume(t.root(ACCOUNT), { RoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}`, RoleSessionName: session });

  beforeAll(async () => {
    t = await startTestCloud();
    iam = t.iam(t.root(ACCOUNT));
    home = await makeTempDir();
  });
  afterAll(async () => {
    await t.close();
    await home.remove();
  });

  describe('roles', () => {
    it('creates, reads (documents URL-encoded), updates and deletes a role', async () => {
      const created = await iam.send(
        new CreateRoleCommand({
          RoleName: 'app',
          Path: '/services/',
          AssumeRolePolicyDocument: TRUST,
          Description: 'the app',
          MaxSessionDuration: 7200,
          Tags: [{ Key: 'team', Value: 'orders' }],
        }),
      );
      expect(created.Role).toMatchObject({
        RoleName: 'app',
        Path: '/services/',
        Arn: `arn:aws:iam::${ACCOUNT}:role/services/app`,
        Description: 'the app',
        MaxSessionDuration: 7200,
        Tags: [{ Key: 'team', Value: 'orders' }],
      });
      expect(created.Role?.AssumeRolePolicyDocument).toBe(encodeURIComponent(TRUST));
      expect(created.Role?.CreateDate?.getTime()).toBe(Math.floor(t.clock.now().getTime()));

      const got = await iam.send(new GetRoleCommand({ RoleName: 'APP' }));
      expect(got.Role?.RoleId).toBe(created.Role?.RoleId);
      expect(JSON.parse(decodeURIComponent(got.Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(TRUST));

      const newTrust = trustPolicy({ Principal: { AWS: 'arn:aws:iam::111111111111:root' } });
      await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app', PolicyDocument: newTrust }));
      await iam.send(
        new UpdateRoleCommand({ RoleName: 'app', Description: 'changed', MaxSessionDuration: 3600 }),
      );
      const updated = await iam.send(new GetRoleCommand({ RoleName: 'app' }));
      expect(decodeURIComponent(updated.Role!.AssumeRolePolicyDocument!)).toBe(newTrust);
      expect(updated.Role).toMatchObject({ Description: 'changed', MaxSessionDuration: 3600 });

      await iam.send(new DeleteRoleCommand({ RoleName: 'app' }));
      const gone = await rejection(iam.send(new GetRoleCommand({ RoleName: 'app' })));
      expect(gone.name).toBe('NoSuchEntityException');
      expect(gone.message).toBe('The role with name app cannot be found.');
      expect(gone.$metadata?.httpStatusCode).toBe(404);
    });

    it('refuses a second role of the same name, whatever its case', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'twin', AssumeRolePolicyDocument: TRUST }));
      const err = await rejection(
        iam.send(new CreateRoleCommand({ RoleName: 'TWIN', AssumeRolePolicyDocument: TRUST })),
      );
      expect(err.name).toBe('EntityAlreadyExistsException');
      expect(err.$metadata?.httpStatusCode).toBe(409);
    });

    it('validates names and trust policies', async () => {
      const badName = await rejection(
        iam.send(new CreateRoleCommand({ RoleName: 'bad name', AssumeRolePolicyDocument: TRUST })),
      );
      expect(badName.name).toBe('ValidationError');
      expect(badName.message).toContain("at 'roleName' failed to satisfy constraint");
      const withResource = trustPolicy({ Principal: { AWS: '*' }, Resource: '*' });
      const malformed = await rejection(
        iam.send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: withResource })),
      );
      expect(malformed.name).toBe('MalformedPolicyDocumentException');
      expect(malformed.message).toBe('Has prohibited field Resource.');
      const notJson = await rejection(
        iam.send(new CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: '{' })),
      );
      expect(notJson.message).toBe('Syntax errors in policy.');
      const tooLong = await rejection(
        iam.send(
          new CreateRoleCommand({
            RoleName: 'r3',
            AssumeRolePolicyDocument: TRUST,
            MaxSessionDuration: 50000,
          }),
        ),
      );
      expect(tooLong.name).toBe('ValidationError');
    });

    it('lists roles page by page, filtered by path', async () => {
      for (const n of [1, 2, 3, 4, 5]) {
        await iam.send(
          new CreateRoleCommand({ RoleName: `paged-${n}`, Path: '/paged/', AssumeRolePolicyDocument: TRUST }),
        );
      }
      const names: string[] = [];
      let marker: string | undefined;
      let pages = 0;
      do {
        const out = await iam.send(
          new ListRolesCommand({ PathPrefix: '/paged/', MaxItems: 2, Marker: marker }),
        );
        names.push(...(out.Roles ?? []).map((r) => r.RoleName!));
        expect(out.IsTruncated).toBe(out.Marker !== undefined);
        marker = out.Marker;
        pages += 1;
      } while (marker);
      expect(pages).toBe(3);
      expect(names).toEqual(['paged-1', 'paged-2', 'paged-3', 'paged-4', 'paged-5']);
      const bad = await rejection(iam.send(new ListRolesCommand({ Marker: 'garbage' })));
      expect(bad.name).toBe('ValidationError');
    });

    it('tags and untags a role', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'tagme', AssumeRolePolicyDocument: TRUST }));
      await iam.send(
        new TagRoleCommand({
          RoleName: 'tagme',
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'b', Value: '2' },
          ],
        }),
      );
      await iam.send(new TagRoleCommand({ RoleName: 'tagme', Tags: [{ Key: 'A', Value: '3' }] }));
      await iam.send(new UntagRoleCommand({ RoleName: 'tagme', TagKeys: ['b'] }));
      const tags = await iam.send(new ListRoleTagsCommand({ RoleName: 'tagme' }));
      expect(tags.Tags).toEqual([{ Key: 'A', Value: '3' }]);
      expect(tags.IsTruncated).toBe(false);
    });

    it('is global: every region sees the same roles', async () => {
      const elsewhere = new IAMClient({
        ...sdkConfig(t.cloud, t.clock, t.root(ACCOUNT)),
        region: 'eu-central-1',
      });
      expect((await elsewhere.send(new GetRoleCommand({ RoleName: 'twin' }))).Role?.RoleName).toBe('twin');
    });
  });

  describe('inline policies', () => {
    it('puts, reads, lists and deletes; a role with policies cannot be deleted', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'inline', AssumeRolePolicyDocument: TRUST }));
      const doc = allowPolicy('s3:GetObject', 'arn:aws:s3:::bucket/*');
      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read', PolicyDocument: doc }),
      );
      await iam.send(
        new PutRolePolicyCommand({ RoleName: 'inline', PolicyName: 'also', PolicyDocument: doc }),
      );
      const got = await iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read' }));
      expect(decodeURIComponent(got.PolicyDocument!)).toBe(doc);
      expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'inline' }))).PolicyNames).toEqual([
        'also',
        'read',
      ]);

      const conflict = await rejection(iam.send(new DeleteRoleCommand({ RoleName: 'inline' })));
      expect(conflict.name).toBe('DeleteConflictException');
      expect(conflict.message).toBe('Cannot delete entity, must delete policies first.');
      expect(conflict.$metadata?.httpStatusCode).toBe(409);

      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read' }));
      await iam.send(new DeleteRolePolicyCommand({ RoleName: 'inline', PolicyName: 'also' }));
      const missing = await rejection(
        iam.send(new GetRolePolicyCommand({ RoleName: 'inline', PolicyName: 'read' })),
      );
      expect(missing.name).toBe('NoSuchEntityException');
      await iam.send(new DeleteRoleCommand({ RoleName: 'inline' }));
    });

    it('rejects malformed identity policies', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'malformed', AssumeRolePolicyDocument: TRUST }));
      const withPrincipal = JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }],
      });
      const err = await rejection(
        iam.send(
          new PutRolePolicyCommand({ RoleName: 'malformed', PolicyName: 'p', PolicyDocument: withPrincipal }),
        ),
      );
      expect(err.name).toBe('MalformedPolicyDocumentException');
      expect(err.message).toBe('Policy document should not specify a principal.');
      const noVendor = allowPolicy('GetObject');
      expect(
        (
          await rejection(
            iam.send(
              new PutRolePolicyCommand({ RoleName: 'malformed', PolicyName: 'p', PolicyDocument: noVendor }),
            ),
          )
        ).message,
      ).toMatch(/prefaced by a vendor/);
    });
  });

  describe('managed policies', () => {
    const policyArn = `arn:aws:iam::${ACCOUNT}:policy/deploy/Deployer`;

    it('creates, attaches, versions and deletes a policy, with IAM errors on the way', async () => {
      const created = await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'Deployer',
          Path: '/deploy/',
          PolicyDocument: allowPolicy('s3:*'),
        }),
      );
      expect(created.Policy).toMatchObject({
        Arn: policyArn,
        DefaultVersionId: 'v1',
        AttachmentCount: 0,
        IsAttachable: true,
      });
      expect(created.Policy?.PolicyId).toMatch(/^ANPA/);
      expect(
        (
          await rejection(
            iam.send(
              new CreatePolicyCommand({ PolicyName: 'deployer', PolicyDocument: allowPolicy('s3:*') }),
            ),
          )
        ).name,
      ).toBe('EntityAlreadyExistsException');

      await iam.send(new CreateRoleCommand({ RoleName: 'attached', AssumeRolePolicyDocument: TRUST }));
      await iam.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: policyArn }));
      await iam.send(
        new AttachRolePolicyCommand({
          RoleName: 'attached',
          PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        }),
      );
      const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'attached' }));
      expect(attached.AttachedPolicies).toEqual([
        { PolicyName: 'Deployer', PolicyArn: policyArn },
        { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' },
      ]);
      expect((await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy?.AttachmentCount).toBe(
        1,
      );
      expect((await rejection(iam.send(new DeleteRoleCommand({ RoleName: 'attached' })))).message).toBe(
        'Cannot delete entity, must detach all policies first.',
      );
      expect((await rejection(iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })))).message).toBe(
        'Cannot delete a policy attached to entities.',
      );
      const missing = `arn:aws:iam::${ACCOUNT}:policy/Missing`;
      const notThere = await rejection(
        iam.send(new AttachRolePolicyCommand({ RoleName: 'attached', PolicyArn: missing })),
      );
      expect(notThere.name).toBe('NoSuchEntityException');
      expect(notThere.message).toBe(`Policy ${missing} does not exist or is not attachable.`);

      // Versions: at most five; the default one cannot be deleted.
      for (const n of [2, 3, 4, 5]) {
        const v = await iam.send(
          new CreatePolicyVersionCommand({
            PolicyArn: policyArn,
            PolicyDocument: allowPolicy(`s3:Get${n}*`),
            SetAsDefault: n === 3,
          }),
        );
        expect(v.PolicyVersion).toMatchObject({ VersionId: `v${n}`, IsDefaultVersion: n === 3 });
      }
      const sixth = await rejection(
        iam.send(
          new CreatePolicyVersionCommand({ PolicyArn: policyArn, PolicyDocument: allowPolicy('s3:x') }),
        ),
      );
      expect(sixth.name).toBe('LimitExceededException');
      const versions = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: policyArn }));
      expect(versions.Versions?.map((v) => [v.VersionId, v.IsDefaultVersion])).toEqual([
        ['v5', false],
        ['v4', false],
        ['v3', true],
        ['v2', false],
        ['v1', false],
      ]);
      const v3 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: 'v3' }));
      expect(decodeURIComponent(v3.PolicyVersion!.Document!)).toBe(allowPolicy('s3:Get3*'));
      expect(
        (await rejection(iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: 'v3' }))))
          .name,
      ).toBe('DeleteConflictException');
      await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: policyArn, VersionId: 'v5' }));
      expect((await iam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy?.DefaultVersionId).toBe(
        'v5',
      );

      await iam.send(new DetachRolePolicyCommand({ RoleName: 'attached', PolicyArn: policyArn }));
      expect(
        (
          await rejection(
            iam.send(new DetachRolePolicyCommand({ RoleName: 'attached', PolicyArn: policyArn })),
          )
        ).name,
      ).toBe('NoSuchEntityException');
      expect((await rejection(iam.send(new DeletePolicyCommand({ PolicyArn: policyArn })))).message).toMatch(
        /more than one version/,
      );
      for (const v of ['v1', 'v2', 'v3', 'v4']) {
        await iam.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: v }));
      }
      await iam.send(new DeletePolicyCommand({ PolicyArn: policyArn }));
      expect((await rejection(iam.send(new GetPolicyCommand({ PolicyArn: policyArn })))).name).toBe(
        'NoSuchEntityException',
      );
    });

    it('allows at most ten managed policies per role', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'crowded', AssumeRolePolicyDocument: TRUST }));
      for (let n = 0; n < 10; n++) {
        const out = await iam.send(
          new CreatePolicyCommand({ PolicyName: `p${n}`, PolicyDocument: allowPolicy('s3:*') }),
        );
        await iam.send(new AttachRolePolicyCommand({ RoleName: 'crowded', PolicyArn: out.Policy!.Arn! }));
      }
      const err = await rejection(
        iam.send(
          new AttachRolePolicyCommand({
            RoleName: 'crowded',
            PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
          }),
        ),
      );
      expect(err.name).toBe('LimitExceededException');
      expect(err.message).toBe('Cannot exceed quota for PoliciesPerRole: 10');
    });

    it('knows AWS managed policies, and they cannot be changed', async () => {
      const admin = await iam.send(
        new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }),
      );
      expect(admin.Policy).toMatchObject({
        PolicyName: 'AdministratorAccess',
        Path: '/',
        DefaultVersionId: 'v1',
      });
      const listed = await iam.send(new ListPoliciesCommand({ Scope: 'AWS', MaxItems: 100 }));
      expect(listed.Policies?.map((p) => p.PolicyName)).toEqual(
        expect.arrayContaining(['AdministratorAccess', 'ReadOnlyAccess', 'PowerUserAccess']),
      );
      const local = await iam.send(new ListPoliciesCommand({ Scope: 'Local' }));
      expect(local.Policies?.every((p) => p.Arn?.startsWith(`arn:aws:iam::${ACCOUNT}:`))).toBe(true);
      const err = await rejection(
        iam.send(new DeletePolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })),
      );
      expect(err.name).toBe('AccessDenied');
    });
  });

  describe('authorization', () => {
    it('needs an identity policy for every call of a role session', async () => {
      await iam.send(new CreateRoleCommand({ RoleName: 'nothing', AssumeRolePolicyDocument: TRUST }));
      const session = await assumeRole('nothing');
      const err = await rejection(t.iam(session).send(new GetRoleCommand({ RoleName: 'nothing' })));
      expect(err.name).toBe('AccessDenied');
      expect(err.$metadata?.httpStatusCode).toBe(403);
      expect(err.message).toBe(
        `User: arn:aws:sts::${ACCOUNT}:assumed-role/nothing/test is not authorized to perform: iam:GetRole on resource: arn:aws:iam::${ACCOUNT}:role/nothing because no identity-based policy allows the iam:GetRole action`,
      );
    });

    it("limits a role's IAM calls to its permissions boundary", async () => {
      const boundary = await iam.send(
        new CreatePolicyCommand({
          PolicyName: 'ReadIamOnly',
          PolicyDocument: allowPolicy(['iam:Get*', 'iam:List*']),
        }),
      );
      const boundaryArn = boundary.Policy!.Arn!;
      await iam.send(
        new CreateRoleCommand({
          RoleName: 'bounded',
          AssumeRolePolicyDocument: TRUST,
          PermissionsBoundary: boundaryArn,
        }),
      );
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: 'bounded',
          PolicyName: 'all',
          PolicyDocument: allowPolicy('iam:*'),
        }),
      );
      const role = await iam.send(new GetRoleCommand({ RoleName: 'bounded' }));
      expect(role.Role?.PermissionsBoundary).toEqual({
        PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        PermissionsBoundaryArn: boundaryArn,
      });
      expect((await rejection(iam.send(new DeletePolicyCommand({ PolicyArn: boundaryArn })))).name).toBe(
        'DeleteConflictException',
      );

      const bounded = t.iam(await assumeRole('bounded'));
      expect((await bounded.send(new ListRolesCommand({}))).Roles?.length).toBeGreaterThan(0);
      const denied = await rejection(
        bounded.send(new CreateRoleCommand({ RoleName: 'escape', AssumeRolePolicyDocument: TRUST })),
      );
      expect(denied.name).toBe('AccessDenied');
      expect(denied.message).toContain('because no permissions boundary allows the iam:CreateRole action');

      await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'bounded' }));
      const unbounded = t.iam(await assumeRole('bounded', 'second'));
      await unbounded.send(new CreateRoleCommand({ RoleName: 'escape', AssumeRolePolicyDocument: TRUST }));
      await iam.send(
        new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: boundaryArn }),
      );
      expect(
        (await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role?.PermissionsBoundary
          ?.PermissionsBoundaryArn,
      ).toBe(boundaryArn);
    });

    it('lets a delegated administrator create roles only with the required boundary (iam:PermissionsBoundary)', async () => {
      const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/ReadIamOnly`;
      await iam.send(new CreateRoleCommand({ RoleName: 'delegated', AssumeRolePolicyDocument: TRUST }));
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: 'delegated',
          PolicyName: 'create-bounded',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'iam:CreateRole',
                Resource: '*',
                Condition: { StringEquals: { 'iam:PermissionsBoundary': boundaryArn } },
              },
            ],
          }),
        }),
      );
      const delegated: Credentials = await assumeRole('delegated');
      const client = t.iam(delegated);
      expect(
        (
          await rejection(
            client.send(new CreateRoleCommand({ RoleName: 'free', AssumeRolePolicyDocument: TRUST })),
          )
        ).name,
      ).toBe('AccessDenied');
      const ok = await client.send(
        new CreateRoleCommand({
          RoleName: 'bound',
          AssumeRolePolicyDocument: TRUST,
          PermissionsBoundary: boundaryArn,
        }),
      );
      expect(ok.Role?.PermissionsBoundary?.PermissionsBoundaryArn).toBe(boundaryArn);
    });
  });

  describe('with the aws CLI', () => {
    it('get-role decodes the trust policy; list-roles follows markers', async () => {
      const creds = t.root(ACCOUNT);
      const role = await runAws(
        ['iam', 'get-role', '--role-name', 'twin', '--endpoint-url', t.cloud.endpoint, '--output', 'json'],
        {
          creds,
          home: home.path,
        },
      );
      expect(role.stderr).toBe('');
      expect(JSON.parse(role.stdout).Role.AssumeRolePolicyDocument).toEqual(JSON.parse(TRUST));
      const listed = await runAws(
        [
          'iam',
          'list-roles',
          '--path-prefix',
          '/paged/',
          '--page-size',
          '2',
          '--endpoint-url',
          t.cloud.endpoint,
          '--output',
          'json',
        ],
        { creds, home: home.path },
      );
      expect(JSON.parse(listed.stdout).Roles.map((r: { RoleName: string }) => r.RoleName)).toEqual([
        'paged-1',
        'paged-2',
        'paged-3',
        'paged-4',
        'paged-5',
      ]);
      const missing = await runAws(
        ['iam', 'get-role', '--role-name', 'nope', '--endpoint-url', t.cloud.endpoint],
        {
          creds,
          home: home.path,
        },
      );
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain('(NoSuchEntity)');
    });
  });
});
