/**
 * What a template value refers to: names used by `Ref` (parameters, pseudo parameters, resources),
 * `Fn::GetAtt` targets, Fn::Sub variables (as the Ref or GetAtt they stand for), conditions named by
 * Fn::If / Condition, and whether it imports values or lists AZs. The dependency graph and the validator
 * are built on this.
 */
import { asIntrinsic } from './functions.js';
import { parseSub, subTarget } from './sub.js';
import type { TemplateValue } from './types.js';
import { isObject } from './values.js';

export interface GetAttReference {
  resource: string;
  /** Undefined when the attribute name is itself computed (e.g. a Ref of a parameter). */
  attribute: string | undefined;
}

export interface References {
  refs: Set<string>;
  getAtts: GetAttReference[];
  conditions: Set<string>;
  importsValue: boolean;
  usesGetAZs: boolean;
}

export interface CollectOptions {
  /**
   * Known condition values: an Fn::If whose condition is known contributes only the branch it selects,
   * so `!If [HasX, !Ref X, !Ref AWS::NoValue]` does not depend on X when X is not created.
   */
  conditionValues?: Readonly<Record<string, boolean>>;
  /** Treat the value as a condition expression (`{ Condition: X }` is then a call). */
  conditionContext?: boolean;
}

/** Collects the references of a value (see the module header). Malformed calls are skipped, not reported. */
export function collectReferences(
  value: TemplateValue | undefined,
  options: CollectOptions = {},
): References {
  const found: References = {
    refs: new Set(),
    getAtts: [],
    conditions: new Set(),
    importsValue: false,
    usesGetAZs: false,
  };
  walk(value, options.conditionContext ?? false, found, options);
  return found;
}

function walk(
  value: TemplateValue | undefined,
  conditionContext: boolean,
  found: References,
  options: CollectOptions,
): void {
  if (value === undefined || value === null || typeof value !== 'object') return;
  const call = asIntrinsic(value, conditionContext);
  if (!call) {
    for (const child of Array.isArray(value) ? value : Object.values(value))
      walk(child, false, found, options);
    return;
  }
  const args = call.args;
  switch (call.name) {
    case 'Ref':
      if (typeof args === 'string') found.refs.add(args);
      return;
    case 'Condition':
      if (typeof args === 'string') found.conditions.add(args);
      return;
    case 'Fn::GetAtt':
      walkGetAtt(args, found, options);
      return;
    case 'Fn::Sub':
      walkSub(args, found, options);
      return;
    case 'Fn::If':
      walkIf(args, found, options);
      return;
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not':
      if (Array.isArray(args)) for (const operand of args) walk(operand, true, found, options);
      return;
    case 'Fn::ImportValue':
      found.importsValue = true;
      walk(args, false, found, options);
      return;
    case 'Fn::GetAZs':
      found.usesGetAZs = true;
      walk(args, false, found, options);
      return;
    default:
      walk(args, false, found, options);
      return;
  }
}

function walkGetAtt(args: TemplateValue, found: References, options: CollectOptions): void {
  if (typeof args === 'string') {
    const dot = args.indexOf('.');
    if (dot > 0) found.getAtts.push({ resource: args.slice(0, dot), attribute: args.slice(dot + 1) });
    return;
  }
  if (!Array.isArray(args) || typeof args[0] !== 'string') return;
  const attribute = args[1];
  found.getAtts.push({ resource: args[0], attribute: typeof attribute === 'string' ? attribute : undefined });
  walk(attribute, false, found, options);
}

function walkSub(args: TemplateValue, found: References, options: CollectOptions): void {
  const text = Array.isArray(args) ? args[0] : args;
  const variables = Array.isArray(args) && isObject(args[1]) ? args[1] : {};
  if (typeof text === 'string') {
    for (const part of parseSub(text)) {
      if (!('variable' in part) || part.variable in variables) continue;
      const target = subTarget(part.variable);
      if ('ref' in target) found.refs.add(target.ref);
      else found.getAtts.push(target);
    }
  }
  for (const value of Object.values(variables)) walk(value, false, found, options);
}

function walkIf(args: TemplateValue, found: References, options: CollectOptions): void {
  if (!Array.isArray(args)) return;
  const [condition, whenTrue, whenFalse] = args;
  if (typeof condition === 'string') {
    found.conditions.add(condition);
    const known = options.conditionValues?.[condition];
    if (known !== undefined) {
      walk(known ? whenTrue : whenFalse, false, found, options);
      return;
    }
  }
  walk(whenTrue, false, found, options);
  walk(whenFalse, false, found, options);
}
