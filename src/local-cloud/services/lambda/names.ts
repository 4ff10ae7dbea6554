/**
 * Function names and ARNs. `FunctionName` may be a name (`my-fn`), a partial ARN (`123456789012:function:my-fn`)
 * or a full ARN, each optionally with `:qualifier`; a qualifier in the name and in `Qualifier` must agree.
 * Pure.
 */
import { LambdaErrors } from './errors.js';

export interface Where {
  accountId: string;
  region: string;
}

export interface FunctionRef {
  name: string;
  accountId: string;
  region: string;
  qualifier?: string;
}

const NAME = /^[a-zA-Z0-9-_]{1,64}$/;
const QUALIFIER = /^(\$LATEST|[a-zA-Z0-9-_]{1,128})$/;
const FULL =
  /^arn:aws[a-zA-Z-]*:lambda:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):function:([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const PARTIAL = /^(\d{12}):function:([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const PLAIN = /^([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/;

export function functionArn(where: Where, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${where.region}:${where.accountId}:function:${name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

const NAME_CONSTRAINT =
  'Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?';

function refOf(value: string, where: Where): FunctionRef | undefined {
  const full = FULL.exec(value);
  if (full) return { region: full[1]!, accountId: full[2]!, name: full[3]!, qualifier: full[4] };
  const partial = PARTIAL.exec(value);
  if (partial) return { ...where, accountId: partial[1]!, name: partial[2]!, qualifier: partial[3] };
  const plain = PLAIN.exec(value);
  return plain ? { ...where, name: plain[1]!, qualifier: plain[2] } : undefined;
}

/** Parses `FunctionName` (+ `Qualifier`) as seen from the caller's account and region. */
export function parseFunctionRef(value: unknown, where: Where, qualifier?: string | null): FunctionRef {
  if (typeof value !== 'string' || value.length === 0) {
    throw LambdaErrors.validation(
      'functionName',
      value,
      'Member must have length greater than or equal to 1',
    );
  }
  const ref = refOf(value, where);
  if (!ref || ref.name.length > 64) throw LambdaErrors.validation('functionName', value, NAME_CONSTRAINT);
  if (qualifier !== undefined && qualifier !== null && qualifier !== '') {
    if (!QUALIFIER.test(qualifier)) {
      throw LambdaErrors.validation(
        'qualifier',
        qualifier,
        'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)',
      );
    }
    if (ref.qualifier !== undefined && ref.qualifier !== qualifier) {
      throw LambdaErrors.invalid(
        'The derived qualifier from the function name does not match the specified qualifier.',
      );
    }
    ref.qualifier = qualifier;
  }
  if (ref.qualifier === undefined) delete ref.qualifier;
  return ref;
}

/** A new function's name: a plain name of at most 64 characters (or an ARN naming the caller's account). */
export function newFunctionName(value: unknown, where: Where): string {
  const ref = parseFunctionRef(value, where);
  if (ref.qualifier !== undefined) {
    throw LambdaErrors.invalid('Unqualified function name is required for this operation.');
  }
  if (ref.accountId !== where.accountId || ref.region !== where.region) {
    throw LambdaErrors.invalid('The function ARN must be in the account and region of the caller.');
  }
  if (!NAME.test(ref.name)) throw LambdaErrors.validation('functionName', value, NAME_CONSTRAINT);
  return ref.name;
}
