/** Small helpers for walking `TemplateValue`s. */
import type { TemplateObject, TemplateValue } from './types.js';

/** A JSON object (not null, not a list). */
export function isObject(value: TemplateValue | undefined): value is TemplateObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Logical IDs, parameter, mapping and output names: ASCII letters and digits only. */
export function isAlphanumeric(name: string): boolean {
  return /^[A-Za-z0-9]+$/.test(name);
}

/** A scalar as the string CloudFormation makes of it (numbers and booleans are stringified). */
export function scalarString(value: TemplateValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The single key of a one-key object, e.g. the function name of `{ 'Fn::Join': [...] }`. */
export function singleKey(value: TemplateObject): string | undefined {
  const keys = Object.keys(value);
  return keys.length === 1 ? keys[0] : undefined;
}

/** Byte length of a string in UTF-8, the unit of CloudFormation's body size limits. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Code-unit order, independent of the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
