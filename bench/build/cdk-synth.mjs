/**
 * The CDK side of the build benchmark: the same orchestration fleetpipe
 * builds, written with aws-cdk-lib and synthesized with `app.synth()`.
 *
 *   node build/cdk-synth.mjs --spec <project.json> --out <cdk.out> [--style l2|l1]
 *
 * <project.json> is what generate.mjs returns. One root stack (parameters
 * ArtifactBucket and ArtifactPrefix, as in fleetpipe's orchestration
 * template) holds one NestedStack per function; each nested stack holds what
 * fleetpipe's function template holds: execution role with an inline policy,
 * log group with retention, the function (code from the artifact bucket via
 * parameters: Code.fromBucket, no asset bundling), and for a Config rule the
 * rule plus its invoke permission, for a schedule an EventBridge rule plus
 * its target and permission; the same tags on every resource; the same
 * outputs.
 *
 * --style l2 (default) uses the constructs a CDK user writes (iam.Role,
 * logs.LogGroup, lambda.Function, config.CustomRule, events.Rule with
 * targets.LambdaFunction); --style l1 uses the Cfn* classes only (CDK's
 * cheapest path). Version reporting is off so both sides create the same
 * resources; everything else is CDK's default (tree.json, asset manifest).
 * Runs fully offline: the stacks are environment-agnostic.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  App,
  CfnOutput,
  CfnParameter,
  Duration,
  Fn,
  NestedStack,
  RemovalPolicy,
  Stack,
  Tags,
} from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';

const Frequency = {
  One_Hour: config.MaximumExecutionFrequency.ONE_HOUR,
  Three_Hours: config.MaximumExecutionFrequency.THREE_HOURS,
  Six_Hours: config.MaximumExecutionFrequency.SIX_HOURS,
  Twelve_Hours: config.MaximumExecutionFrequency.TWELVE_HOURS,
  TwentyFour_Hours: config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS,
};

const logicalId = (dir) => dir.replace(/(^|-)([a-z0-9])/g, (_m, _dash, c) => c.toUpperCase());

function logWritePolicy(fn) {
  return new iam.PolicyStatement({
    sid: 'FleetpipeWriteOwnLogs',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [
      Fn.sub(
        `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${fn.name}:*`,
      ),
    ],
  });
}

function policyStatements(fn) {
  const statements = [logWritePolicy(fn)];
  if (fn.configRule) {
    statements.push(
      new iam.PolicyStatement({
        sid: 'FleetpipeConfigPutEvaluations',
        actions: ['config:PutEvaluations'],
        resources: ['*'],
      }),
    );
  }
  for (const s of fn.iamStatements) {
    statements.push(new iam.PolicyStatement({ sid: s.sid, actions: s.actions, resources: s.resources }));
  }
  return statements;
}

function runtimeOf(fn) {
  return fn.runtime.startsWith('python') ? lambda.Runtime.PYTHON_3_13 : lambda.Runtime.NODEJS_22_X;
}

function outputs(scope, ids) {
  new CfnOutput(scope, 'FunctionArn', { description: 'ARN of the function', value: ids.functionArn });
  new CfnOutput(scope, 'FunctionName', { description: 'Name of the function', value: ids.functionName });
  new CfnOutput(scope, 'RoleArn', { description: 'ARN of the execution role', value: ids.roleArn });
  new CfnOutput(scope, 'LogGroupName', { description: 'Log group of the function', value: ids.logGroupName });
  if (ids.configRuleName !== undefined) {
    new CfnOutput(scope, 'ConfigRuleName', {
      description: 'Name of the AWS Config rule',
      value: ids.configRuleName,
    });
  }
}

/** What a CDK user writes: L2 constructs. */
function l2Resources(scope, fn, code) {
  const role = new iam.Role(scope, 'ExecutionRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of the Lambda function ${fn.name} (fleetpipe)`,
    inlinePolicies: { 'fleetpipe-execution': new iam.PolicyDocument({ statements: policyStatements(fn) }) },
  });
  const logGroup = new logs.LogGroup(scope, 'LogGroup', {
    logGroupName: `/aws/lambda/${fn.name}`,
    retention: fn.logRetentionDays,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const bucket = s3.Bucket.fromBucketName(scope, 'CodeBucketRef', code.bucket);
  const handler = new lambda.Function(scope, 'Function', {
    functionName: fn.name,
    description: fn.description,
    runtime: runtimeOf(fn),
    handler: fn.handler,
    architecture: fn.architecture === 'arm64' ? lambda.Architecture.ARM_64 : lambda.Architecture.X86_64,
    memorySize: fn.memorySize,
    timeout: Duration.seconds(fn.timeout),
    role,
    code: lambda.Code.fromBucket(bucket, code.key),
    environment: Object.keys(fn.environment).length > 0 ? fn.environment : undefined,
    logGroup,
  });
  let configRuleName;
  if (fn.configRule) {
    const rule = fn.configRule;
    const custom = new config.CustomRule(scope, 'ConfigRule', {
      lambdaFunction: handler,
      description: rule.description,
      configurationChanges: rule.resourceTypes !== undefined,
      periodic: rule.frequency !== undefined,
      maximumExecutionFrequency: rule.frequency ? Frequency[rule.frequency] : undefined,
      ruleScope: rule.resourceTypes
        ? config.RuleScope.fromResources(rule.resourceTypes.map((t) => config.ResourceType.of(t)))
        : undefined,
      inputParameters: rule.inputParameters,
    });
    configRuleName = custom.configRuleName;
  }
  if (fn.schedule) {
    new events.Rule(scope, 'Schedule', {
      description: `Schedule of ${fn.name} (fleetpipe)`,
      schedule: events.Schedule.expression(fn.schedule),
      targets: [new targets.LambdaFunction(handler)],
    });
  }
  return {
    functionArn: handler.functionArn,
    functionName: handler.functionName,
    roleArn: role.roleArn,
    logGroupName: logGroup.logGroupName,
    configRuleName,
  };
}

/** CDK's cheapest path: Cfn* classes only. */
function l1Resources(scope, fn, code) {
  const role = new iam.CfnRole(scope, 'ExecutionRole', {
    description: `Execution role of the Lambda function ${fn.name} (fleetpipe)`,
    assumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ],
    },
    policies: [
      {
        policyName: 'fleetpipe-execution',
        policyDocument: new iam.PolicyDocument({ statements: policyStatements(fn) }),
      },
    ],
  });
  const logGroup = new logs.CfnLogGroup(scope, 'LogGroup', {
    logGroupName: `/aws/lambda/${fn.name}`,
    retentionInDays: fn.logRetentionDays,
  });
  logGroup.applyRemovalPolicy(RemovalPolicy.DESTROY);
  const handler = new lambda.CfnFunction(scope, 'Function', {
    functionName: fn.name,
    description: fn.description,
    runtime: fn.runtime,
    handler: fn.handler,
    architectures: [fn.architecture],
    memorySize: fn.memorySize,
    timeout: fn.timeout,
    role: role.attrArn,
    code: { s3Bucket: code.bucket, s3Key: code.key },
    environment: Object.keys(fn.environment).length > 0 ? { variables: fn.environment } : undefined,
    loggingConfig: { logGroup: logGroup.ref },
  });
  let configRuleName;
  if (fn.configRule) {
    const rule = fn.configRule;
    const permission = new lambda.CfnPermission(scope, 'ConfigRulePermission', {
      action: 'lambda:InvokeFunction',
      functionName: handler.attrArn,
      principal: 'config.amazonaws.com',
      sourceAccount: Stack.of(scope).account,
    });
    const sourceDetails = [];
    if (rule.resourceTypes) {
      sourceDetails.push(
        { eventSource: 'aws.config', messageType: 'ConfigurationItemChangeNotification' },
        { eventSource: 'aws.config', messageType: 'OversizedConfigurationItemChangeNotification' },
      );
    }
    if (rule.frequency) {
      sourceDetails.push({
        eventSource: 'aws.config',
        messageType: 'ScheduledNotification',
        maximumExecutionFrequency: rule.frequency,
      });
    }
    const cfnRule = new config.CfnConfigRule(scope, 'ConfigRule', {
      description: rule.description,
      source: { owner: 'CUSTOM_LAMBDA', sourceIdentifier: handler.attrArn, sourceDetails },
      scope: rule.resourceTypes ? { complianceResourceTypes: rule.resourceTypes } : undefined,
      inputParameters: rule.inputParameters,
      maximumExecutionFrequency: rule.frequency,
    });
    cfnRule.node.addDependency(permission);
    configRuleName = cfnRule.ref;
  }
  if (fn.schedule) {
    const schedule = new events.CfnRule(scope, 'Schedule', {
      description: `Schedule of ${fn.name} (fleetpipe)`,
      scheduleExpression: fn.schedule,
      state: 'ENABLED',
      targets: [{ arn: handler.attrArn, id: 'Function' }],
    });
    new lambda.CfnPermission(scope, 'SchedulePermission', {
      action: 'lambda:InvokeFunction',
      functionName: handler.attrArn,
      principal: 'events.amazonaws.com',
      sourceArn: schedule.attrArn,
    });
  }
  return {
    functionArn: handler.attrArn,
    functionName: handler.ref,
    roleArn: role.attrArn,
    logGroupName: logGroup.ref,
    configRuleName,
  };
}

