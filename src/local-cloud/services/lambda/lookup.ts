/** Finding functions, versions and aliases named in requests; not-found errors as Lambda words them. */
import { createHash } from 'node:crypto';
import { type LambdaEnv, lambdaState } from './context.js';
import { LambdaErrors } from './errors.js';
import { type FunctionRef, functionArn } from './names.js';
import { type FunctionVersion, functionKey, type StoredFunction } from './state.js';

export function findFunction(env: LambdaEnv, ref: FunctionRef): StoredFunction | undefined {
  return lambdaState(env).functions[functionKey(ref, ref.name)];
}

export function requireFunction(env: LambdaEnv, ref: FunctionRef): StoredFunction {
  const fn = findFunction(env, ref);
  if (!fn) throw LambdaErrors.functionNotFound(functionArn(ref, ref.name, ref.qualifier));
  return fn;
}

export interface ResolvedVersion {
  version: FunctionVersion;
  /** The ARN as invoked (with the qualifier the caller used). */
  invokedArn: string;
}

/** The configuration a qualifier (`$LATEST`, a version number or an alias name) points at. */
export function resolveQualifier(fn: StoredFunction, qualifier: string | undefined): ResolvedVersion {
  if (qualifier === undefined || qualifier === '$LATEST') {
    return { version: fn.latest, invokedArn: qualifier ? `${fn.arn}:$LATEST` : fn.arn };
  }
  const invokedArn = functionArn(fn, fn.name, qualifier);
  const alias = fn.aliases[qualifier];
  const version = fn.versions[alias ? alias.functionVersion : qualifier];
  if (!version) throw LambdaErrors.functionNotFound(invokedArn);
  return { version, invokedArn };
}

/** A revision ID derived from what it identifies (same content and time → same ID). */
export function revisionId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\n')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function fnKey(fn: StoredFunction): string {
  return functionKey(fn, fn.name);
}
