/**
 * CodeStar Notifications through the SDK (REST-JSON, signing name codestar-notifications): the event type
 * table, notification rules validated as AWS validates them, idempotent creation, updates, listing with
 * filters and pages, targets, tags, deletion, and IAM on the rule's ARN.
 */
import {
  type CreateNotificationRuleCommandInput,
  CreateNotificationRuleCommand,
  DeleteNotificationRuleCommand,
  DeleteTargetCommand,
  DescribeNotificationRuleCommand,
  ListEventTypesCommand,
  ListNotificationRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsCommand,
  SubscribeCommand,
  TagResourceCommand,
  UnsubscribeCommand,
  UntagResourceCommand,
  UpdateNotificationRuleCommand,
} from '@aws-sdk/client-codestar-notifications';
import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Credentials, rejection, trustPolicy } from '../core/fixture.js';
import {
  type NotificationsCloud,
  PIPELINE_ARN,
  PROJECT_ARN,
  startNotificationsCloud,
  TOOLS,
  TOPIC_ARN,
} from './harness.js';

let t: NotificationsCloud;
let root: Credentials;

beforeAll(async () => {
  t = await startNotificationsCloud();
  root = t.root('tools');
});
afterAll(() => t.close());

const client = () => t.notifications(root);

function ruleInput(overrides: Partial<CreateNotificationRuleCommandInput> = {}) {
  return {
    Name: 'pipeline-failures',
    Resource: PIPELINE_ARN,
    DetailType: 'FULL' as const,
    EventTypeIds: ['codepipeline-pipeline-pipeline-execution-failed'],
    Targets: [{ TargetType: 'SNS', TargetAddress: TOPIC_ARN }],
    ...overrides,
  };
}

async function create(overrides: Partial<CreateNotificationRuleCommandInput> = {}): Promise<string> {
  const out = await client().send(new CreateNotificationRuleCommand(ruleInput(overrides)));
  return out.Arn!;
}

describe('event types', () => {
  it('lists the real event type IDs, filtered by service or resource type', async () => {
    const pipeline = await client().send(
      new ListEventTypesCommand({ Filters: [{ Name: 'SERVICE_NAME', Value: 'CodePipeline' }] }),
    );
    expect(pipeline.EventTypes).toHaveLength(18);
    expect(pipeline.EventTypes).toContainEqual({
      EventTypeId: 'codepipeline-pipeline-pipeline-execution-failed',
      ServiceName: 'CodePipeline',
      EventTypeName: 'Pipeline execution: Failed',
      ResourceType: 'Pipeline',
    });
    expect(pipeline.EventTypes!.map((e) => e.EventTypeId)).toContain(
      'codepipeline-pipeline-manual-approval-needed',
    );
    const projects = await client().send(
      new ListEventTypesCommand({ Filters: [{ Name: 'RESOURCE_TYPE', Value: 'Project' }] }),
    );
    expect(projects.EventTypes!.map((e) => e.EventTypeId).sort()).toEqual([
      'codebuild-project-build-phase-failure',
      'codebuild-project-build-phase-success',
      'codebuild-project-build-state-failed',
      'codebuild-project-build-state-in-progress',
      'codebuild-project-build-state-stopped',
      'codebuild-project-build-state-succeeded',
    ]);
  });

  it('pages through every event type', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await client().send(new ListEventTypesCommand({ MaxResults: 10, NextToken: token }));
      expect(page.EventTypes!.length).toBeLessThanOrEqual(10);
      seen.push(...page.EventTypes!.map((e) => e.EventTypeId!));
      token = page.NextToken;
    } while (token);
    expect(seen).toHaveLength(38);
    expect(new Set(seen).size).toBe(38);
    const bad = await rejection(client().send(new ListEventTypesCommand({ NextToken: 'bogus' })));
    expect(bad.name).toBe('InvalidNextTokenException');
  });
});

