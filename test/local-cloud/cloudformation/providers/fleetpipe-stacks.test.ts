/**
 * End to end before the stack engine exists: every resource of the example project's function
 * templates (built by bin/fleetpipe.js) is resolved by the template engine and created by the providers,
 * wave by wave, in one local cloud; then everything is deleted in deletion order.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { DescribeConfigRulesCommand } from '@aws-sdk/client-config-service';
import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetFunctionConfigurationCommand, GetPolicyCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinProviders } from '../../../../src/local-cloud/cloudformation/providers/index.js';
import {
  createOrder,
  deleteOrder,
  evaluateConditions,
  parseTemplate,
  pseudoParameters,
  type ResolvedResource,
  resolveOutputs,
  resolveParameters,
  resolveResource,
  type TemplateValue,
} from '../../../../src/local-cloud/cloudformation/template/index.js';
import { type ConfigCloud, startConfigCloud } from '../../config/harness.js';
import { type Credentials, makeTempDir, rejection, sdkConfig } from '../../core/fixture.js';
import { ACCOUNT, providerContext } from './context.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const BUCKET = 'fleetpipe-artifacts';

interface Created {
  resource: ResolvedResource;
  physicalId: string;
  attributes: Record<string, unknown>;
}

describe('fleetpipe function stacks created by the providers', () => {
  let t: ConfigCloud;
  let root: Credentials;
  let work: { path: string; remove(): Promise<void> };
  beforeAll(async () => {
    t = await startConfigCloud();
    root = t.root(ACCOUNT);
    work = await makeTempDir('fleetpipe-providers-');
  });
  afterAll(async () => {
    await t.close();
    await work.remove();
  });

  it('creates and deletes every resource of examples/config-rules', async () => {
    const out = path.join(work.path, 'dist');
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'bin/fleetpipe.js'),
        'build',
        path.join(ROOT, 'examples/config-rules'),
        '--out',
        out,
        '--cache-dir',
        path.join(work.path, 'cache'),
      ],
      { encoding: 'utf8', cwd: work.path },
    );
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);

    const s3 = t.s3(root);
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const providers = builtinProviders();
    const dir = path.join(out, 'templates/functions');
    const files = readdirSync(dir);
    expect(files.length).toBe(5);
    const types = new Set<string>();
    const stacks: Array<{ stackName: string; created: Map<string, Created>; order: string[][] }> = [];

    for (const [index, file] of files.entries()) {
      const body = readFileSync(path.join(dir, file), 'utf8');
      const fnName = (JSON.parse(body) as { Metadata: { fleetpipe: { function: string } } }).Metadata
        .fleetpipe.function;
      const zipDir = path.join(out, 'functions', fnName);
      const zip = readdirSync(zipDir).find((f) => f.endsWith('.zip'))!;
      const key = `functions/${fnName}/${zip}`;
      await s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: readFileSync(path.join(zipDir, zip)) }),
      );

      const stackName = `fleetpipe-FunctionStack${index}-ABCDEFGHIJKL`;
      const stackId = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/${stackName}/00000000-0000-4000-8000-00000000000${index}`;
      const template = parseTemplate(body, { source: 'url' });
      const parameters = resolveParameters({ template, given: { CodeBucket: BUCKET, CodeKey: key } }).values;
      const pseudo = pseudoParameters({ accountId: ACCOUNT, region: 'us-east-1', stackName, stackId });
      const conditions = evaluateConditions(template, { parameters, pseudo });
      const created = new Map<string, Created>();
      const context = {
        parameters,
        pseudo,
        conditions,
        mappings: template.mappings,
        resourceIds: new Set(Object.keys(template.resources)),
        ref: (id: string) => created.get(id)?.physicalId,
        getAtt: (id: string, attribute: string) =>
          created.get(id)?.attributes[attribute] as TemplateValue | undefined,
      };
      for (const wave of createOrder(template, { conditions })) {
        await Promise.all(
          wave.map(async (logicalId) => {
            const resource = resolveResource(template, logicalId, context);
            types.add(resource.type);
            const provider = providers.get(resource.type);
            expect(provider, resource.type).toBeDefined();
            const result = await provider!.create(
              resource.properties as Record<string, unknown>,
              providerContext(t, root, { stackName, stackId, logicalId }),
            );
            created.set(logicalId, { resource, ...result });
          }),
        );
      }
      const outputs = Object.fromEntries(
        resolveOutputs(template, context).map((o) => [o.OutputKey, o.OutputValue]),
      );
      expect(outputs['FunctionName']).toBe(fnName);
      expect(outputs['LogGroupName']).toBe(`/aws/lambda/${fnName}`);
      expect(outputs['RoleArn']).toMatch(
        new RegExp(
          `^arn:aws:iam::${ACCOUNT}:role/fleetpipe-FunctionStack${index}-ABCDE.*-ExecutionRole-[A-Z0-9]{12}$`,
        ),
      );
      expect(String(outputs['RoleArn']).split('/')[1]!.length).toBeLessThanOrEqual(64);
      stacks.push({ stackName, created, order: deleteOrder(template, { conditions }) });

      const lambda = t.lambda(root);
      const fn = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: fnName }));
      expect(fn.Role).toBe(outputs['RoleArn']);
      expect(fn.FunctionArn).toBe(outputs['FunctionArn']);
      const policy = JSON.parse((await lambda.send(new GetPolicyCommand({ FunctionName: fnName }))).Policy!);
      expect(policy.Statement).toHaveLength(1);
      if (created.has('ConfigRule')) {
        const rules = await t
          .config(root)
          .send(new DescribeConfigRulesCommand({ ConfigRuleNames: [String(outputs['ConfigRuleName'])] }));
        expect(rules.ConfigRules![0]!.Source!.SourceIdentifier).toBe(fn.FunctionArn);
      } else {
        const events = new EventBridgeClient(sdkConfig(t.cloud, t.clock, root));
        const rule = await events.send(
          new DescribeRuleCommand({ Name: created.get('Schedule')!.physicalId }),
        );
        expect(rule.ScheduleExpression).toBeDefined();
      }
    }
    expect([...types].sort()).toEqual([
      'AWS::Config::ConfigRule',
      'AWS::Events::Rule',
      'AWS::IAM::Role',
      'AWS::Lambda::Function',
      'AWS::Lambda::Permission',
      'AWS::Logs::LogGroup',
    ]);

    for (const { stackName, created, order } of stacks) {
      for (const wave of order) {
        await Promise.all(
          wave.map((logicalId) => {
            const { resource, physicalId } = created.get(logicalId)!;
            return providers
              .get(resource.type)!
              .delete(
                physicalId,
                resource.properties as Record<string, unknown>,
                providerContext(t, root, { stackName, logicalId }),
              );
          }),
        );
      }
      const role = created.get('ExecutionRole')!.physicalId;
      expect((await rejection(t.iam(root).send(new GetRoleCommand({ RoleName: role })))).name).toBe(
        'NoSuchEntityException',
      );
    }
  });
});
