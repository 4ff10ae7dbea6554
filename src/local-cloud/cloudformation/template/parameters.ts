/**
 * `resolveParameters`: the values a stack's parameters take, from what the caller gave, the previous
 * values (UsePreviousValue) and the template's defaults, checked against the declared type and
 * constraints with CloudFormation's messages. `AWS::SSM::Parameter::Value<…>` parameters are resolved
 * through an injected lookup, so this stays pure.
 */
import { TemplateError, TemplateMessages as M } from './errors.js';
import { parameterTypeInfo, type ParameterValueKind } from './parameter-types.js';
import type { ParameterDeclaration, RefValue, Template } from './types.js';

/** A parameter as the CloudFormation API passes it. */
export interface ParameterInput {
  ParameterKey: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

/** An SSM parameter as the lookup returns it. */
export interface SsmParameterValue {
  value: string;
  type?: 'String' | 'StringList' | 'SecureString';
}

export interface ResolveParametersOptions {
  template: Template;
  /** Values given by the caller: a name → value map, or the API's list form. */
  given?: Readonly<Record<string, string>> | readonly ParameterInput[];
  /** The stack's current parameter values (ParameterValue, not resolved SSM values), for UsePreviousValue. */
  previous?: Readonly<Record<string, string>>;
  /** Looks an SSM parameter up by name; undefined when it does not exist. */
  ssm?: (name: string) => SsmParameterValue | undefined;
}

export interface ResolvedParameter {
  key: string;
  type: string;
  /** The value given, previous or default: what DescribeStacks shows as ParameterValue. */
  value: string;
  /** For SSM parameter types: the SSM parameter's value (DescribeStacks' ResolvedValue). */
  resolvedValue?: string;
  /** What `Ref` of the parameter yields in the template. */
  refValue: RefValue;
  noEcho: boolean;
}

export interface ResolvedParameters {
  /** In template order. */
  list: ResolvedParameter[];
  /** Ref values by name, for a `ResolveContext`. */
  values: Record<string, RefValue>;
}

/** The value DescribeStacks shows for a NoEcho parameter. */
export const MASKED_VALUE = '****';

/** Resolves and checks every parameter; throws a `TemplateError` worded as CloudFormation's. */
export function resolveParameters(options: ResolveParametersOptions): ResolvedParameters {
  const { template } = options;
  const given = normalizeGiven(options.given ?? {}, options.previous ?? {});
  const unknown = [...given.keys()].filter((key) => !(key in template.parameters));
  if (unknown.length > 0) throw new TemplateError(M.parametersDoNotExist(unknown));

  const missing: string[] = [];
  const raw: Array<[string, ParameterDeclaration, string]> = [];
  for (const [key, declaration] of Object.entries(template.parameters)) {
    const value = given.has(key) ? given.get(key) : declaration.default;
    if (value === undefined) missing.push(key);
    else raw.push([key, declaration, value]);
  }
  if (missing.length > 0) throw new TemplateError(M.parametersMustHaveValues(missing));

  const list = raw.map(([key, declaration, value]) => resolveOne(key, declaration, value, options.ssm));
  return { list, values: Object.fromEntries(list.map((p) => [p.key, p.refValue])) };
}

/** Given values by key; a UsePreviousValue entry takes the previous value, or counts as missing. */
function normalizeGiven(
  given: Readonly<Record<string, string>> | readonly ParameterInput[],
  previous: Readonly<Record<string, string>>,
): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  if (!Array.isArray(given)) {
    for (const [key, value] of Object.entries(given as Record<string, string>)) out.set(key, value);
    return out;
  }
  for (const input of given as readonly ParameterInput[]) {
    out.set(
      input.ParameterKey,
      input.UsePreviousValue ? previous[input.ParameterKey] : (input.ParameterValue ?? ''),
    );
  }
  return out;
}

