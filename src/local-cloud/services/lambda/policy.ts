/**
 * Function resource policies: AddPermission input → a policy statement, and the policy document as
 * Lambda returns it (`{"Version":"2012-10-17","Id":"default","Statement":[…]}`). Each function version
 * or alias has its own policy; here they share one list, told apart by each statement's Resource. Pure.
 */
import { LambdaErrors } from './errors.js';
import type { PolicyStatement } from './state.js';

export interface AddPermissionInput {
  StatementId?: unknown;
  Action?: unknown;
  Principal?: unknown;
  SourceArn?: unknown;
  SourceAccount?: unknown;
  PrincipalOrgID?: unknown;
  FunctionUrlAuthType?: unknown;
}

const SID = /^([a-zA-Z0-9-_.]+)$/;
const ACTION = /^(lambda:[*]|lambda:[a-zA-Z]+|[*])$/;

function principalOf(value: unknown): PolicyStatement['Principal'] {
  if (typeof value !== 'string' || value.length === 0) {
    throw LambdaErrors.validation(
      'principal',
      value,
      'Member must satisfy regular expression pattern: [^\\s]+',
    );
  }
  if (value === '*') return '*';
  if (/^\d{12}$/.test(value)) return { AWS: `arn:aws:iam::${value}:root` };
  if (value.startsWith('arn:')) return { AWS: value };
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/.test(value)) return { Service: value };
  throw LambdaErrors.invalid('The provided principal was invalid. Please check the principal and try again.');
}

/** The statement AddPermission adds for `resource` (the function ARN, qualified when a qualifier is given). */
export function statementFrom(input: AddPermissionInput, resource: string): PolicyStatement {
  const sid = input.StatementId;
  if (typeof sid !== 'string' || !SID.test(sid) || sid.length > 100) {
    throw LambdaErrors.validation(
      'statementId',
      sid,
      'Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)',
    );
  }
  const action = input.Action;
  if (typeof action !== 'string' || !ACTION.test(action)) {
    throw LambdaErrors.validation(
      'action',
      action,
      'Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])',
    );
  }
  const condition: Record<string, Record<string, string>> = {};
  const add = (operator: string, key: string, value: unknown) => {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') throw LambdaErrors.invalid(`${key} must be a string.`);
    condition[operator] = { ...condition[operator], [key]: value };
  };
  add('StringEquals', 'AWS:SourceAccount', input.SourceAccount);
  add('StringEquals', 'aws:PrincipalOrgID', input.PrincipalOrgID);
  add('StringEquals', 'lambda:FunctionUrlAuthType', input.FunctionUrlAuthType);
  add('ArnLike', 'AWS:SourceArn', input.SourceArn);
  const statement: PolicyStatement = {
    Sid: sid,
    Effect: 'Allow',
    Principal: principalOf(input.Principal),
    Action: action,
    Resource: resource,
  };
  if (Object.keys(condition).length > 0) statement.Condition = condition;
  return statement;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Id: 'default', Statement: statements });
}

/** The statements of one version or alias (by its ARN). */
export function statementsFor(all: readonly PolicyStatement[], resource: string): PolicyStatement[] {
  return all.filter((s) => s.Resource === resource);
}
