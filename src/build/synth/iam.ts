/**
 * The execution role of one function, least privilege: Lambda may assume it,
 * it may write to its own log group, and it holds exactly the statements its
 * function.yaml declares (plus config:PutEvaluations for a Config rule).
 */
import type { IamStatement } from '../../config/schema.js';
import { FleetpipeError } from '../../errors.js';
import { IamLimits } from '../../limits.js';
import { type CfnObject, type CfnTag, type CfnValue, escapeSub, resource, sub } from './cfn.js';

export interface PolicyStatement extends CfnObject {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: CfnValue[];
  Condition?: CfnObject;
}

export interface PolicyDocument extends CfnObject {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * Trust: the Lambda service principal, nothing else. There is deliberately no
 * `aws:SourceAccount` condition: Lambda's execution-role documentation does
 * not list the confused-deputy keys for this trust, a condition Lambda does
 * not send would make CreateFunction fail in every account, and the threat it
 * guards against does not apply — an execution role can only be handed to
 * Lambda by someone allowed iam:PassRole in the role's own account.
 */
export function lambdaTrustPolicy(): CfnObject {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ],
  };
}

/** Pseudo parameters a declared resource or condition value may use; they differ per account and region. */
const PseudoParameters = ['AWS::AccountId', 'AWS::Partition', 'AWS::Region', 'AWS::URLSuffix'] as const;
const pseudoPattern = new RegExp(`\\$\\{(${PseudoParameters.join('|')})\\}`);

/**
 * A string from function.yaml as a policy value. One artifact is deployed to
 * every account and region, so `${AWS::AccountId}`, `${AWS::Region}`,
 * `${AWS::Partition}` and `${AWS::URLSuffix}` are resolved by CloudFormation
 * (Fn::Sub). Every other `${…}` — IAM policy variables such as
 * `${aws:username}` — stays literal.
 */
export function policyValue(text: string): CfnValue {
  if (!pseudoPattern.test(text)) return text;
  const parts = text.split(new RegExp(`(\\$\\{(?:${PseudoParameters.join('|')})\\})`));
  return sub(parts.map((part, i) => (i % 2 === 1 ? part : escapeSub(part))).join(''));
}

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** A statement of function.yaml (`iam.statements`) as IAM JSON. */
export function toPolicyStatement(statement: IamStatement): PolicyStatement {
  const out: PolicyStatement = {
    ...(statement.sid !== undefined && { Sid: statement.sid }),
    Effect: statement.effect,
    Action: asList(statement.actions),
    Resource: asList(statement.resources).map(policyValue),
  };
  if (statement.conditions !== undefined) {
    const condition: CfnObject = {};
    for (const [operator, entries] of Object.entries(statement.conditions)) {
      const keys: CfnObject = {};
      for (const [key, value] of Object.entries(entries)) {
        keys[key] = Array.isArray(value) ? value.map(policyValue) : policyValue(value);
      }
      condition[operator] = keys;
    }
    out.Condition = condition;
  }
  return out;
}

/** Logs of the function's own log group, and nothing else (no CreateLogGroup: the stack creates it). */
export function ownLogGroupStatement(functionName: string): PolicyStatement {
  return {
    Sid: 'FleetpipeWriteOwnLogs',
    Effect: 'Allow',
    Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    Resource: [
      sub(
        `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${escapeSub(functionName)}:*`,
      ),
    ],
  };
}

/** A custom Config rule reports its results with PutEvaluations, which has no resource-level permissions. */
export function configEvaluationsStatement(): PolicyStatement {
  return {
    Sid: 'FleetpipeConfigPutEvaluations',
    Effect: 'Allow',
    Action: ['config:PutEvaluations'],
    Resource: ['*'],
  };
}

export interface ExecutionPolicyInput {
  functionName: string;
  statements: IamStatement[];
  configRule: boolean;
}

export function executionPolicy(input: ExecutionPolicyInput): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      ownLogGroupStatement(input.functionName),
      ...(input.configRule ? [configEvaluationsStatement()] : []),
      ...input.statements.map(toPolicyStatement),
    ],
  };
}

/** Resolved lengths of pseudo parameters, longest value in any partition (`aws-us-gov`, `ap-southeast-4`). */
const pseudoWorstCase: Record<string, string> = {
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws-us-gov',
  'AWS::Region': 'ap-southeast-4',
  'AWS::URLSuffix': 'amazonaws.com.cn',
};

/**
 * The size IAM will count for an inline policy: characters without whitespace,
 * after CloudFormation has resolved Fn::Sub (worst case per pseudo parameter).
 */
export function policySize(document: CfnValue): number {
  const resolved = JSON.stringify(document, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && 'Fn::Sub' in value) {
      const text = (value as { 'Fn::Sub': string })['Fn::Sub'];
      return text
        .replace(/\$\{([^}!]+)\}/g, (_m, name: string) => pseudoWorstCase[name] ?? name)
        .replaceAll('${!', '${');
    }
    return value;
  });
  return resolved.replace(/\s/g, '').length;
}

export interface ExecutionRoleInput extends ExecutionPolicyInput {
  tags: CfnTag[];
  /** function.yaml, for the error message when the policy is too large. */
  configFile?: string;
}

/**
 * The role has no RoleName: CloudFormation names it after the stack plus a
 * random suffix. Role names are global in an account, and one artifact is
 * deployed to many regions of the same account; a fixed name would collide.
 */
export function executionRole(input: ExecutionRoleInput) {
  const document = executionPolicy(input);
  const size = policySize(document);
  if (size > IamLimits.maxRoleInlinePolicyBytes) {
    throw new FleetpipeError(
      'IamPolicyTooLarge',
      `The execution role policy of ${input.functionName} would be about ${size} characters; IAM allows ${IamLimits.maxRoleInlinePolicyBytes} for a role's inline policies.`,
      {
        file: input.configFile,
        hint: 'Merge statements that share an effect, or use wildcards in resource ARNs (iam.statements in function.yaml).',
      },
    );
  }
  return resource('AWS::IAM::Role', {
    Description: `Execution role of the Lambda function ${input.functionName} (fleetpipe)`,
    AssumeRolePolicyDocument: lambdaTrustPolicy(),
    Policies: [{ PolicyName: 'fleetpipe-execution', PolicyDocument: document }],
    Tags: input.tags,
  });
}