class FunctionStack extends NestedStack {
  constructor(scope, id, { fn, project, style, artifact }) {
    super(scope, id, {
      description: `fleetpipe function ${fn.name} (project ${project})`,
      parameters: {
        CodeBucket: artifact.bucket,
        CodeKey: Fn.join('', [artifact.prefix, `functions/${fn.name}/code.zip`]),
      },
    });
    const code = {
      bucket: new CfnParameter(this, 'CodeBucket', { description: "Bucket holding the function's zip" })
        .valueAsString,
      key: new CfnParameter(this, 'CodeKey', { description: "Key of the function's zip" }).valueAsString,
    };
    const ids = style === 'l1' ? l1Resources(this, fn, code) : l2Resources(this, fn, code);
    outputs(this, ids);
    for (const [key, value] of Object.entries(fn.tags)) Tags.of(this).add(key, value);
    Tags.of(this).add('fleetpipe:project', project);
    Tags.of(this).add('fleetpipe:function', fn.name);
  }
}

function main() {
  const { values } = parseArgs({
    options: {
      spec: { type: 'string' },
      out: { type: 'string' },
      style: { type: 'string', default: 'l2' },
    },
  });
  if (!values.spec || !values.out || !['l1', 'l2'].includes(values.style)) {
    process.stderr.write(
      'usage: node build/cdk-synth.mjs --spec <project.json> --out <dir> [--style l2|l1]\n',
    );
    process.exit(2);
  }
  const spec = JSON.parse(readFileSync(values.spec, 'utf8'));
  const app = new App({ outdir: values.out, analyticsReporting: false });
  const root = new Stack(app, `${spec.project}-orchestration`, {
    description: `fleetpipe orchestration for project ${spec.project}: ${spec.functions.length} functions`,
  });
  const artifact = {
    bucket: new CfnParameter(root, 'ArtifactBucket', { description: "fleetpipe's artifact bucket" })
      .valueAsString,
    prefix: new CfnParameter(root, 'ArtifactPrefix', {
      default: '',
      description: 'Key prefix of the artifact',
    }).valueAsString,
  };
  for (const fn of spec.functions) {
    new FunctionStack(root, logicalId(fn.dir), { fn, project: spec.project, style: values.style, artifact });
  }
  app.synth();
}

main();
