/**
 * `resolve`: evaluates every intrinsic function in a value, given a `ResolveContext`.
 *
 * `Ref` of `AWS::NoValue` (directly or through Fn::If) removes the property or list element it stands in;
 * at the top level `resolve` returns undefined. Ref and Fn::GetAtt of resources go through the context's
 * callbacks, so the stack engine can resolve a resource's properties once its dependencies exist.
 * Errors are `TemplateError`s worded as CloudFormation's.
 */
import { type Builtin, BUILTINS, type ResolveArg } from './builtins.js';
import type { ResolveContext } from './context.js';
import { TemplateError, TemplateMessages as M } from './errors.js';
import { asIntrinsic } from './functions.js';
import { TemplateLimits } from './limits.js';
import { NO_VALUE, type Resolved } from './no-value.js';
import { NO_VALUE_REF } from './pseudo.js';
import { parseSub, subTarget } from './sub.js';
import type { TemplateObject, TemplateValue } from './types.js';
import { isObject, scalarString } from './values.js';

/** Resolves a value; undefined when it resolved to AWS::NoValue. */
export function resolve(value: TemplateValue, context: ResolveContext): TemplateValue | undefined {
  const resolved = new Resolver(context).value(value, false);
  return resolved === NO_VALUE ? undefined : resolved;
}

/** Resolves a condition expression (Fn::Equals / And / Or / Not / Condition) to a boolean. */
export function resolveCondition(value: TemplateValue, context: ResolveContext): boolean {
  return new Resolver(context).condition(value);
}

class Resolver {
  private readonly arg: ResolveArg;

  constructor(private readonly context: ResolveContext) {
    this.arg = (value) => this.value(value, false);
  }

  value(value: TemplateValue, conditionContext: boolean): Resolved {
    if (value === null || typeof value !== 'object') return value;
    const call = asIntrinsic(value, conditionContext);
    if (!call) return Array.isArray(value) ? this.list(value) : this.object(value);
    switch (call.name) {
      case 'Ref':
        return this.ref(call.args);
      case 'Fn::GetAtt':
        return this.getAtt(call.args);
      case 'Fn::Sub':
        return this.sub(call.args);
      case 'Fn::If':
        return this.if(call.args);
      case 'Fn::ImportValue':
        return this.importValue(call.args);
      case 'Fn::Equals':
      case 'Fn::And':
      case 'Fn::Or':
      case 'Fn::Not':
      case 'Condition':
        return this.condition(value);
      case 'Fn::Transform':
        throw new TemplateError(M.transformUnsupported([transformName(call.args)]));
      default:
        return (BUILTINS[call.name as keyof typeof BUILTINS] as Builtin)(call.args, this.arg, this.context);
    }
  }

  private list(values: TemplateValue[]): TemplateValue[] {
    const out: TemplateValue[] = [];
    for (const item of values) {
      const resolved = this.value(item, false);
      if (resolved !== NO_VALUE) out.push(resolved);
    }
    return out;
  }

  private object(value: TemplateObject): TemplateObject {
    const out: TemplateObject = {};
    for (const [key, item] of Object.entries(value)) {
      const resolved = this.value(item, false);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }

  private ref(args: TemplateValue): Resolved {
    if (typeof args !== 'string') throw new TemplateError(M.refShape());
    if (args === NO_VALUE_REF) return NO_VALUE;
    const { pseudo, parameters } = this.context;
    const known = pseudo[args] ?? parameters[args];
    if (known !== undefined) return Array.isArray(known) ? [...known] : known;
    if (this.context.resourceIds.has(args)) {
      if ((this.context.block ?? 'Resources') === 'Conditions')
        throw new TemplateError(M.conditionReferencesResource([args]));
      const physicalId = this.context.ref?.(args);
      if (physicalId !== undefined) return physicalId;
    }
    throw this.unresolved(args);
  }

  private unresolved(name: string): TemplateError {
    const block = this.context.block ?? 'Resources';
    if (block === 'Outputs') return new TemplateError(M.unresolvedInOutputs([name]));
    return new TemplateError(M.unresolvedInResources([name]));
  }

