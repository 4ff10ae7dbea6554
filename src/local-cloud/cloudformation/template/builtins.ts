/**
 * The data intrinsic functions: Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::GetAZs, Fn::Base64,
 * Fn::Cidr and the AWS::LanguageExtensions pair Fn::Length and Fn::ToJsonString. Each receives its raw
 * arguments and a function that resolves a nested value, so it controls what it resolves and when.
 */
import { cidrSubnets } from './cidr.js';
import type { ResolveContext } from './context.js';
import { TemplateError, TemplateMessages as M } from './errors.js';
import { NO_VALUE, type Resolved } from './no-value.js';
import type { TemplateValue } from './types.js';
import { isObject, scalarString } from './values.js';

export type ResolveArg = (value: TemplateValue) => Resolved;
export type Builtin = (args: TemplateValue, resolve: ResolveArg, context: ResolveContext) => Resolved;

/** A resolved list, or undefined when the value is not (and does not yield) a list. */
function resolvedList(value: TemplateValue | undefined, resolve: ResolveArg): TemplateValue[] | undefined {
  if (value === undefined) return undefined;
  const resolved = resolve(value);
  return Array.isArray(resolved) ? resolved : undefined;
}

function resolvedString(value: TemplateValue | undefined, resolve: ResolveArg): string | undefined {
  if (value === undefined) return undefined;
  const resolved = resolve(value);
  return resolved === NO_VALUE ? undefined : scalarString(resolved);
}

const join: Builtin = (args, resolve) => {
  if (!Array.isArray(args) || args.length !== 2) throw new TemplateError(M.joinShape());
  const delimiter = resolvedString(args[0], resolve);
  const items = resolvedList(args[1], resolve);
  if (delimiter === undefined || items === undefined) throw new TemplateError(M.joinShape());
  return items
    .map((item) => {
      const text = scalarString(item);
      if (text === undefined) throw new TemplateError(M.joinShape());
      return text;
    })
    .join(delimiter);
};

const select: Builtin = (args, resolve) => {
  if (!Array.isArray(args) || args.length !== 2) throw new TemplateError(M.selectShape());
  const indexText = resolvedString(args[0], resolve);
  const items = resolvedList(args[1], resolve);
  if (indexText === undefined || !/^\d+$/.test(indexText.trim()) || items === undefined) {
    throw new TemplateError(M.selectShape());
  }
  const index = Number(indexText.trim());
  if (index >= items.length) throw new TemplateError(M.selectOutOfRange(index));
  return items[index]!;
};

const split: Builtin = (args, resolve) => {
  if (!Array.isArray(args) || args.length !== 2) throw new TemplateError(M.splitShape());
  const delimiter = resolvedString(args[0], resolve);
  const source = resolvedString(args[1], resolve);
  if (delimiter === undefined || delimiter === '' || source === undefined)
    throw new TemplateError(M.splitShape());
  return source.split(delimiter);
};

/** Fn::FindInMap, with AWS::LanguageExtensions' optional fourth argument `{ DefaultValue: … }`. */
const findInMap: Builtin = (args, resolve, context) => {
  if (!Array.isArray(args) || args.length < 3 || args.length > 4) throw new TemplateError(M.findInMapShape());
  const [map, top, second] = args.slice(0, 3).map((arg) => resolvedString(arg, resolve));
  if (map === undefined || top === undefined || second === undefined)
    throw new TemplateError(M.findInMapShape());
  const found = context.mappings[map]?.[top]?.[second];
  if (found !== undefined) return Array.isArray(found) ? [...found] : found;
  const fallback = args[3];
  if (isObject(fallback) && 'DefaultValue' in fallback) return resolve(fallback.DefaultValue!);
  throw new TemplateError(M.mappingNotFound(map, top, second));
};

const getAzs: Builtin = (args, resolve, context) => {
  const region = resolvedString(args, resolve);
  if (region === undefined) throw new TemplateError(M.getAzsShape());
  const name = region === '' ? String(context.pseudo['AWS::Region']) : region;
  return [...(context.availabilityZones?.(name) ?? [])];
};

const base64: Builtin = (args, resolve) => {
  const text = resolvedString(args, resolve);
  if (text === undefined) throw new TemplateError(M.base64Shape());
  return Buffer.from(text, 'utf8').toString('base64');
};

const cidr: Builtin = (args, resolve) => {
  if (!Array.isArray(args) || args.length !== 3) throw new TemplateError(M.cidrShape());
  const [block, count, bits] = args.map((arg) => resolvedString(arg, resolve));
  if (block === undefined || count === undefined || bits === undefined)
    throw new TemplateError(M.cidrShape());
  if (!/^\d+$/.test(count.trim()) || !/^\d+$/.test(bits.trim())) throw new TemplateError(M.cidrShape());
  return cidrSubnets(block.trim(), Number(count), Number(bits));
};

const length: Builtin = (args, resolve) => {
  const items = resolvedList(args, resolve);
  if (items === undefined) throw new TemplateError(M.lengthShape());
  return items.length;
};

const toJsonString: Builtin = (args, resolve) => {
  const resolved = resolve(args);
  if (resolved === NO_VALUE || resolved === null || typeof resolved !== 'object') {
    throw new TemplateError(M.toJsonStringShape());
  }
  return JSON.stringify(resolved);
};

/** The functions above by name, for the resolver's dispatch. */
export const BUILTINS = {
  'Fn::Join': join,
  'Fn::Select': select,
  'Fn::Split': split,
  'Fn::FindInMap': findInMap,
  'Fn::GetAZs': getAzs,
  'Fn::Base64': base64,
  'Fn::Cidr': cidr,
  'Fn::Length': length,
  'Fn::ToJsonString': toJsonString,
} as const satisfies Record<string, Builtin>;
