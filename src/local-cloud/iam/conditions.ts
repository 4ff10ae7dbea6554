/**
 * The `Condition` element: operators, set qualifiers and their evaluation.
 *
 * Rules implemented, as the IAM documentation states them ("Condition operators", "Creating a condition
 * with multiple keys or values", "Single-valued vs. multivalued context keys", "Policy variables"):
 * - Several operators in one block, and several keys under one operator, are ANDed. Several values for
 *   one key are ORed; for a negated operator (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`...) the
 *   request value must match NONE of the values.
 * - A key absent from the request context makes a condition false, except for negated operators, which
 *   are true when the key is absent. `...IfExists` makes any operator true when the key is absent.
 *   `Null` tests presence: `"true"` means absent, `"false"` means present. `Null` has no IfExists form.
 * - `ForAllValues:` is true when every request value matches at least one policy value, and also when
 *   the key is absent or has no (non-empty) values. `ForAnyValue:` is true when at least one request
 *   value matches; false when the key is absent or empty. With a negated operator each request value is
 *   tested with the negated operator (e.g. `ForAllValues:StringNotLike` is true when no request value
 *   is like any policy value).
 * - Without a set qualifier, a multivalued request key matches a positive operator when any value
 *   matches; a negated operator is the negation of that.
 * - Condition key names are case-insensitive; `String*` values are case-sensitive except the
 *   `IgnoreCase` operators; `ArnEquals` and `ArnLike` behave identically (part-by-part, wildcards
 *   allowed); `Date*` values are ISO 8601 or epoch seconds; `BinaryEquals` compares base64-decoded bytes;
 *   `IpAddress` takes IPv4 or IPv6 CIDR (a bare address is /32 or /128).
 * - Policy variables are substituted in `String*`, `Arn*` and `Bool` values only; a variable without a
 *   value makes that policy value match nothing.
 * - Operator names are matched case-insensitively; an unknown operator makes the policy malformed.
 */
import { compileArnPattern, matchArn } from './arn.js';
import type { EvaluationContext } from './context.js';
import { PolicyError, PolicyMessages } from './errors.js';
import { cidrContains, parseCidr, parseIp } from './ip.js';
import { parseTemplate, resolveTemplate, type Template } from './template.js';
import type { ConditionValue } from './types.js';
import { matchGlob } from './wildcard.js';

type Kind =
  | 'string'
  | 'string-ci'
  | 'string-like'
  | 'numeric'
  | 'date'
  | 'bool'
  | 'binary'
  | 'ip'
  | 'arn'
  | 'null';

type Comparison = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

interface BaseOperator {
  readonly name: string;
  readonly kind: Kind;
  readonly negated: boolean;
  readonly comparison: Comparison;
}

const BASE_OPERATORS: readonly BaseOperator[] = [
  { name: 'StringEquals', kind: 'string', negated: false, comparison: 'eq' },
  { name: 'StringNotEquals', kind: 'string', negated: true, comparison: 'eq' },
  { name: 'StringEqualsIgnoreCase', kind: 'string-ci', negated: false, comparison: 'eq' },
  { name: 'StringNotEqualsIgnoreCase', kind: 'string-ci', negated: true, comparison: 'eq' },
  { name: 'StringLike', kind: 'string-like', negated: false, comparison: 'eq' },
  { name: 'StringNotLike', kind: 'string-like', negated: true, comparison: 'eq' },
  { name: 'NumericEquals', kind: 'numeric', negated: false, comparison: 'eq' },
  { name: 'NumericNotEquals', kind: 'numeric', negated: true, comparison: 'eq' },
  { name: 'NumericLessThan', kind: 'numeric', negated: false, comparison: 'lt' },
  { name: 'NumericLessThanEquals', kind: 'numeric', negated: false, comparison: 'le' },
  { name: 'NumericGreaterThan', kind: 'numeric', negated: false, comparison: 'gt' },
  { name: 'NumericGreaterThanEquals', kind: 'numeric', negated: false, comparison: 'ge' },
  { name: 'DateEquals', kind: 'date', negated: false, comparison: 'eq' },
  { name: 'DateNotEquals', kind: 'date', negated: true, comparison: 'eq' },
  { name: 'DateLessThan', kind: 'date', negated: false, comparison: 'lt' },
  { name: 'DateLessThanEquals', kind: 'date', negated: false, comparison: 'le' },
  { name: 'DateGreaterThan', kind: 'date', negated: false, comparison: 'gt' },
  { name: 'DateGreaterThanEquals', kind: 'date', negated: false, comparison: 'ge' },
  { name: 'Bool', kind: 'bool', negated: false, comparison: 'eq' },
  { name: 'BinaryEquals', kind: 'binary', negated: false, comparison: 'eq' },
  { name: 'IpAddress', kind: 'ip', negated: false, comparison: 'eq' },
  { name: 'NotIpAddress', kind: 'ip', negated: true, comparison: 'eq' },
  { name: 'ArnEquals', kind: 'arn', negated: false, comparison: 'eq' },
  { name: 'ArnLike', kind: 'arn', negated: false, comparison: 'eq' },
  { name: 'ArnNotEquals', kind: 'arn', negated: true, comparison: 'eq' },
  { name: 'ArnNotLike', kind: 'arn', negated: true, comparison: 'eq' },
  { name: 'Null', kind: 'null', negated: false, comparison: 'eq' },
];