function resolveOne(
  key: string,
  declaration: ParameterDeclaration,
  value: string,
  ssm: ResolveParametersOptions['ssm'],
): ResolvedParameter {
  const info = parameterTypeInfo(declaration.type)!;
  checkValue(key, declaration, info.ssm ? 'string' : info.kind, value);
  const resolved: ResolvedParameter = {
    key,
    type: declaration.type,
    value,
    refValue: refValueOf(info.kind, value),
    noEcho: declaration.noEcho,
  };
  if (info.ssm) {
    const found = ssm?.(value);
    if (found === undefined) throw new TemplateError(M.ssmParameterMissing(key));
    if (found.type === 'SecureString') throw new TemplateError(M.ssmParameterWrongType([value]));
    resolved.resolvedValue = found.value;
    resolved.refValue = refValueOf(info.kind, found.value);
  }
  return resolved;
}

function refValueOf(kind: ParameterValueKind, value: string): RefValue {
  if (kind === 'list' || kind === 'numberList')
    return value === '' ? [] : value.split(',').map((item) => item.trim());
  return value;
}

function isNumber(text: string): boolean {
  return text.trim() !== '' && Number.isFinite(Number(text));
}

/** Type and constraint checks, in CloudFormation's order; ConstraintDescription replaces the reason. */
function checkValue(
  key: string,
  declaration: ParameterDeclaration,
  kind: ParameterValueKind,
  value: string,
): void {
  const members = kind === 'list' || kind === 'numberList' ? (refValueOf(kind, value) as string[]) : [value];
  if ((kind === 'number' || kind === 'numberList') && !members.every(isNumber)) {
    throw new TemplateError(M.notANumber(key));
  }
  const violation = constraintViolation(key, declaration, kind, value, members);
  if (violation === undefined) return;
  throw new TemplateError(
    declaration.constraintDescription === undefined
      ? violation
      : M.constraintFailed(key, declaration.constraintDescription),
  );
}

function constraintViolation(
  key: string,
  declaration: ParameterDeclaration,
  kind: ParameterValueKind,
  value: string,
  members: string[],
): string | undefined {
  const { allowedValues, allowedPattern, minLength, maxLength, minValue, maxValue } = declaration;
  if (allowedValues && !members.every((member) => allowedValues.includes(member)))
    return M.notInAllowedValues(key);
  if (allowedPattern !== undefined) {
    const pattern = compilePattern(key, allowedPattern);
    if (!members.every((member) => pattern.test(member))) return M.patternMismatch(key, allowedPattern);
  }
  if (kind === 'string' || kind === 'list') {
    if (minLength !== undefined && value.length < minLength) return M.tooShort(key, minLength);
    if (maxLength !== undefined && value.length > maxLength) return M.tooLong(key, maxLength);
  }
  if (kind === 'number' || kind === 'numberList') {
    for (const member of members.map(Number)) {
      if (minValue !== undefined && member < minValue) return M.numberTooSmall(key, minValue);
      if (maxValue !== undefined && member > maxValue) return M.numberTooLarge(key, maxValue);
    }
  }
  return undefined;
}

/** AllowedPattern must match the whole value (CloudFormation's regex engine matches entire strings). */
function compilePattern(key: string, pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    try {
      return new RegExp(`^(?:${pattern})$`);
    } catch {
      throw new TemplateError(M.patternMismatch(key, pattern), {
        detail: 'AllowedPattern is not a valid regular expression',
      });
    }
  }
}

/** Parameters as DescribeStacks shows them: NoEcho values masked as `****`. */
export function describeParameters(
  parameters: readonly ResolvedParameter[],
): Array<{ ParameterKey: string; ParameterValue: string; ResolvedValue?: string }> {
  return parameters.map((p) => {
    const described: { ParameterKey: string; ParameterValue: string; ResolvedValue?: string } = {
      ParameterKey: p.key,
      ParameterValue: p.noEcho ? MASKED_VALUE : p.value,
    };
    if (p.resolvedValue !== undefined) described.ResolvedValue = p.noEcho ? MASKED_VALUE : p.resolvedValue;
    return described;
  });
}
