import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  ListExportsCommand,
  ListStacksCommand,
  ValidateTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalCloud } from '../../../../src/local-cloud/cloud.js';
import { errorOf, startTestCloud, type TestCloud, uploadTemplates } from '../engine/helpers.js';

const run = promisify(execFile);

const TEMPLATE = `
AWSTemplateFormatVersion: '2010-09-09'
Description: api test
Parameters:
  Size:
    Type: String
    Default: small
    AllowedValues: [small, large]
Resources:
  Box:
    Type: Test::Thing
    Properties:
      Name: !Sub 'box-\${Size}'
Outputs:
  BoxId:
    Value: !Ref Box
    Export:
      Name: api-box-id
`;

let t: TestCloud;
let home: string;
beforeAll(async () => {
  t = await startTestCloud();
  home = await mkdtemp(join(tmpdir(), 'cfn-api-'));
});
afterAll(async () => {
  await t.close();
  await rm(home, { recursive: true, force: true });
});

describe('CloudFormation API', () => {
  it('creates from a TemplateURL in every URL form and describes the stack', async () => {
    await uploadTemplates(t.s3, 'api-templates', { 't.yaml': TEMPLATE });
    const forms = [
      'https://api-templates.s3.amazonaws.com/t.yaml',
      'https://api-templates.s3.us-east-1.amazonaws.com/t.yaml',
      'https://s3.us-east-1.amazonaws.com/api-templates/t.yaml',
      `${t.cloud.endpoint}/api-templates/t.yaml`,
    ];
    for (const [i, url] of forms.entries()) {
      await t.cfn.send(
        new CreateStackCommand({
          StackName: `url-${i}`,
          TemplateURL: url,
          Parameters: i === 0 ? [{ ParameterKey: 'Size', ParameterValue: 'large' }] : [],
          Tags: [{ Key: 'team', Value: 'core' }],
        }),
      );
      await t.idle();
    }
    const out = await t.cfn.send(new DescribeStacksCommand({ StackName: 'url-0' }));
    const stack = out.Stacks![0]!;
    expect(stack).toMatchObject({
      StackName: 'url-0',
      StackStatus: 'CREATE_COMPLETE',
      Description: 'api test',
      Parameters: [{ ParameterKey: 'Size', ParameterValue: 'large' }],
      Tags: [{ Key: 'team', Value: 'core' }],
      DisableRollback: false,
    });
    // The other forms read the same template: its export is taken, so they roll back saying so.
    for (const i of [1, 2, 3]) {
      const other = await t.cfn.send(new DescribeStacksCommand({ StackName: `url-${i}` }));
      expect(other.Stacks![0]!.StackStatus).toBe('ROLLBACK_COMPLETE');
      const events = await t.cfn.send(new DescribeStackEventsCommand({ StackName: `url-${i}` }));
      const rollback = events.StackEvents!.find((e) => e.ResourceStatus === 'ROLLBACK_IN_PROGRESS');
      expect(rollback?.ResourceStatusReason).toBe(
        'Export with name api-box-id is already exported by stack url-0',
      );
    }
  });

  it('reads resources, templates and exports back', async () => {
    const detail = await t.cfn.send(
      new DescribeStackResourceCommand({ StackName: 'url-0', LogicalResourceId: 'Box' }),
    );
    expect(detail.StackResourceDetail).toMatchObject({
      StackName: 'url-0',
      LogicalResourceId: 'Box',
      ResourceType: 'Test::Thing',
      ResourceStatus: 'CREATE_COMPLETE',
    });
    const physical = detail.StackResourceDetail!.PhysicalResourceId!;
    const byPhysical = await t.cfn.send(new DescribeStackResourcesCommand({ PhysicalResourceId: physical }));
    expect(byPhysical.StackResources!.map((r) => r.StackName)).toEqual(['url-0']);
    const missing = await errorOf(
      t.cfn.send(new DescribeStackResourceCommand({ StackName: 'url-0', LogicalResourceId: 'Nope' })),
    );
    expect(missing).toMatchObject({
      name: 'ValidationError',
      message: 'Resource Nope does not exist for stack url-0',
    });
    const template = await t.cfn.send(new GetTemplateCommand({ StackName: 'url-0' }));
    expect(template.TemplateBody).toBe(TEMPLATE);
    const summary = await t.cfn.send(new GetTemplateSummaryCommand({ StackName: 'url-0' }));
    expect(summary.Parameters).toEqual([
      {
        ParameterKey: 'Size',
        DefaultValue: 'small',
        ParameterType: 'String',
        NoEcho: false,
        ParameterConstraints: { AllowedValues: ['small', 'large'] },
      },
    ]);
    expect(summary.ResourceTypes).toEqual(['Test::Thing']);
    const exports = await t.cfn.send(new ListExportsCommand({}));
    expect(exports.Exports).toEqual([
      { ExportingStackId: expect.stringContaining(':stack/url-0/'), Name: 'api-box-id', Value: physical },
    ]);
  });

  it('resolves Fn::ImportValue from the export of another stack', async () => {
    const body = JSON.stringify({
      Resources: {
        User: {
          Type: 'Test::Thing',
          Properties: { Name: 'user', Value: { 'Fn::ImportValue': 'api-box-id' } },
        },
      },
      Outputs: { Imported: { Value: { 'Fn::GetAtt': ['User', 'Value'] } } },
    });
    await t.cfn.send(new CreateStackCommand({ StackName: 'importer', TemplateBody: body }));
    await t.idle();
    const exporter = await t.cfn.send(
      new DescribeStackResourceCommand({ StackName: 'url-0', LogicalResourceId: 'Box' }),
    );
    const out = await t.cfn.send(new DescribeStacksCommand({ StackName: 'importer' }));
    expect(out.Stacks![0]!.Outputs).toEqual([
      { OutputKey: 'Imported', OutputValue: exporter.StackResourceDetail!.PhysicalResourceId },
    ]);
  });

  it('validates templates, answering template errors as ValidationError 400', async () => {
    const ok = await t.cfn.send(new ValidateTemplateCommand({ TemplateBody: TEMPLATE }));
    expect(ok.Description).toBe('api test');
    expect(ok.Parameters).toEqual([{ ParameterKey: 'Size', DefaultValue: 'small', NoEcho: false }]);
    const bad = await errorOf(
      t.cfn.send(
        new ValidateTemplateCommand({
          TemplateBody: JSON.stringify({
            Resources: { A: { Type: 'Test::Thing', Properties: { X: { Ref: 'Nope' } } } },
          }),
        }),
      ),
    );
    expect(bad).toMatchObject({
      name: 'ValidationError',
      status: 400,
      message:
        'Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template',
    });
  });

  it('refuses a RoleARN that CloudFormation may not assume, and acts as one it may', async () => {
    const iam = new IAMClient({
      endpoint: t.cloud.endpoint,
      region: 'us-east-1',
      credentials: t.credentials,
    });
    const trust = (service: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
      });
    const lambdaRole = await iam.send(
      new CreateRoleCommand({
        RoleName: 'not-for-cfn',
        AssumeRolePolicyDocument: trust('lambda.amazonaws.com'),
      }),
    );
    const cfnRole = await iam.send(
      new CreateRoleCommand({
        RoleName: 'cfn-role',
        AssumeRolePolicyDocument: trust('cloudformation.amazonaws.com'),
      }),
    );
    iam.destroy();
    const body = JSON.stringify({ Resources: { A: { Type: 'Test::Thing', Properties: { Name: 'a' } } } });
    const denied = await errorOf(
      t.cfn.send(
        new CreateStackCommand({ StackName: 'role-bad', TemplateBody: body, RoleARN: lambdaRole.Role!.Arn }),
      ),
    );
    expect(denied).toMatchObject({
      name: 'ValidationError',
      message: `Role ${lambdaRole.Role!.Arn} is invalid or cannot be assumed`,
    });
    await t.cfn.send(
      new CreateStackCommand({ StackName: 'role-ok', TemplateBody: body, RoleARN: cfnRole.Role!.Arn }),
    );
    await t.idle();
    const out = await t.cfn.send(new DescribeStacksCommand({ StackName: 'role-ok' }));
    expect(out.Stacks![0]).toMatchObject({ StackStatus: 'CREATE_COMPLETE', RoleARN: cfnRole.Role!.Arn });
  });

  it('requires iam:PassRole to hand CloudFormation a RoleARN', async () => {
    const iam = new IAMClient({
      endpoint: t.cloud.endpoint,
      region: 'us-east-1',
      credentials: t.credentials,
    });
    const account = t.cloud.accounts.find('management')!.id;
    const deployer = async (name: string, actions: string[]) => {
      await iam.send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${account}:root` },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        }),
      );
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: name,
          PolicyName: 'deploy',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
          }),
        }),
      );
      const sts = new STSClient({
        endpoint: t.cloud.endpoint,
        region: 'us-east-1',
        credentials: t.credentials,
      });
      const session = await sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${name}`, RoleSessionName: 'ci' }),
      );
      sts.destroy();
      const c = session.Credentials!;
      return new CloudFormationClient({
        endpoint: t.cloud.endpoint,
        region: 'us-east-1',
        maxAttempts: 1,
        credentials: {
          accessKeyId: c.AccessKeyId!,
          secretAccessKey: c.SecretAccessKey!,
          sessionToken: c.SessionToken!,
        },
      });
    };
    const roleArn = `arn:aws:iam::${account}:role/cfn-role`;
    const body = JSON.stringify({ Resources: { A: { Type: 'Test::Thing', Properties: { Name: 'a' } } } });
    const without = await deployer('deployer-no-pass', ['cloudformation:*']);
    const denied = await errorOf(
      without.send(new CreateStackCommand({ StackName: 'passed', TemplateBody: body, RoleARN: roleArn })),
    );
    expect(denied.name).toBe('AccessDenied');
    expect(denied.message).toContain('iam:PassRole');
    const withPass = await deployer('deployer-pass', ['cloudformation:*', 'iam:PassRole']);
    await withPass.send(
      new CreateStackCommand({ StackName: 'passed', TemplateBody: body, RoleARN: roleArn }),
    );
    await t.idle();
    // The role stays with the stack: later operations use it without passing it again.
    await without.send(new DeleteStackCommand({ StackName: 'passed' }));
    await t.idle();
    const gone = await t.cfn.send(new ListStacksCommand({ StackStatusFilter: ['DELETE_COMPLETE'] }));
    expect(gone.StackSummaries!.map((s) => s.StackName)).toContain('passed');
    without.destroy();
    withPass.destroy();
    iam.destroy();
  });

  it('answers the aws CLI for termination protection, stack policies, imports and cancel', async () => {
    const cli = async (args: string[]) => {
      try {
        const { stdout } = await run('aws', ['--endpoint-url', t.cloud.endpoint, 'cloudformation', ...args], {
          env: {
            PATH: process.env.PATH,
            HOME: home,
            AWS_CONFIG_FILE: '/dev/null',
            AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
            AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
            AWS_DEFAULT_REGION: 'us-east-1',
            AWS_EC2_METADATA_DISABLED: 'true',
          },
        });
        return { code: 0, stdout, stderr: '' };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    };
    const protect = await cli([
      'update-termination-protection',
      '--enable-termination-protection',
      '--stack-name',
      'url-0',
    ]);
    expect(protect.code).toBe(0);
    expect(JSON.parse(protect.stdout).StackId).toMatch(/:stack\/url-0\//);
    const refused = await cli(['delete-stack', '--stack-name', 'url-0']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('cannot be deleted while TerminationProtection is enabled');
    await cli([
      'update-termination-protection',
      '--no-enable-termination-protection',
      '--stack-name',
      'url-0',
    ]);

    const policy = JSON.stringify({
      Statement: [{ Effect: 'Allow', Action: 'Update:*', Principal: '*', Resource: '*' }],
    });
    expect(
      (await cli(['set-stack-policy', '--stack-name', 'url-0', '--stack-policy-body', policy])).code,
    ).toBe(0);
    const got = await cli(['get-stack-policy', '--stack-name', 'url-0', '--output', 'json']);
    expect(JSON.parse(JSON.parse(got.stdout).StackPolicyBody)).toEqual(JSON.parse(policy));

    const imports = await cli(['list-imports', '--export-name', 'api-box-id', '--output', 'json']);
    expect(JSON.parse(imports.stdout)).toEqual({ Imports: ['importer'] });

    const cancel = await cli(['cancel-update-stack', '--stack-name', 'url-0']);
    expect(cancel.code).not.toBe(0);
    expect(cancel.stderr).toContain('(ValidationError)');
    expect(cancel.stderr).toContain('CancelUpdateStack cannot be called from current stack status');
    const cont = await cli([
      'continue-update-rollback',
      '--stack-name',
      'url-0',
      '--resources-to-skip',
      'Box',
    ]);
    expect(cont.code).not.toBe(0);
    expect(cont.stderr).toContain('can not continue update rollback');
  });

  it('answers `aws cloudformation describe-stacks`', async () => {
    const { stdout } = await run(
      'aws',
      [
        '--endpoint-url',
        t.cloud.endpoint,
        'cloudformation',
        'describe-stacks',
        '--stack-name',
        'url-0',
        '--output',
        'json',
      ],
      {
        env: {
          PATH: process.env.PATH,
          HOME: home,
          AWS_CONFIG_FILE: '/dev/null',
          AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
          AWS_ACCESS_KEY_ID: t.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: t.credentials.secretAccessKey,
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
    );
    const parsed = JSON.parse(stdout) as {
      Stacks: Array<{ StackName: string; StackStatus: string; Outputs: unknown[] }>;
    };
    expect(parsed.Stacks).toHaveLength(1);
    expect(parsed.Stacks[0]).toMatchObject({ StackName: 'url-0', StackStatus: 'CREATE_COMPLETE' });
    expect(parsed.Stacks[0]!.Outputs).toEqual([
      expect.objectContaining({ OutputKey: 'BoxId', ExportName: 'api-box-id' }),
    ]);
  });
});

describe('closing the cloud', () => {
  it('waits for the stack operations still running, which start no new resources', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const created: string[] = [];
    const slow = {
      type: 'Test::Slow',
      replaceOn: [],
      async create(_properties: Record<string, unknown>, ctx: { logicalId: string }) {
        entered();
        await gate;
        created.push(ctx.logicalId);
        return { physicalId: ctx.logicalId, attributes: {} };
      },
      async update(physicalId: string) {
        return { physicalId, attributes: {} };
      },
      async delete(physicalId: string) {
        created.push(`deleted ${physicalId}`);
      },
    };
    const cloud = await createLocalCloud({
      ephemeral: true,
      cloudformationProviders: new Map([['Test::Slow', slow]]),
    });
    const creds = cloud.credentialsFor('management');
    const cfn = new CloudFormationClient({
      endpoint: cloud.endpoint,
      region: creds.region,
      credentials: creds,
    });
    const body = JSON.stringify({
      Resources: {
        First: { Type: 'Test::Slow', Properties: {} },
        Second: { Type: 'Test::Slow', Properties: {}, DependsOn: 'First' },
      },
    });
    await cfn.send(new CreateStackCommand({ StackName: 'closing', TemplateBody: body }));
    cfn.destroy();
    await started;
    let closed = false;
    const closing = cloud.close().then(() => {
      closed = true;
    });
    await Promise.resolve();
    expect(closed).toBe(false);
    release();
    await closing;
    expect(closed).toBe(true);
    // First finished; Second never started; the rollback deleted First.
    expect(created).toEqual(['First', 'deleted First']);
  });
});