describe('notification rules', () => {
  it('creates a rule and describes it', async () => {
    const arn = await create({ Name: 'describe-me', Tags: { team: 'platform' } });
    expect(arn).toMatch(
      new RegExp(`^arn:aws:codestar-notifications:us-east-1:${TOOLS}:notificationrule/[0-9a-f]{40}$`),
    );
    const rule = await client().send(new DescribeNotificationRuleCommand({ Arn: arn }));
    expect(rule).toMatchObject({
      Arn: arn,
      Name: 'describe-me',
      Resource: PIPELINE_ARN,
      DetailType: 'FULL',
      Status: 'ENABLED',
      CreatedBy: `arn:aws:iam::${TOOLS}:root`,
      Tags: { team: 'platform' },
      Targets: [{ TargetType: 'SNS', TargetAddress: TOPIC_ARN, TargetStatus: 'ACTIVE' }],
      EventTypes: [
        {
          EventTypeId: 'codepipeline-pipeline-pipeline-execution-failed',
          ServiceName: 'CodePipeline',
          EventTypeName: 'Pipeline execution: Failed',
          ResourceType: 'Pipeline',
        },
      ],
    });
    expect(rule.CreatedTimestamp).toEqual(rule.LastModifiedTimestamp);
    expect(Math.abs(rule.CreatedTimestamp!.getTime() - t.clock.now().getTime())).toBeLessThan(2000);
  });

  it('is idempotent per client request token and refuses a second rule of the same name', async () => {
    const first = await create({ Name: 'same-name', ClientRequestToken: 'token-1' });
    expect(await create({ Name: 'same-name', ClientRequestToken: 'token-1' })).toBe(first);
    const err = await rejection(create({ Name: 'same-name', ClientRequestToken: 'token-2' }));
    expect(err.name).toBe('ResourceAlreadyExistsException');
    expect(err.$metadata?.httpStatusCode).toBe(409);
  });

  it('validates names, detail types, resources, event types and targets', async () => {
    const cases: [Partial<CreateNotificationRuleCommandInput>, string, RegExp][] = [
      [{ Name: 'x'.repeat(65) }, 'ValidationException', /length less than or equal to 64/],
      [{ Name: 'bad/name' }, 'ValidationException', /regular expression pattern/],
      [{ DetailType: 'ALL' as 'FULL' }, 'ValidationException', /enum value set: \[BASIC, FULL\]/],
      [{ Resource: `arn:aws:s3:us-east-1:${TOOLS}:bucket` }, 'ValidationException', /is not supported/],
      [
        { Resource: 'arn:aws:codepipeline:us-east-1:333333333333:fleet' },
        'ValidationException',
        /must be in account 222222222222/,
      ],
      [
        { EventTypeIds: ['codebuild-project-build-state-failed'] },
        'ValidationException',
        /is for CodeBuild projects; the rule's resource is a CodePipeline pipeline/,
      ],
      [{ EventTypeIds: ['codepipeline-pipeline-exploded'] }, 'ValidationException', /does not exist/],
      [
        { Targets: [{ TargetType: 'Email', TargetAddress: 'a@example.com' }] },
        'ValidationException',
        /TargetType Email is not supported/,
      ],
      [
        { Targets: [{ TargetType: 'SNS', TargetAddress: 'not-an-arn' }] },
        'ConfigurationException',
        /not a valid SNS target address/,
      ],
      [
        { Targets: [{ TargetType: 'SNS', TargetAddress: `arn:aws:sns:eu-west-1:${TOOLS}:t` }] },
        'ConfigurationException',
        /must be in region us-east-1/,
      ],
    ];
    for (const [overrides, code, message] of cases) {
      const err = await rejection(create({ Name: 'invalid', ...overrides }));
      expect({ name: err.name, message: err.message }).toEqual({
        name: code,
        message: expect.stringMatching(message),
      });
      expect(err.$metadata?.httpStatusCode).toBe(400);
    }
  });

  it('updates a rule in place', async () => {
    const arn = await create({ Name: 'to-update' });
    await client().send(
      new UpdateNotificationRuleCommand({
        Arn: arn,
        Name: 'updated',
        Status: 'DISABLED',
        DetailType: 'BASIC',
        EventTypeIds: [
          'codepipeline-pipeline-manual-approval-needed',
          'codepipeline-pipeline-pipeline-execution-succeeded',
        ],
        Targets: [
          {
            TargetType: 'AWSChatbotSlack',
            TargetAddress: `arn:aws:chatbot::${TOOLS}:chat-configuration/slack-channel/deploys`,
          },
        ],
      }),
    );
    const rule = await client().send(new DescribeNotificationRuleCommand({ Arn: arn }));
    expect(rule).toMatchObject({ Name: 'updated', Status: 'DISABLED', DetailType: 'BASIC' });
    expect(rule.EventTypes!.map((e) => e.EventTypeId)).toEqual([
      'codepipeline-pipeline-manual-approval-needed',
      'codepipeline-pipeline-pipeline-execution-succeeded',
    ]);
    expect(rule.Targets!.map((x) => x.TargetType)).toEqual(['AWSChatbotSlack']);
    const wrongKind = await rejection(
      client().send(
        new UpdateNotificationRuleCommand({
          Arn: arn,
          EventTypeIds: ['codecommit-repository-pull-request-created'],
        }),
      ),
    );
    expect(wrongKind.name).toBe('ValidationException');
  });

  it('lists rules with filters and pages', async () => {
    const build = await create({
      Name: 'build-state',
      Resource: PROJECT_ARN,
      EventTypeIds: ['codebuild-project-build-state-failed'],
    });
    const byResource = await client().send(
      new ListNotificationRulesCommand({ Filters: [{ Name: 'RESOURCE', Value: PROJECT_ARN }] }),
    );
    expect(byResource.NotificationRules).toEqual([{ Id: build.split('/')[1], Arn: build }]);
    const byEvent = await client().send(
      new ListNotificationRulesCommand({
        Filters: [{ Name: 'EVENT_TYPE_ID', Value: 'codebuild-project-build-state-failed' }],
      }),
    );
    expect(byEvent.NotificationRules!.map((r) => r.Arn)).toEqual([build]);
    const all: string[] = [];
    let token: string | undefined;
    do {
      const page = await client().send(new ListNotificationRulesCommand({ MaxResults: 1, NextToken: token }));
      all.push(...page.NotificationRules!.map((r) => r.Arn!));
      token = page.NextToken;
    } while (token);
    expect(all).toContain(build);
    expect(new Set(all).size).toBe(all.length);
  });

  it('subscribes and unsubscribes targets; a used target is deleted only with ForceUnsubscribeAll', async () => {
    const arn = await create({ Name: 'targets', Targets: [] });
    const topic = `arn:aws:sns:us-east-1:${TOOLS}:second-topic`;
    await client().send(
      new SubscribeCommand({ Arn: arn, Target: { TargetType: 'SNS', TargetAddress: topic } }),
    );
    const listed = await client().send(
      new ListTargetsCommand({ Filters: [{ Name: 'TARGET_ADDRESS', Value: topic }] }),
    );
    expect(listed.Targets).toEqual([{ TargetAddress: topic, TargetType: 'SNS', TargetStatus: 'ACTIVE' }]);
    const used = await rejection(client().send(new DeleteTargetCommand({ TargetAddress: topic })));
    expect(used.name).toBe('ValidationException');
    await client().send(new UnsubscribeCommand({ Arn: arn, TargetAddress: topic }));
    expect((await client().send(new DescribeNotificationRuleCommand({ Arn: arn }))).Targets).toEqual([]);
    await client().send(
      new SubscribeCommand({ Arn: arn, Target: { TargetType: 'SNS', TargetAddress: topic } }),
    );
    await client().send(new DeleteTargetCommand({ TargetAddress: topic, ForceUnsubscribeAll: true }));
    expect((await client().send(new DescribeNotificationRuleCommand({ Arn: arn }))).Targets).toEqual([]);
    const gone = await client().send(
      new ListTargetsCommand({ Filters: [{ Name: 'TARGET_ADDRESS', Value: topic }] }),
    );
    expect(gone.Targets).toEqual([]);
  });

  it('tags, untags and lists tags', async () => {
    const arn = await create({ Name: 'tagged', Tags: { a: '1' } });
    const tagged = await client().send(new TagResourceCommand({ Arn: arn, Tags: { b: '2', a: 'one' } }));
    expect(tagged.Tags).toEqual({ a: 'one', b: '2' });
    await client().send(new UntagResourceCommand({ Arn: arn, TagKeys: ['a'] }));
    expect((await client().send(new ListTagsForResourceCommand({ Arn: arn }))).Tags).toEqual({ b: '2' });
    const reserved = await rejection(
      client().send(new TagResourceCommand({ Arn: arn, Tags: { 'aws:x': 'y' } })),
    );
    expect(reserved.name).toBe('ValidationException');
  });

  it('deletes a rule; deleting it again succeeds and describing it answers ResourceNotFoundException', async () => {
    const arn = await create({ Name: 'to-delete' });
    expect((await client().send(new DeleteNotificationRuleCommand({ Arn: arn }))).Arn).toBe(arn);
    expect((await client().send(new DeleteNotificationRuleCommand({ Arn: arn }))).Arn).toBe(arn);
    const err = await rejection(client().send(new DescribeNotificationRuleCommand({ Arn: arn })));
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.$metadata?.httpStatusCode).toBe(404);
  });
});