const BY_NAME = new Map(BASE_OPERATORS.map((op) => [op.name.toLowerCase(), op]));

export type SetQualifier = 'ForAllValues' | 'ForAnyValue';

export interface ConditionOperator {
  /** As written in the policy. */
  readonly source: string;
  readonly base: BaseOperator;
  readonly ifExists: boolean;
  readonly set: SetQualifier | undefined;
}

/** Reads an operator name such as `ForAnyValue:StringLikeIfExists`; undefined when unknown. */
export function parseOperator(source: string): ConditionOperator | undefined {
  let rest = source.trim();
  let set: SetQualifier | undefined;
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    const qualifier = rest.slice(0, colon).toLowerCase();
    if (qualifier === 'forallvalues') set = 'ForAllValues';
    else if (qualifier === 'foranyvalue') set = 'ForAnyValue';
    else return undefined;
    rest = rest.slice(colon + 1);
  }
  const lower = rest.toLowerCase();
  const exact = BY_NAME.get(lower);
  if (exact) return { source, base: exact, ifExists: false, set };
  if (lower.endsWith('ifexists')) {
    const base = BY_NAME.get(lower.slice(0, -'ifexists'.length));
    if (base && base.kind !== 'null') return { source, base, ifExists: true, set };
  }
  return undefined;
}

/** Tests one request value against one policy value. */
type ValueMatcher = (requestValue: string, context: EvaluationContext) => boolean;

export interface CompiledCondition {
  readonly operator: ConditionOperator;
  /** Lower-cased key name. */
  readonly key: string;
  /** As written in the policy, for diagnostics. */
  readonly keySource: string;
  readonly matchers: readonly ValueMatcher[];
  /** For `Null`: the policy values, lower-cased. */
  readonly nullValues: readonly string[];
}

