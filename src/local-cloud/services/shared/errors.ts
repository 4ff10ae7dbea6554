/**
 * The request-validation errors the JSON-protocol services share. Each service answers constraint
 * violations in the same "1 validation error detected" shape, but with its own code (Logs:
 * `InvalidParameterException`) and its own way of naming the member (KMS: `keyId` for the wire's `KeyId`):
 *
 *   export const constraintError = constraintErrorOf({ code: 'ValidationException', memberName: lowerFirst });
 */
import { AwsError } from '../../http/errors.js';

/** Builds the error a constraint violation of `member` (whose value was `value`) answers. */
export type ConstraintError = (member: string, value: unknown, constraint: string) => AwsError;

/** Builds the error a member of the wrong JSON type answers (`expected`: 'a string', 'an integer'…). */
export type WrongTypeError = (member: string, expected: string) => AwsError;

/** `1 validation error detected: Value 'x' at 'member' failed to satisfy constraint: …` (`null` unquoted). */
export function validationMessage(member: string, value: unknown, constraint: string): string {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`;
  return `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`;
}

export interface ConstraintErrorOptions {
  /** The code the service answers (`ValidationException`; Logs: `InvalidParameterException`). */
  code: string;
  /** How the message names the member; as given unless set (KMS: `lowerFirst`). */
  memberName?: (member: string) => string;
}

/** A service's constraint-violation error: its code, and the member named its way. */
export function constraintErrorOf(options: ConstraintErrorOptions): ConstraintError {
  const name = options.memberName ?? ((member: string) => member);
  return (member, value, constraint) =>
    new AwsError(options.code, validationMessage(name(member), value, constraint));
}

/** `KeyId` → `keyId`: how KMS and SSM name wire members in their validation messages. */
export function lowerFirst(member: string): string {
  return member.charAt(0).toLowerCase() + member.slice(1);
}

/** What the JSON protocol answers for a member of the wrong JSON type: `<member> must be <expected>.` */
export const serializationError: WrongTypeError = (member, expected) =>
  new AwsError('SerializationException', `${member} must be ${expected}.`);
