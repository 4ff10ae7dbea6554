/**
 * The child template of one function: role, log group, function, and the
 * Config rule and/or schedule that invoke it. Its code comes in as the
 * parameters CodeBucket and CodeKey, so the same template serves every region.
 */
import type { ConfigRuleSpec, FunctionSpec, PackagedFunction, ScheduleSpec } from '../types.js';
import {
  type CfnObject,
  type CfnOutput,
  type CfnResource,
  type CfnTag,
  type CfnTemplate,
  getAtt,
  ref,
  resource,
  sortKeysDeep,
  tagList,
  template,
} from './cfn.js';
import { executionRole } from './iam.js';

/** Logical IDs inside a function template (fixed: the template is per function). */
export const FunctionResourceIds = {
  role: 'ExecutionRole',
  logGroup: 'LogGroup',
  function: 'Function',
  configPermission: 'ConfigRulePermission',
  configRule: 'ConfigRule',
  schedule: 'Schedule',
  schedulePermission: 'SchedulePermission',
} as const;

export const FunctionTemplateParameters = { codeBucket: 'CodeBucket', codeKey: 'CodeKey' } as const;

/** Tags fleetpipe puts on everything it creates for a function; they win over user tags of the same key. */
export function functionTags(project: string, spec: FunctionSpec): CfnTag[] {
  return tagList({ ...spec.tags, 'fleetpipe:project': project, 'fleetpipe:function': spec.name });
}

export interface FunctionTemplateInput {
  project: string;
  fn: PackagedFunction;
}

export function buildFunctionTemplate({ project, fn }: FunctionTemplateInput): CfnTemplate {
  const { spec } = fn;
  const ids = FunctionResourceIds;
  const tags = functionTags(project, spec);
  const resources: Record<string, CfnResource> = {
    [ids.role]: executionRole({
      functionName: spec.name,
      statements: spec.iamStatements,
      configRule: spec.configRule !== undefined,
      tags,
      configFile: spec.configFile,
    }),
    [ids.logGroup]: logGroup(spec, tags),
    [ids.function]: lambdaFunction(spec, tags),
  };
  const outputs: Record<string, CfnOutput> = {
    FunctionArn: { Description: 'ARN of the function', Value: getAtt(ids.function, 'Arn') },
    FunctionName: { Description: 'Name of the function', Value: ref(ids.function) },
    RoleArn: { Description: 'ARN of the execution role', Value: getAtt(ids.role, 'Arn') },
    LogGroupName: { Description: 'Log group of the function', Value: ref(ids.logGroup) },
  };
  if (spec.configRule) {
    resources[ids.configPermission] = invokePermission({
      principal: 'config.amazonaws.com',
      sourceAccount: true,
    });
    resources[ids.configRule] = configRule(spec.configRule);
    outputs.ConfigRuleName = { Description: 'Name of the AWS Config rule', Value: ref(ids.configRule) };
  }
  if (spec.schedule) {
    resources[ids.schedule] = scheduleRule(spec, spec.schedule, tags);
    resources[ids.schedulePermission] = invokePermission({
      principal: 'events.amazonaws.com',
      sourceArn: getAtt(ids.schedule, 'Arn'),
    });
  }
  return template({
    description: `fleetpipe function ${spec.name} (project ${project})`,
    // The code's hash makes the template content-addressed by code as well:
    // the template names exactly the zip it was built with.
    metadata: { fleetpipe: { project, function: spec.name, codeSha256: fn.codeSha256 } },
    parameters: {
      [FunctionTemplateParameters.codeBucket]: {
        Type: 'String',
        Description: "Bucket holding the function's zip (in the stack's region)",
      },
      [FunctionTemplateParameters.codeKey]: { Type: 'String', Description: "Key of the function's zip" },
    },
    resources,
    outputs,
  });
}

/**
 * The log group exists before the function (LoggingConfig refers to it), so
 * the role needs no logs:CreateLogGroup. DeletionPolicy is Delete on purpose:
 * a retained group named /aws/lambda/<name> would make the next creation of
 * the same function fail with "already exists" — after a function is removed
 * and added back, after a target filter turns a region off and on again, or
 * when a failed first deployment is retried. Compliance results live in AWS
 * Config, not in these logs; RetentionInDays bounds them while they exist.
 */
