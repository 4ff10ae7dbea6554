/**
 * Which objects in a template are intrinsic function calls.
 *
 * A call is a one-key object whose key is `Ref` or a known `Fn::` name. `Condition` is a call only where a
 * condition is expected (inside Fn::And / Fn::Or / Fn::Not and the Conditions section): elsewhere it is an
 * ordinary key, e.g. in an IAM policy statement. A one-key object with an unknown `Fn::` key is an error.
 */
import { TemplateError, TemplateMessages as M } from './errors.js';
import type { TemplateObject, TemplateValue } from './types.js';
import { isObject, singleKey } from './values.js';

/** The intrinsic functions the engine knows (Condition only in condition expressions). */
export const INTRINSIC_FUNCTIONS = [
  'Fn::Base64',
  'Fn::GetAtt',
  'Fn::GetAZs',
  'Fn::ImportValue',
  'Fn::Join',
  'Fn::Split',
  'Fn::FindInMap',
  'Fn::Select',
  'Ref',
  'Fn::Equals',
  'Fn::If',
  'Fn::Not',
  'Condition',
  'Fn::And',
  'Fn::Or',
  'Fn::Sub',
  'Fn::Cidr',
  'Fn::Length',
  'Fn::ToJsonString',
  'Fn::Transform',
] as const;

export type IntrinsicName = (typeof INTRINSIC_FUNCTIONS)[number];

export interface IntrinsicCall {
  name: IntrinsicName;
  args: TemplateValue;
}

/**
 * The call a value is, or undefined for plain data. `conditionContext` makes `{ Condition: X }` a call.
 * Throws for `{ 'Fn::Unknown': … }`.
 */
export function asIntrinsic(
  value: TemplateValue | undefined,
  conditionContext = false,
): IntrinsicCall | undefined {
  if (!isObject(value)) return undefined;
  const key = singleKey(value);
  if (key === undefined) return undefined;
  if (key === 'Condition' && !conditionContext) return undefined;
  if ((INTRINSIC_FUNCTIONS as readonly string[]).includes(key)) {
    return { name: key as IntrinsicName, args: (value as TemplateObject)[key]! };
  }
  if (key.startsWith('Fn::ForEach::')) throw new TemplateError(M.forEachUnsupported(key));
  if (key.startsWith('Fn::')) {
    throw new TemplateError(M.unknownFunction(key, INTRINSIC_FUNCTIONS));
  }
  return undefined;
}
