/** Principals and policy builders shared by the IAM evaluator tests. */
import {
  type ConditionBlock,
  type ContextValue,
  type EvaluationInput,
  type EvaluationResult,
  evaluate,
  type PolicyInput,
  type PolicyStatement,
  type RequestPrincipal,
} from '../../../src/local-cloud/iam/index.js';

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
export const ORG_ID = 'o-a1b2c3d4e5';

export interface SessionOptions {
  account?: string;
  role?: string;
  path?: string;
  session?: string;
  orgId?: string;
  orgPaths?: string[];
  tags?: Record<string, string>;
}

export function roleSession(options: SessionOptions = {}): RequestPrincipal {
  const account = options.account ?? ACCOUNT;
  const role = options.role ?? 'Deploy';
  const session = options.session ?? 's1';
  return {
    type: 'AssumedRole',
    arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
    roleArn: `arn:aws:iam::${account}:role${options.path ?? '/'}${role}`,
    accountId: account,
    orgId: options.orgId,
    orgPaths: options.orgPaths,
    tags: options.tags,
  };
}

export function iamUser(name: string, account = ACCOUNT): RequestPrincipal {
  return { type: 'User', arn: `arn:aws:iam::${account}:user/${name}`, accountId: account };
}

export function rootUser(account = ACCOUNT): RequestPrincipal {
  return { type: 'Root', arn: `arn:aws:iam::${account}:root`, accountId: account };
}

export function servicePrincipal(name: string): RequestPrincipal {
  return { type: 'Service', arn: '', accountId: '', servicePrincipal: name };
}

export const anonymous: RequestPrincipal = { type: 'Anonymous', arn: '', accountId: '' };

/** A 2012-10-17 policy document as JSON text. */
export function policy(...statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export function named(name: string, ...statements: PolicyStatement[]): PolicyInput {
  return { name, document: policy(...statements) };
}

export function allow(
  action: string | string[],
  resource: string | string[] = '*',
  extra: Partial<PolicyStatement> = {},
) {
  return { Effect: 'Allow', Action: action, Resource: resource, ...extra } as PolicyStatement;
}

export function deny(
  action: string | string[],
  resource: string | string[] = '*',
  extra: Partial<PolicyStatement> = {},
) {
  return { Effect: 'Deny', Action: action, Resource: resource, ...extra } as PolicyStatement;
}

export const BUCKET = 'arn:aws:s3:::artifacts';
export const OBJECT = 'arn:aws:s3:::artifacts/fn/abc.zip';
export const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/**
 * Evaluates an identity policy holding one Allow statement with `condition` for `s3:GetObject` on
 * OBJECT: true when the request is allowed.
 */
export function conditionHolds(
  condition: ConditionBlock,
  contextKeys: Record<string, ContextValue> = {},
  principal: RequestPrincipal = roleSession(),
  version = '2012-10-17',
): boolean {
  const document = JSON.stringify({
    Version: version,
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }],
  });
  const result = evaluate({
    request: { principal, action: 's3:GetObject', resource: OBJECT, resourceAccount: ACCOUNT, contextKeys },
    identityPolicies: [{ name: 'cond', document }],
  });
  return result.decision === 'Allow';
}

export function run(input: EvaluationInput): EvaluationResult {
  return evaluate(input);
}
