/**
 * Fn::Sub strings: `${Name}` and `${Resource.Attribute}` are variables, `${!Text}` is the literal `${Text}`,
 * and a `${` with no closing brace is literal text.
 */
import { TemplateError, TemplateMessages as M } from './errors.js';

export type SubPart = { literal: string } | { variable: string };

const VARIABLE_NAME = /^[A-Za-z0-9_.:]+$/;

/** Splits a Fn::Sub string into literal text and variable names; throws for an invalid variable name. */
export function parseSub(text: string): SubPart[] {
  const parts: SubPart[] = [];
  let literal = '';
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf('${', pos);
    if (open < 0) break;
    const close = text.indexOf('}', open + 2);
    if (close < 0) break;
    literal += text.slice(pos, open);
    const inner = text.slice(open + 2, close);
    if (inner.startsWith('!')) {
      literal += `\${${inner.slice(1)}}`;
    } else {
      const name = inner.trim();
      if (!VARIABLE_NAME.test(name)) throw new TemplateError(M.subVariableName(), { detail: `\${${inner}}` });
      if (literal !== '') parts.push({ literal });
      literal = '';
      parts.push({ variable: name });
    }
    pos = close + 1;
  }
  literal += text.slice(pos);
  if (literal !== '') parts.push({ literal });
  return parts;
}

/** The variable names a Fn::Sub string uses, in order of first use. */
export function subVariables(text: string): string[] {
  const names: string[] = [];
  for (const part of parseSub(text)) {
    if ('variable' in part && !names.includes(part.variable)) names.push(part.variable);
  }
  return names;
}

/**
 * How a Sub variable not in the variable map resolves: `AWS::Region` and parameter or resource names are
 * a Ref; `Resource.Attribute` is a GetAtt (split at the first period).
 */
export function subTarget(variable: string): { ref: string } | { resource: string; attribute: string } {
  const dot = variable.indexOf('.');
  if (dot < 0) return { ref: variable };
  return { resource: variable.slice(0, dot), attribute: variable.slice(dot + 1) };
}