function logGroup(spec: FunctionSpec, tags: CfnTag[]): CfnResource {
  return resource(
    'AWS::Logs::LogGroup',
    { LogGroupName: `/aws/lambda/${spec.name}`, RetentionInDays: spec.logRetentionDays, Tags: tags },
    { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' },
  );
}

function lambdaFunction(spec: FunctionSpec, tags: CfnTag[]): CfnResource {
  const ids = FunctionResourceIds;
  const envNames = Object.keys(spec.environment);
  return resource('AWS::Lambda::Function', {
    FunctionName: spec.name,
    Description: spec.description,
    Runtime: spec.runtime,
    Handler: spec.handler,
    Architectures: [spec.architecture],
    MemorySize: spec.memorySize,
    Timeout: spec.timeout,
    Role: getAtt(ids.role, 'Arn'),
    Code: {
      S3Bucket: ref(FunctionTemplateParameters.codeBucket),
      S3Key: ref(FunctionTemplateParameters.codeKey),
    },
    Environment: envNames.length > 0 ? { Variables: sortKeysDeep(spec.environment) } : undefined,
    ReservedConcurrentExecutions: spec.reservedConcurrency,
    LoggingConfig: { LogGroup: ref(ids.logGroup) },
    Tags: tags,
  });
}

interface PermissionInput {
  principal: string;
  sourceArn?: CfnObject;
  sourceAccount?: boolean;
}

/**
 * Lets one AWS service invoke the function. Config gets SourceAccount (AWS
 * Config's documented form). EventBridge gets SourceArn — the rule's ARN,
 * which already pins the account — and no SourceAccount: EventBridge's own
 * examples grant by rule ARN only.
 */
function invokePermission(input: PermissionInput): CfnResource {
  return resource('AWS::Lambda::Permission', {
    Action: 'lambda:InvokeFunction',
    FunctionName: getAtt(FunctionResourceIds.function, 'Arn'),
    Principal: input.principal,
    SourceAccount: input.sourceAccount ? ref('AWS::AccountId') : undefined,
    SourceArn: input.sourceArn,
  });
}

function configRule(rule: ConfigRuleSpec): CfnResource {
  const changeTriggered = rule.resourceTypes !== undefined;
  const sourceDetails: CfnObject[] = [];
  if (changeTriggered) {
    sourceDetails.push(
      { EventSource: 'aws.config', MessageType: 'ConfigurationItemChangeNotification' },
      { EventSource: 'aws.config', MessageType: 'OversizedConfigurationItemChangeNotification' },
    );
  }
  if (rule.frequency !== undefined) {
    sourceDetails.push({
      EventSource: 'aws.config',
      MessageType: 'ScheduledNotification',
      MaximumExecutionFrequency: rule.frequency,
    });
  }
  const scope: CfnObject = {
    ComplianceResourceTypes: rule.resourceTypes,
    TagKey: rule.scope?.tagKey,
    TagValue: rule.scope?.tagValue,
    ComplianceResourceId: rule.scope?.resourceId,
  };
  const hasScope = Object.values(scope).some((v) => v !== undefined);
  return resource(
    'AWS::Config::ConfigRule',
    {
      ConfigRuleName: rule.name,
      Description: rule.description,
      Source: {
        Owner: 'CUSTOM_LAMBDA',
        SourceIdentifier: getAtt(FunctionResourceIds.function, 'Arn'),
        SourceDetails: sourceDetails,
      },
      Scope: hasScope ? scope : undefined,
      InputParameters: rule.inputParameters ? sortKeysDeep(rule.inputParameters) : undefined,
      MaximumExecutionFrequency: rule.frequency,
    },
    // Config calls the function when the rule is created: the permission must exist first.
    { DependsOn: [FunctionResourceIds.configPermission] },
  );
}

/** No Name: CloudFormation generates one (rule names are unique per region and at most 64 characters). */
function scheduleRule(spec: FunctionSpec, schedule: ScheduleSpec, tags: CfnTag[]): CfnResource {
  return resource('AWS::Events::Rule', {
    Description: `Schedule of ${spec.name} (fleetpipe)`,
    ScheduleExpression: schedule.expression,
    State: schedule.enabled ? 'ENABLED' : 'DISABLED',
    Targets: [
      {
        Arn: getAtt(FunctionResourceIds.function, 'Arn'),
        Id: 'Function',
        Input: schedule.input !== undefined ? JSON.stringify(sortKeysDeep(schedule.input)) : undefined,
      },
    ],
    Tags: tags,
  });
}
