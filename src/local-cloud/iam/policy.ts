/**
 * Reading policy documents: JSON text or an object, validated against the IAM policy grammar for its
 * kind (identity, resource or trust policy) and compiled into matchers once.
 *
 * A malformed document raises a `PolicyError` (`MalformedPolicyDocument`) worded as IAM words it.
 * `validatePolicy` returns the same outcome as a result object instead of throwing.
 */
import { type ArnPattern, compileArnPattern } from './arn.js';
import { type CompiledCondition, compileConditionBlock } from './conditions.js';
import { PolicyError, PolicyMessages } from './errors.js';
import { compilePrincipalBlock, type PrincipalEntry } from './principal.js';
import { parseTemplate, type Template } from './template.js';
import type { PolicyDocument, PolicyGrammar } from './types.js';
import { compileGlob, type Glob } from './wildcard.js';

export const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'] as const;

export interface ResourcePattern {
  readonly template: Template;
  /** The compiled pattern when the resource has no policy variables. */
  readonly fixed: ArnPattern | undefined;
}

export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: { readonly negated: boolean; readonly patterns: readonly Glob[] };
  /** Undefined in trust policies, which have no Resource element: any resource. */
  readonly resources:
    | { readonly negated: boolean; readonly patterns: readonly ResourcePattern[] }
    | undefined;
  /** Undefined in identity policies. */
  readonly principals: { readonly negated: boolean; readonly entries: readonly PrincipalEntry[] } | undefined;
  readonly conditions: readonly CompiledCondition[];
}

export interface CompiledPolicy {
  readonly kind: 'compiled-policy';
  readonly grammar: PolicyGrammar;
  readonly version: string | undefined;
  readonly id: string | undefined;
  readonly statements: readonly CompiledStatement[];
}

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new PolicyError(PolicyMessages.syntax, `${where} is an empty list`);
  for (const item of list) {
    if (typeof item !== 'string') throw new PolicyError(PolicyMessages.syntax, `${where} must hold strings`);
  }
  return list as string[];
}

function compileAction(action: string, where: string): Glob {
  if (action === '*') return compileGlob('*');
  const colons = action.split(':').length - 1;
  if (colons === 0 || action.startsWith(':')) {
    throw new PolicyError(PolicyMessages.actionVendor, `${where}: action ${action}`);
  }
  if (colons > 1) throw new PolicyError(PolicyMessages.actionColons, `${where}: action ${action}`);
  return compileGlob(action, { ignoreCase: true });
}

function compileResource(resource: string, variables: boolean, where: string): ResourcePattern {
  if (resource !== '*' && !resource.startsWith('arn:')) {
    throw new PolicyError(PolicyMessages.resourceFormat(resource), `${where}: resource ${resource}`);
  }
  const template = parseTemplate(resource, { wildcards: true, variables });
  return { template, fixed: template.glob ? compileArnPattern(template.glob) : undefined };
}

function pick(statement: Record<string, unknown>, plain: string, negated: string, where: string) {
  const hasPlain = statement[plain] !== undefined;
  const hasNegated = statement[negated] !== undefined;
  if (hasPlain && hasNegated) {
    throw new PolicyError(PolicyMessages.syntax, `${where}: use either ${plain} or ${negated}, not both`);
  }
  if (!hasPlain && !hasNegated) return undefined;
  return { negated: hasNegated, value: hasNegated ? statement[negated] : statement[plain] };
}