const EPOCH = /^-?\d+(?:\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/** ISO 8601 (UTC unless an offset is given) or epoch seconds, as milliseconds; NaN when unreadable. */
export function parseDate(value: string): number {
  const text = value.trim();
  if (EPOCH.test(text)) return Number(text) * 1000;
  const m = ISO_DATE.exec(text);
  if (!m) return Number.NaN;
  const hasTime = text.length > 10;
  const iso = hasTime && m[1] === undefined ? `${text}Z` : text;
  return Date.parse(iso);
}

function parseNumber(value: string): number {
  const text = value.trim();
  return text === '' ? Number.NaN : Number(text);
}

function compare(comparison: Comparison, request: number, policy: number): boolean {
  if (Number.isNaN(request) || Number.isNaN(policy)) return false;
  switch (comparison) {
    case 'eq':
      return request === policy;
    case 'lt':
      return request < policy;
    case 'le':
      return request <= policy;
    case 'gt':
      return request > policy;
    case 'ge':
      return request >= policy;
  }
}

function decodeBase64(value: string): Buffer {
  return Buffer.from(value.trim(), 'base64');
}

function templateMatcher(
  template: Template,
  test: (resolved: NonNullable<ReturnType<typeof resolveTemplate>>, requestValue: string) => boolean,
  normalize: (requestValue: string) => string = (v) => v,
): ValueMatcher {
  return (requestValue, context) => {
    const glob = resolveTemplate(template, (key) => context.single(key));
    return glob !== undefined && test(glob, normalize(requestValue));
  };
}

function compileValue(base: BaseOperator, value: string, variables: boolean): ValueMatcher {
  switch (base.kind) {
    case 'string': {
      const t = parseTemplate(value, { wildcards: false, variables });
      return templateMatcher(t, (g, v) => g.text === v);
    }
    case 'string-ci': {
      const t = parseTemplate(value, { wildcards: false, variables, ignoreCase: true });
      return templateMatcher(
        t,
        (g, v) => g.text === v,
        (v) => v.toLowerCase(),
      );
    }
    case 'bool': {
      const t = parseTemplate(value, { wildcards: false, variables, ignoreCase: true });
      return templateMatcher(
        t,
        (g, v) => g.text === v,
        (v) => v.toLowerCase(),
      );
    }
    case 'string-like': {
      const t = parseTemplate(value, { wildcards: true, variables });
      return templateMatcher(t, (g, v) => matchGlob(g, v));
    }
    case 'arn': {
      const t = parseTemplate(value, { wildcards: true, variables });
      const fixed = t.glob ? compileArnPattern(t.glob) : undefined;
      return (requestValue, context) => {
        if (fixed) return matchArn(fixed, requestValue);
        const glob = resolveTemplate(t, (key) => context.single(key));
        return glob !== undefined && matchArn(compileArnPattern(glob), requestValue);
      };
    }
    case 'numeric': {
      const policy = parseNumber(value);
      return (v) => compare(base.comparison, parseNumber(v), policy);
    }
    case 'date': {
      const policy = parseDate(value);
      return (v) => compare(base.comparison, parseDate(v), policy);
    }
    case 'binary': {
      const policy = decodeBase64(value);
      return (v) => decodeBase64(v).equals(policy);
    }
    case 'ip': {
      const range = parseCidr(value);
      return (v) => {
        const ip = parseIp(v);
        return range !== undefined && ip !== undefined && cidrContains(range, ip);
      };
    }
    case 'null':
      return () => false;
  }
}

function conditionValues(raw: unknown, where: string): string[] {
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v as ConditionValue);
    throw new PolicyError(
      PolicyMessages.syntax,
      `${where}: condition values must be strings, numbers or booleans`,
    );
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates and compiles a statement's `Condition` element. */
export function compileConditionBlock(
  block: unknown,
  options: { variables: boolean; where: string },
): CompiledCondition[] {
  if (!isObject(block))
    throw new PolicyError(PolicyMessages.syntax, `${options.where}: Condition must be an object`);
  const compiled: CompiledCondition[] = [];
  for (const [operatorName, keys] of Object.entries(block)) {
    const operator = parseOperator(operatorName);
    const where = `${options.where}: Condition ${operatorName}`;
    if (!operator) throw new PolicyError(PolicyMessages.syntax, `${where}: unknown condition operator`);
    if (!isObject(keys))
      throw new PolicyError(PolicyMessages.syntax, `${where}: must map condition keys to values`);
    for (const [keySource, raw] of Object.entries(keys)) {
      const prefix = keySource.split('/')[0]!;
      if (!prefix.includes(':')) {
        throw new PolicyError(
          PolicyMessages.actionVendor,
          `${where}: condition key ${keySource} has no vendor prefix`,
        );
      }
      const values = conditionValues(raw, `${where} ${keySource}`);
      const variables =
        options.variables &&
        ['string', 'string-ci', 'string-like', 'arn', 'bool'].includes(operator.base.kind);
      compiled.push({
        operator,
        key: keySource.toLowerCase(),
        keySource,
        matchers: values.map((v) => compileValue(operator.base, v, variables)),
        nullValues: values.map((v) => v.toLowerCase()),
      });
    }
  }
  return compiled;
}

function anyPolicyValueMatches(
  condition: CompiledCondition,
  requestValue: string,
  context: EvaluationContext,
) {
  for (const matcher of condition.matchers) if (matcher(requestValue, context)) return true;
  return false;
}

/** Evaluates one (operator, key, values) triple against the request context. */
export function evaluateCondition(condition: CompiledCondition, context: EvaluationContext): boolean {
  const { base, ifExists, set } = condition.operator;
  const present = context.values(condition.key);

  if (base.kind === 'null') {
    const absent = present === undefined;
    return condition.nullValues.some((v) => (v === 'true' ? absent : v === 'false' ? !absent : false));
  }

  // One request value tested with the operator, negation included.
  const test = (value: string) => anyPolicyValueMatches(condition, value, context) !== base.negated;

  if (set !== undefined) {
    // Empty strings count as a null data set.
    const values = present?.filter((v) => v !== '') ?? [];
    if (values.length === 0) return ifExists || set === 'ForAllValues';
    return set === 'ForAllValues' ? values.every(test) : values.some(test);
  }

  if (present === undefined) return ifExists || base.negated;
  const positive = present.some((v) => anyPolicyValueMatches(condition, v, context));
  return positive !== base.negated;
}

/** True when every condition holds (conditions are ANDed). */
export function evaluateConditions(
  conditions: readonly CompiledCondition[],
  context: EvaluationContext,
): boolean {
  for (const condition of conditions) if (!evaluateCondition(condition, context)) return false;
  return true;
}
