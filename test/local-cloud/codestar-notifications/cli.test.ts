/**
 * The `aws` CLI (v1) against the local CodeStar Notifications: the REST-JSON routes, UntagResource's ARN
 * in the path and tag keys in the query, error codes, and rules surviving a restart of the cloud.
 */
import { DescribeNotificationRuleCommand } from '@aws-sdk/client-codestar-notifications';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, runAws } from '../core/fixture.js';
import { type NotificationsCloud, PIPELINE_ARN, startNotificationsCloud, TOPIC_ARN } from './harness.js';

let t: NotificationsCloud;
let home: { path: string; remove(): Promise<void> };
let state: { path: string; remove(): Promise<void> };

beforeAll(async () => {
  home = await makeTempDir();
  state = await makeTempDir();
  t = await startNotificationsCloud({ stateDir: state.path });
});
afterAll(async () => {
  await t.close();
  await home.remove();
  await state.remove();
});

function run(...args: string[]) {
  return runAws(['--endpoint-url', t.cloud.endpoint, '--output', 'json', 'codestar-notifications', ...args], {
    creds: t.root('tools'),
    home: home.path,
  });
}

async function aws(...args: string[]): Promise<Record<string, unknown>> {
  const out = await run(...args);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return out.stdout.trim() === '' ? {} : JSON.parse(out.stdout);
}

let ruleArn = '';

describe('aws codestar-notifications', () => {
  it('list-event-types --filters', async () => {
    const out = (await aws('list-event-types', '--filters', 'Name=SERVICE_NAME,Value=CodeDeploy')) as {
      EventTypes: { EventTypeId: string; EventTypeName: string; ResourceType: string }[];
    };
    expect(out.EventTypes.map((e) => [e.EventTypeId, e.EventTypeName, e.ResourceType])).toEqual([
      ['codedeploy-application-deployment-failed', 'Deployment: Failed', 'Application'],
      ['codedeploy-application-deployment-started', 'Deployment: Started', 'Application'],
      ['codedeploy-application-deployment-succeeded', 'Deployment: Succeeded', 'Application'],
    ]);
  });

  it('create, describe, tag, untag and list tags of a rule', async () => {
    const created = await aws(
      'create-notification-rule',
      '--name',
      'deploys',
      '--resource',
      PIPELINE_ARN,
      '--detail-type',
      'BASIC',
      '--event-type-ids',
      'codepipeline-pipeline-pipeline-execution-failed',
      'codepipeline-pipeline-manual-approval-needed',
      '--targets',
      `TargetType=SNS,TargetAddress=${TOPIC_ARN}`,
      '--tags',
      'team=platform,stage=tools',
    );
    ruleArn = String(created['Arn']);
    const described = (await aws('describe-notification-rule', '--arn', ruleArn)) as {
      Name: string;
      EventTypes: { EventTypeId: string }[];
      Tags: Record<string, string>;
    };
    expect(described.Name).toBe('deploys');
    expect(described.EventTypes.map((e) => e.EventTypeId)).toEqual([
      'codepipeline-pipeline-pipeline-execution-failed',
      'codepipeline-pipeline-manual-approval-needed',
    ]);
    expect(described.Tags).toEqual({ team: 'platform', stage: 'tools' });
    await aws('untag-resource', '--arn', ruleArn, '--tag-keys', 'team');
    expect(await aws('list-tags-for-resource', '--arn', ruleArn)).toEqual({ Tags: { stage: 'tools' } });
  });

  it('answers errors the CLI names', async () => {
    const out = await run(
      'describe-notification-rule',
      '--arn',
      `${ruleArn.slice(0, -1)}${ruleArn.endsWith('0') ? '1' : '0'}`,
    );
    expect(out.code).not.toBe(0);
    expect(out.stderr).toContain('(ResourceNotFoundException)');
  });

  it('keeps rules across a restart of the cloud', async () => {
    await t.close();
    t = await startNotificationsCloud({ stateDir: state.path });
    const rule = await t
      .notifications(t.root('tools'))
      .send(new DescribeNotificationRuleCommand({ Arn: ruleArn }));
    expect(rule.Tags).toEqual({ stage: 'tools' });
    const listed = (await aws('list-notification-rules')) as { NotificationRules: { Arn: string }[] };
    expect(listed.NotificationRules.map((r) => r.Arn)).toEqual([ruleArn]);
    await aws('delete-notification-rule', '--arn', ruleArn);
    expect(await aws('list-notification-rules')).toEqual({ NotificationRules: [] });
  });
});