function compileStatement(
  raw: unknown,
  index: number,
  grammar: PolicyGrammar,
  variables: boolean,
): CompiledStatement {
  if (!isObject(raw)) throw new PolicyError(PolicyMessages.syntax, `Statement[${index}] must be an object`);
  const sid = raw['Sid'];
  const where = `Statement[${index}]${typeof sid === 'string' && sid ? ` (${sid})` : ''}`;
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key))
      throw new PolicyError(PolicyMessages.syntax, `${where}: unknown element ${key}`);
  }
  if (sid !== undefined && typeof sid !== 'string') {
    throw new PolicyError(PolicyMessages.syntax, `${where}: Sid must be a string`);
  }

  const effect = raw['Effect'];
  if (effect === undefined)
    throw new PolicyError(PolicyMessages.missingEffect, `${where}: Effect is missing`);
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw new PolicyError(PolicyMessages.legacyParsing, `${where}: Effect must be "Allow" or "Deny"`);
  }

  const principal = pick(raw, 'Principal', 'NotPrincipal', where);
  if (grammar === 'identity' && principal) throw new PolicyError(PolicyMessages.principalNotAllowed, where);
  if (grammar !== 'identity' && !principal) throw new PolicyError(PolicyMessages.missingPrincipal, where);
  if (grammar === 'trust' && principal?.negated) {
    throw new PolicyError(PolicyMessages.prohibitedField('NotPrincipal'), where);
  }

  const action = pick(raw, 'Action', 'NotAction', where);
  if (!action) throw new PolicyError(PolicyMessages.missingActions, where);
  const actionWhere = `${where} ${action.negated ? 'NotAction' : 'Action'}`;
  const actions = stringList(action.value, actionWhere).map((a) => compileAction(a.trim(), actionWhere));

  const resource = pick(raw, 'Resource', 'NotResource', where);
  let resources: CompiledStatement['resources'];
  if (grammar === 'trust') {
    if (resource) {
      throw new PolicyError(
        PolicyMessages.prohibitedField(resource.negated ? 'NotResource' : 'Resource'),
        where,
      );
    }
  } else {
    if (!resource) throw new PolicyError(PolicyMessages.missingResources, where);
    const resourceWhere = `${where} ${resource.negated ? 'NotResource' : 'Resource'}`;
    resources = {
      negated: resource.negated,
      patterns: stringList(resource.value, resourceWhere).map((r) =>
        compileResource(r, variables, resourceWhere),
      ),
    };
  }

  return {
    index,
    sid: typeof sid === 'string' ? sid : undefined,
    effect,
    actions: { negated: action.negated, patterns: actions },
    resources,
    principals: principal
      ? { negated: principal.negated, entries: compilePrincipalBlock(principal.value, where) }
      : undefined,
    conditions:
      raw['Condition'] === undefined ? [] : compileConditionBlock(raw['Condition'], { variables, where }),
  };
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PolicyError(PolicyMessages.syntax, `not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Parses, validates and compiles a policy. Throws `PolicyError` when the document is malformed.
 * `grammar` says which kind of policy the document is (see `PolicyGrammar`).
 */
export function parsePolicy(input: string | PolicyDocument, grammar: PolicyGrammar): CompiledPolicy {
  const doc = typeof input === 'string' ? readJson(input) : (input as unknown);
  if (!isObject(doc)) throw new PolicyError(PolicyMessages.syntax, 'a policy must be a JSON object');
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL.has(key)) throw new PolicyError(PolicyMessages.syntax, `unknown top-level element ${key}`);
  }
  const version = doc['Version'];
  if (version !== undefined && !(POLICY_VERSIONS as readonly unknown[]).includes(version)) {
    throw new PolicyError(PolicyMessages.syntax, `Version must be one of ${POLICY_VERSIONS.join(', ')}`);
  }
  const id = doc['Id'];
  if (id !== undefined && typeof id !== 'string')
    throw new PolicyError(PolicyMessages.syntax, 'Id must be a string');
  const rawStatements = doc['Statement'];
  if (rawStatements === undefined) throw new PolicyError(PolicyMessages.syntax, 'Statement is missing');
  const list = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  if (list.length === 0) throw new PolicyError(PolicyMessages.syntax, 'Statement is an empty list');
  // Policy variables are only substituted under the current policy language version.
  const variables = version === '2012-10-17';
  return {
    kind: 'compiled-policy',
    grammar,
    version: version as string | undefined,
    id: id as string | undefined,
    statements: list.map((s, i) => compileStatement(s, i, grammar, variables)),
  };
}

export type PolicyValidation = { ok: true; policy: CompiledPolicy } | { ok: false; error: PolicyError };

/** `parsePolicy` as a result object: never throws for a malformed document. */
export function validatePolicy(input: string | PolicyDocument, grammar: PolicyGrammar): PolicyValidation {
  try {
    return { ok: true, policy: parsePolicy(input, grammar) };
  } catch (error) {
    if (error instanceof PolicyError) return { ok: false, error };
    throw error;
  }
}
