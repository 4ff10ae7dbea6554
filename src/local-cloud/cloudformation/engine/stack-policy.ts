/**
 * Stack policies: which update actions (`Update:Modify`, `Update:Replace`, `Update:Delete`) a stack
 * update may take on which resources (`LogicalResourceId/<id>`, wildcards allowed, optionally narrowed
 * by `ResourceType`). Once a stack has a policy, everything it does not allow is denied; an explicit Deny
 * wins over any Allow. Pure.
 *
 *   const policy = parseStackPolicy(body);                       // throws ValidationError when malformed
 *   stackPolicyDecision(policy, { action: 'Update:Replace', logicalId: 'Db', resourceType: 'AWS::RDS::DBInstance' })
 *     // 'allow' | 'deny' (explicit) | 'implicit-deny'
 */
import { AwsError } from '../../http/index.js';

export type UpdateAction = 'Update:Modify' | 'Update:Replace' | 'Update:Delete';

interface Statement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  notActions: boolean;
  resources: string[];
  notResources: boolean;
  /** ResourceType values, with the operator that matches them. */
  resourceTypes?: { like: boolean; values: string[] };
}

export interface StackPolicy {
  statements: Statement[];
}

const ACTIONS = new Set(['Update:*', 'Update:Modify', 'Update:Replace', 'Update:Delete']);

function invalid(detail: string): AwsError {
  return new AwsError('ValidationError', `Invalid stack policy: ${detail}`);
}

function stringList(value: unknown, field: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((v) => typeof v !== 'string')) {
    throw invalid(`${field} must be a string or a list of strings`);
  }
  return list as string[];
}

function pick(
  raw: Record<string, unknown>,
  name: string,
  notName: string,
): { values: string[]; not: boolean } {
  if (raw[name] !== undefined && raw[notName] !== undefined) {
    throw invalid(`a statement cannot have both ${name} and ${notName}`);
  }
  if (raw[name] !== undefined) return { values: stringList(raw[name], name), not: false };
  if (raw[notName] !== undefined) return { values: stringList(raw[notName], notName), not: true };
  throw invalid(`every statement needs ${name} or ${notName}`);
}

function condition(raw: unknown): Statement['resourceTypes'] {
  if (raw === undefined) return undefined;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw invalid('Condition must be an object');
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length !== 1) throw invalid('Condition must have exactly one operator');
  const [operator, block] = entries[0]!;
  if (operator !== 'StringEquals' && operator !== 'StringLike') {
    throw invalid(`condition operator ${operator} is not supported (StringEquals, StringLike)`);
  }
  if (block === null || typeof block !== 'object' || Array.isArray(block)) {
    throw invalid(`${operator} must be an object`);
  }
  const keys = Object.keys(block);
  if (keys.length !== 1 || keys[0] !== 'ResourceType')
    throw invalid('the only condition key is ResourceType');
  return {
    like: operator === 'StringLike',
    values: stringList((block as Record<string, unknown>).ResourceType, 'ResourceType'),
  };
}

function statement(raw: unknown): Statement {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw invalid('a statement must be an object');
  const s = raw as Record<string, unknown>;
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw invalid('Effect must be Allow or Deny');
  if (s.Principal !== '*') throw invalid('Principal must be "*"');
  const actions = pick(s, 'Action', 'NotAction');
  for (const action of actions.values) {
    if (!ACTIONS.has(action)) {
      throw invalid(`${action} is not an action (Update:Modify, Update:Replace, Update:Delete, Update:*)`);
    }
  }
  const resources = pick(s, 'Resource', 'NotResource');
  for (const resource of resources.values) {
    if (resource !== '*' && !resource.startsWith('LogicalResourceId/')) {
      throw invalid(`resource ${resource} must be "*" or "LogicalResourceId/<logical ID>"`);
    }
  }
  const parsed: Statement = {
    effect: s.Effect,
    actions: actions.values,
    notActions: actions.not,
    resources: resources.values,
    notResources: resources.not,
  };
  const types = condition(s.Condition);
  if (types) parsed.resourceTypes = types;
  return parsed;
}

/** Parses and checks a stack policy document. */
export function parseStackPolicy(body: string): StackPolicy {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    throw invalid('the policy is not valid JSON');
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw invalid('the policy must be a JSON object');
  }
  const statements = (document as Record<string, unknown>).Statement;
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  if (list.length === 0) throw invalid('the policy needs a Statement');
  return { statements: list.map(statement) };
}

function wildcard(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}

function matches(
  s: Statement,
  request: { action: UpdateAction; logicalId: string; resourceType: string },
): boolean {
  const actionHit = s.actions.some((a) => a === 'Update:*' || a === request.action);
  if (actionHit === s.notActions) return false;
  const resource = `LogicalResourceId/${request.logicalId}`;
  const resourceHit = s.resources.some((r) => r === '*' || wildcard(r, resource));
  if (resourceHit === s.notResources) return false;
  if (!s.resourceTypes) return true;
  const { like, values } = s.resourceTypes;
  return values.some((v) => (like ? wildcard(v, request.resourceType) : v === request.resourceType));
}

export type PolicyDecision = 'allow' | 'deny' | 'implicit-deny';

export function stackPolicyDecision(
  policy: StackPolicy,
  request: { action: UpdateAction; logicalId: string; resourceType: string },
): PolicyDecision {
  const hits = policy.statements.filter((s) => matches(s, request));
  if (hits.some((s) => s.effect === 'Deny')) return 'deny';
  return hits.some((s) => s.effect === 'Allow') ? 'allow' : 'implicit-deny';
}

/** The ResourceStatusReason of an update the stack policy refuses. */
export function stackPolicyReason(decision: PolicyDecision, action: UpdateAction): string {
  return decision === 'deny'
    ? `Action denied by stack policy: ${action}`
    : `Action not allowed by stack policy: ${action}`;
}
