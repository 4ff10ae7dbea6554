/**
 * Small typed builders for CloudFormation JSON, and the one way a template
 * becomes bytes: canonical JSON (keys in the order the builders put them,
 * one-space indentation, trailing newline) named by its sha256.
 */
import { createHash } from 'node:crypto';

/** A JSON value as it appears in a template. `undefined` object members are left out. */
export type CfnValue = string | number | boolean | null | CfnValue[] | CfnObject;
export interface CfnObject {
  [key: string]: CfnValue | undefined;
}

export type DeletionPolicy = 'Delete' | 'Retain' | 'RetainExceptOnCreate' | 'Snapshot';

export interface CfnResource {
  Type: string;
  Condition?: string;
  DependsOn?: string[];
  DeletionPolicy?: DeletionPolicy;
  UpdateReplacePolicy?: DeletionPolicy;
  Metadata?: CfnObject;
  Properties: CfnObject;
}

export interface CfnParameter {
  Type: 'String' | 'Number' | 'CommaDelimitedList';
  Description?: string;
  Default?: string;
  AllowedPattern?: string;
  AllowedValues?: string[];
  ConstraintDescription?: string;
}

export interface CfnOutput {
  Description?: string;
  Value: CfnValue;
  Condition?: string;
}

export interface CfnTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description?: string;
  Metadata?: CfnObject;
  Parameters?: Record<string, CfnParameter>;
  Conditions?: Record<string, CfnValue>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
}

// ── intrinsic functions ────────────────────────────────────────────────────

export const ref = (logicalId: string): CfnObject => ({ Ref: logicalId });
export const getAtt = (logicalId: string, attribute: string): CfnObject => ({
  'Fn::GetAtt': [logicalId, attribute],
});
export const sub = (text: string): CfnObject => ({ 'Fn::Sub': text });
export const fnEquals = (a: CfnValue, b: CfnValue): CfnObject => ({ 'Fn::Equals': [a, b] });
export const fnOr = (conditions: CfnValue[]): CfnObject => ({ 'Fn::Or': conditions });
export const fnAnd = (conditions: CfnValue[]): CfnObject => ({ 'Fn::And': conditions });
export const fnNot = (condition: CfnValue): CfnObject => ({ 'Fn::Not': [condition] });

/** Makes literal text safe inside `Fn::Sub`: `${` is written `${!` there. */
export function escapeSub(literal: string): string {
  return literal.replaceAll('${', '${!');
}

// ── builders ───────────────────────────────────────────────────────────────

/** A resource with its attributes in CloudFormation's usual order. */
export function resource(
  type: string,
  properties: CfnObject,
  attributes: Omit<CfnResource, 'Type' | 'Properties'> = {},
): CfnResource {
  const { Condition, DependsOn, DeletionPolicy, UpdateReplacePolicy, Metadata } = attributes;
  return {
    Type: type,
    ...(Condition !== undefined && { Condition }),
    ...(DependsOn !== undefined && DependsOn.length > 0 && { DependsOn }),
    ...(DeletionPolicy !== undefined && { DeletionPolicy }),
    ...(UpdateReplacePolicy !== undefined && { UpdateReplacePolicy }),
    ...(Metadata !== undefined && { Metadata }),
    Properties: properties,
  };
}

export interface TemplateParts {
  description: string;
  metadata?: CfnObject;
  parameters?: Record<string, CfnParameter>;
  conditions?: Record<string, CfnValue>;
  resources: Record<string, CfnResource>;
  outputs?: Record<string, CfnOutput>;
}

/** A template with its sections in a fixed order; empty optional sections are left out. */
export function template(parts: TemplateParts): CfnTemplate {
  const nonEmpty = <T extends object>(section: T | undefined) =>
    section !== undefined && Object.keys(section).length > 0 ? section : undefined;
  const parameters = nonEmpty(parts.parameters);
  const conditions = nonEmpty(parts.conditions);
  const outputs = nonEmpty(parts.outputs);
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: parts.description,
    ...(parts.metadata !== undefined && { Metadata: parts.metadata }),
    ...(parameters !== undefined && { Parameters: parameters }),
    ...(conditions !== undefined && { Conditions: conditions }),
    Resources: parts.resources,
    ...(outputs !== undefined && { Outputs: outputs }),
  };
}

/** Code-unit order: the same on every machine and in every locale (unlike localeCompare). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface CfnTag extends CfnObject {
  Key: string;
  Value: string;
}

/** Tags as CloudFormation's Key/Value list, sorted by key. */
export function tagList(tags: Record<string, string>): CfnTag[] {
  return Object.keys(tags)
    .sort(compareStrings)
    .map((Key) => ({ Key, Value: tags[Key]! }));
}

/** A copy of a JSON value with every object's keys sorted (for values whose order carries no meaning). */
export function sortKeysDeep(value: unknown): CfnValue {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const out: CfnObject = {};
    for (const key of Object.keys(value).sort(compareStrings)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeysDeep(v);
    }
    return out;
  }
  return value as CfnValue;
}

// ── bytes ──────────────────────────────────────────────────────────────────

/**
 * The canonical bytes of a template: keys in insertion order (the builders
 * fix it), one-space indentation (templates are size-limited; one space keeps
 * them readable at 30% less than two), a trailing newline. Object members
 * that are `undefined` are left out; anything JSON cannot carry faithfully
 * (undefined in an array, NaN, functions, class instances) is a bug and throws.
 */
export function canonicalJson(value: unknown): string {
  assertJson(value, '$');
  return `${JSON.stringify(value, null, 1)}\n`;
}

function assertJson(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (item === undefined) throw new TypeError(`canonicalJson: ${path}[${i}] is undefined`);
      assertJson(item, `${path}[${i}]`);
    });
    return;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) assertJson(item, `${path}.${key}`);
    }
    return;
  }
  throw new TypeError(`canonicalJson: ${path} is not JSON (${typeof value})`);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
