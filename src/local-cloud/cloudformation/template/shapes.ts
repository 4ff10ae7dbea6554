/**
 * Static checks of intrinsic function calls: each call has the arguments CloudFormation requires (Fn::Join
 * a delimiter and a list, Fn::If three elements whose first names a condition, …), checked without
 * resolving anything, as ValidateTemplate does. Arguments that are themselves calls are accepted where a
 * function may produce the value.
 */
import { TemplateError, TemplateMessages as M } from './errors.js';
import { asIntrinsic, type IntrinsicCall } from './functions.js';
import { TemplateLimits } from './limits.js';
import { parseSub } from './sub.js';
import type { TemplateValue } from './types.js';
import { isObject, scalarString } from './values.js';

/** Checks every call in a value; `conditionContext` for condition expressions. */
export function checkShapes(value: TemplateValue | undefined, conditionContext = false): void {
  if (value === undefined || value === null || typeof value !== 'object') return;
  const call = asIntrinsic(value, conditionContext);
  if (!call) {
    for (const child of Array.isArray(value) ? value : Object.values(value)) checkShapes(child);
    return;
  }
  checkCall(call);
  const operandsAreConditions = call.name === 'Fn::And' || call.name === 'Fn::Or' || call.name === 'Fn::Not';
  if (call.name === 'Fn::GetAtt' || call.name === 'Ref' || call.name === 'Condition') {
    if (Array.isArray(call.args)) checkShapes(call.args[1]);
    return;
  }
  if (Array.isArray(call.args)) for (const arg of call.args) checkShapes(arg, operandsAreConditions);
  else checkShapes(call.args);
}

const isCall = (value: TemplateValue | undefined): boolean =>
  isObject(value) && asIntrinsic(value, true) !== undefined;
const isStringish = (value: TemplateValue | undefined): boolean =>
  scalarString(value) !== undefined || isCall(value);
const isListish = (value: TemplateValue | undefined): boolean => Array.isArray(value) || isCall(value);

function pair(args: TemplateValue): [TemplateValue | undefined, TemplateValue | undefined] | undefined {
  return Array.isArray(args) && args.length === 2 ? [args[0], args[1]] : undefined;
}

function checkCall({ name, args }: IntrinsicCall): void {
  switch (name) {
    case 'Ref':
      if (typeof args !== 'string' || args === '') throw new TemplateError(M.refShape());
      return;
    case 'Condition':
      if (typeof args !== 'string') throw new TemplateError(M.conditionShape());
      return;
    case 'Fn::GetAtt': {
      const ok =
        (typeof args === 'string' && args.indexOf('.') > 0) ||
        (Array.isArray(args) &&
          args.length === 2 &&
          typeof args[0] === 'string' &&
          args[0] !== '' &&
          ((typeof args[1] === 'string' && args[1] !== '') || isCall(args[1])));
      if (!ok) throw new TemplateError(M.getAttShape());
      return;
    }
    case 'Fn::Join': {
      const p = pair(args);
      if (!p || !isStringish(p[0]) || !isListish(p[1])) throw new TemplateError(M.joinShape());
      return;
    }
    case 'Fn::Split': {
      const p = pair(args);
      if (!p || !isStringish(p[0]) || !isStringish(p[1])) throw new TemplateError(M.splitShape());
      return;
    }
    case 'Fn::Select': {
      const p = pair(args);
      if (!p || !isStringish(p[0]) || !isListish(p[1])) throw new TemplateError(M.selectShape());
      return;
    }
    case 'Fn::FindInMap':
      if (
        !Array.isArray(args) ||
        args.length < 3 ||
        args.length > 4 ||
        !args.slice(0, 3).every(isStringish)
      ) {
        throw new TemplateError(M.findInMapShape());
      }
      return;
    case 'Fn::Sub':
      checkSub(args);
      return;
    case 'Fn::If':
      if (!Array.isArray(args) || args.length !== 3) throw new TemplateError(M.ifShape());
      if (typeof args[0] !== 'string') throw new TemplateError(M.ifFirstElement());
      return;
    case 'Fn::Equals':
      if (!pair(args)) throw new TemplateError(M.equalsShape());
      return;
    case 'Fn::And':
    case 'Fn::Or':
      if (
        !Array.isArray(args) ||
        args.length < TemplateLimits.minConditionOperands ||
        args.length > TemplateLimits.maxConditionOperands
      ) {
        throw new TemplateError(M.andOrShape(name));
      }
      return;
    case 'Fn::Not':
      if (!Array.isArray(args) || args.length !== 1) throw new TemplateError(M.notShape());
      return;
    case 'Fn::Cidr':
      if (!Array.isArray(args) || args.length !== 3 || !args.every(isStringish))
        throw new TemplateError(M.cidrShape());
      return;
    case 'Fn::GetAZs':
      if (!isStringish(args)) throw new TemplateError(M.getAzsShape());
      return;
    case 'Fn::Base64':
      if (!isStringish(args)) throw new TemplateError(M.base64Shape());
      return;
    case 'Fn::ImportValue':
      if (!isStringish(args)) throw new TemplateError(M.importValueShape());
      return;
    case 'Fn::Length':
      if (!isListish(args)) throw new TemplateError(M.lengthShape());
      return;
    case 'Fn::ToJsonString':
      if (typeof args !== 'object' || args === null) throw new TemplateError(M.toJsonStringShape());
      return;
    case 'Fn::Transform':
      throw new TemplateError(
        M.transformUnsupported([(isObject(args) ? scalarString(args.Name) : undefined) ?? 'Fn::Transform']),
      );
  }
}

function checkSub(args: TemplateValue): void {
  const text = Array.isArray(args) ? args[0] : args;
  const variables = Array.isArray(args) ? args[1] : {};
  if (typeof text !== 'string' || (Array.isArray(args) && (args.length !== 2 || !isObject(variables)))) {
    throw new TemplateError(M.subShape());
  }
  for (const value of Object.values(isObject(variables) ? variables : {})) {
    if (!isStringish(value)) throw new TemplateError(M.subVariableValue());
  }
  parseSub(text);
}