describe('permissions', () => {
  it('authorizes codestar-notifications:<Action> on the rule ARN with NotificationsForResource', async () => {
    const iam = t.iam(root);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'notifier',
        AssumeRolePolicyDocument: trustPolicy({ Principal: { AWS: `arn:aws:iam::${TOOLS}:root` } }),
      }),
    );
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'notifier',
        PolicyName: 'project-rules-only',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['codestar-notifications:CreateNotificationRule', 'codestar-notifications:Describe*'],
              Resource: '*',
              Condition: {
                StringLike: { 'codestar-notifications:NotificationsForResource': 'arn:aws:codebuild:*' },
              },
            },
          ],
        }),
      }),
    );
    const session = await t.assume(root, {
      RoleArn: `arn:aws:iam::${TOOLS}:role/notifier`,
      RoleSessionName: 'rules',
    });
    const limited = t.notifications(session);
    const denied = await rejection(
      limited.send(new CreateNotificationRuleCommand(ruleInput({ Name: 'denied' }))),
    );
    expect(denied.name).toBe('AccessDeniedException');
    expect(denied.$metadata?.httpStatusCode).toBe(403);
    expect(denied.message).toMatch(
      new RegExp(
        `^User: arn:aws:sts::${TOOLS}:assumed-role/notifier/rules is not authorized to perform: codestar-notifications:CreateNotificationRule on resource: arn:aws:codestar-notifications:us-east-1:${TOOLS}:notificationrule/[0-9a-f]{40}`,
      ),
    );
    const allowed = await limited.send(
      new CreateNotificationRuleCommand(
        ruleInput({
          Name: 'allowed',
          Resource: PROJECT_ARN,
          EventTypeIds: ['codebuild-project-build-phase-failure'],
        }),
      ),
    );
    const described = await limited.send(new DescribeNotificationRuleCommand({ Arn: allowed.Arn }));
    expect(described.CreatedBy).toBe(`arn:aws:sts::${TOOLS}:assumed-role/notifier/rules`);
    const noDelete = await rejection(limited.send(new DeleteNotificationRuleCommand({ Arn: allowed.Arn })));
    expect(noDelete.name).toBe('AccessDeniedException');
  });
});