  private getAtt(args: TemplateValue): Resolved {
    let resource: TemplateValue | undefined;
    let attribute: TemplateValue | undefined;
    if (typeof args === 'string' && args.indexOf('.') > 0) {
      resource = args.slice(0, args.indexOf('.'));
      attribute = args.slice(args.indexOf('.') + 1);
    } else if (Array.isArray(args) && args.length === 2) {
      [resource, attribute] = args;
      if (isObject(attribute)) attribute = this.value(attribute, false) as TemplateValue;
    }
    if (
      typeof resource !== 'string' ||
      resource === '' ||
      typeof attribute !== 'string' ||
      attribute === ''
    ) {
      throw new TemplateError(M.getAttShape());
    }
    if (!this.context.resourceIds.has(resource)) throw new TemplateError(M.getAttUndefinedResource(resource));
    if ((this.context.block ?? 'Resources') === 'Conditions')
      throw new TemplateError(M.conditionReferencesResource([resource]));
    const value = this.context.getAtt?.(resource, attribute);
    if (value === undefined) {
      if (this.context.getAtt && this.context.ref?.(resource) !== undefined) {
        throw new TemplateError(M.getAttUnsupported(resource, attribute));
      }
      throw this.unresolved(resource);
    }
    return value;
  }

  private sub(args: TemplateValue): Resolved {
    const [text, variables] = Array.isArray(args) ? args : [args, {}];
    if (
      typeof text !== 'string' ||
      !isObject(variables ?? {}) ||
      (Array.isArray(args) && args.length !== 2)
    ) {
      throw new TemplateError(M.subShape());
    }
    const values: Record<string, string> = {};
    for (const [name, raw] of Object.entries(variables ?? {})) {
      const resolved = scalarString(this.value(raw, false) as TemplateValue);
      if (resolved === undefined) throw new TemplateError(M.subVariableValue());
      values[name] = resolved;
    }
    return parseSub(text)
      .map((part) => ('literal' in part ? part.literal : this.subVariable(part.variable, values)))
      .join('');
  }

  private subVariable(name: string, values: Record<string, string>): string {
    if (name in values) return values[name]!;
    const target = subTarget(name);
    const resolved =
      'ref' in target ? this.ref(target.ref) : this.getAtt([target.resource, target.attribute]);
    const text = resolved === NO_VALUE ? undefined : scalarString(resolved);
    if (text === undefined) throw new TemplateError(M.subVariableNotString(name));
    return text;
  }

  private if(args: TemplateValue): Resolved {
    if (!Array.isArray(args) || args.length !== 3) throw new TemplateError(M.ifShape());
    const [name, whenTrue, whenFalse] = args;
    if (typeof name !== 'string') throw new TemplateError(M.ifFirstElement());
    const value = this.context.conditions[name];
    if (value === undefined) throw new TemplateError(M.ifUnknownCondition(name));
    return this.value((value ? whenTrue : whenFalse) as TemplateValue, false);
  }

  private importValue(args: TemplateValue): Resolved {
    const name = scalarString(this.value(args, false) as TemplateValue);
    if (name === undefined || name === '') throw new TemplateError(M.importValueShape());
    const value = this.context.importValue?.(name);
    if (value === undefined) throw new TemplateError(M.noSuchExport(name));
    return value;
  }

  condition(value: TemplateValue): boolean {
    const call = asIntrinsic(value, true);
    switch (call?.name) {
      case 'Fn::Equals': {
        const args = call.args;
        if (!Array.isArray(args) || args.length !== 2) throw new TemplateError(M.equalsShape());
        const [left, right] = args.map((arg) => this.value(arg, false));
        const a = scalarString(left as TemplateValue);
        const b = scalarString(right as TemplateValue);
        if (a === undefined || b === undefined) {
          if (
            Array.isArray(left) ||
            Array.isArray(right) ||
            isObject(left as TemplateValue) ||
            isObject(right as TemplateValue)
          ) {
            throw new TemplateError(M.equalsShape());
          }
        }
        return a === b;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const args = call.args;
        const { minConditionOperands: min, maxConditionOperands: max } = TemplateLimits;
        if (!Array.isArray(args) || args.length < min || args.length > max)
          throw new TemplateError(M.andOrShape(call.name));
        const values = args.map((arg) => this.condition(arg));
        return call.name === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
      case 'Fn::Not': {
        const args = call.args;
        if (!Array.isArray(args) || args.length !== 1) throw new TemplateError(M.notShape());
        return !this.condition(args[0]!);
      }
      case 'Condition': {
        if (typeof call.args !== 'string') throw new TemplateError(M.conditionShape());
        const known = this.context.conditions[call.args];
        if (known === undefined) throw new TemplateError(M.conditionNotDefined(call.args));
        return known;
      }
      default: {
        const resolved = this.value(value, true);
        if (typeof resolved === 'boolean') return resolved;
        if (resolved === 'true' || resolved === 'false') return resolved === 'true';
        throw new TemplateError(M.conditionNotBoolean(JSON.stringify(value)));
      }
    }
  }
}

function transformName(args: TemplateValue): string {
  return (isObject(args) ? scalarString(args.Name) : undefined) ?? 'Fn::Transform';
}
