/**
 * Whether one statement applies to a request: its action, resource and principal match and all of its
 * conditions hold. `NotAction`, `NotResource` and `NotPrincipal` apply to everything they do not list.
 * The action compare is case-insensitive; resources compare case-sensitively, part by part.
 */
import { compileArnPattern, matchArn } from './arn.js';
import { evaluateConditions } from './conditions.js';
import type { EvaluationContext } from './context.js';
import type { CompiledPolicy, CompiledStatement, ResourcePattern } from './policy.js';
import { type Grant, notPrincipalApplies, principalGrant, strongerGrant } from './principal.js';
import { resolveTemplate } from './template.js';
import type { MatchedStatement, RequestPrincipal } from './types.js';
import { matchGlob } from './wildcard.js';

export interface StatementRequest {
  /** Lower-cased action. */
  readonly action: string;
  readonly resource: string;
  readonly principal: RequestPrincipal;
  readonly context: EvaluationContext;
  /** The caller has a permissions boundary (matters for NotPrincipal with Deny). */
  readonly hasBoundary: boolean;
}

function actionMatches(statement: CompiledStatement, action: string): boolean {
  const { negated, patterns } = statement.actions;
  const listed = patterns.some((p) => matchGlob(p, action));
  return listed !== negated;
}

function resourcePatternMatches(
  pattern: ResourcePattern,
  resource: string,
  context: EvaluationContext,
): boolean {
  if (pattern.fixed) return matchArn(pattern.fixed, resource);
  // A policy variable with no value makes the pattern match no resource.
  const glob = resolveTemplate(pattern.template, (key) => context.single(key));
  return glob !== undefined && matchArn(compileArnPattern(glob), resource);
}

function resourceMatches(statement: CompiledStatement, request: StatementRequest): boolean {
  if (!statement.resources) return true;
  const { negated, patterns } = statement.resources;
  const listed = patterns.some((p) => resourcePatternMatches(p, request.resource, request.context));
  return listed !== negated;
}

/** How the statement's principal element takes the caller: undefined when it does not apply to it. */
function principalMatch(statement: CompiledStatement, request: StatementRequest): Grant | 'n/a' | undefined {
  if (!statement.principals) return 'n/a';
  const { negated, entries } = statement.principals;
  if (!negated) return principalGrant(entries, request.principal);
  const applies = notPrincipalApplies(entries, request.principal, {
    effect: statement.effect,
    hasBoundary: request.hasBoundary,
  });
  return applies ? 'direct' : undefined;
}

export interface StatementMatch {
  /** `n/a` for identity-policy statements, which have no principal element. */
  readonly grant: Grant | 'n/a';
}

export function matchStatement(
  statement: CompiledStatement,
  request: StatementRequest,
): StatementMatch | undefined {
  if (!actionMatches(statement, request.action)) return undefined;
  if (!resourceMatches(statement, request)) return undefined;
  const grant = principalMatch(statement, request);
  if (grant === undefined) return undefined;
  if (!evaluateConditions(statement.conditions, request.context)) return undefined;
  return { grant };
}

export interface PolicyScan {
  /** The first Deny statement that applies. */
  readonly deny: MatchedStatement | undefined;
  /** The Allow statement with the strongest grant (the first one for identity policies). */
  readonly allow: MatchedStatement | undefined;
  /** For resource-based policies: how the allowing statements name the caller. */
  readonly grant: Grant | undefined;
}

function matched(label: string, statement: CompiledStatement): MatchedStatement {
  return statement.sid === undefined
    ? { policy: label, statementIndex: statement.index }
    : { policy: label, sid: statement.sid, statementIndex: statement.index };
}

/** Runs every statement of a policy against the request; stops at the first applicable Deny. */
export function scanPolicy(policy: CompiledPolicy, label: string, request: StatementRequest): PolicyScan {
  let allow: MatchedStatement | undefined;
  let grant: Grant | undefined;
  for (const statement of policy.statements) {
    const match = matchStatement(statement, request);
    if (!match) continue;
    if (statement.effect === 'Deny')
      return { deny: matched(label, statement), allow: undefined, grant: undefined };
    const statementGrant = match.grant === 'n/a' ? undefined : match.grant;
    if (allow === undefined || strongerGrant(grant, statementGrant) !== grant) {
      allow = matched(label, statement);
      grant = statementGrant;
    }
  }
  return { deny: undefined, allow, grant };
}
