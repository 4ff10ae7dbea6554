/** PublishVersion, ListVersionsByFunction, and aliases (CreateAlias, GetAlias, UpdateAlias, ListAliases, DeleteAlias). */
import type { RequestContext, RestInput, RestJsonResult } from '../../../http/index.js';
import { type LambdaEnv, whereOf } from '../context.js';
import { LambdaErrors } from '../errors.js';
import { fnKey, requireFunction, revisionId } from '../lookup.js';
import { functionArn, parseFunctionRef } from '../names.js';
import { aliasOf, configurationOf } from '../shapes.js';
import { lambdaSlice, type StoredAlias, type StoredFunction } from '../state.js';
import { checkDescription } from '../validation.js';
import { publish } from './functions.js';

const ALIAS = /^(?!^[0-9]+$)([a-zA-Z0-9-_]+)$/;

function unqualified(env: LambdaEnv, input: RestInput, ctx: RequestContext, action: string): StoredFunction {
  const ref = parseFunctionRef(input.params.FunctionName, whereOf(env, ctx));
  env.deps.authorize(ctx, { action, resource: functionArn(ref, ref.name) });
  if (ref.qualifier !== undefined)
    throw LambdaErrors.invalid('Unqualified function name is required for this operation.');
  return requireFunction(env, ref);
}

export function publishVersion(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const body = input.json();
  const fn = unqualified(env, input, ctx, 'lambda:PublishVersion');
  if (typeof body.CodeSha256 === 'string' && body.CodeSha256 !== fn.latest.codeSha256) {
    throw LambdaErrors.invalid(
      `CodeSHA256 (${body.CodeSha256}) is different from current CodeSHA256 in $LATEST (${fn.latest.codeSha256}). Please try again with the CodeSHA256 in $LATEST.`,
    );
  }
  if (typeof body.RevisionId === 'string' && body.RevisionId !== fn.latest.revisionId)
    throw LambdaErrors.preconditionFailed();
  const description = body.Description === undefined ? '' : checkDescription(body.Description);
  const version = publish(env, fn, description, ctx.now);
  return { status: 201, body: configurationOf(requireFunction(env, fn), version) };
}

export function listVersions(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const fn = unqualified(env, input, ctx, 'lambda:ListVersionsByFunction');
  const versions = Object.values(fn.versions).sort((a, b) => Number(a.version) - Number(b.version));
  return {
    body: { Versions: [configurationOf(fn, fn.latest), ...versions.map((v) => configurationOf(fn, v))] },
  };
}

function checkVersion(fn: StoredFunction, version: unknown): string {
  if (typeof version !== 'string' || (version !== '$LATEST' && !fn.versions[version])) {
    throw LambdaErrors.functionNotFound(functionArn(fn, fn.name, String(version)));
  }
  return version;
}

function saveAlias(env: LambdaEnv, fn: StoredFunction, alias: StoredAlias): void {
  env.deps.store.dispatch(lambdaSlice, 'putFunction', {
    ...fn,
    aliases: { ...fn.aliases, [alias.name]: alias },
  });
}

export function createAlias(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const body = input.json();
  const fn = unqualified(env, input, ctx, 'lambda:CreateAlias');
  const name = body.Name;
  if (typeof name !== 'string' || !ALIAS.test(name) || name.length > 128) {
    throw LambdaErrors.validation(
      'name',
      name,
      'Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)',
    );
  }
  if (fn.aliases[name])
    throw LambdaErrors.conflict(`Alias already exists: ${functionArn(fn, fn.name, name)}`);
  const functionVersion = checkVersion(fn, body.FunctionVersion);
  const description = body.Description === undefined ? '' : checkDescription(body.Description);
  const alias = {
    name,
    functionVersion,
    description,
    revisionId: revisionId(fnKey(fn), name, functionVersion, description),
  };
  saveAlias(env, fn, alias);
  return { status: 201, body: aliasOf(fn, alias) };
}

function requireAlias(fn: StoredFunction, name: string): StoredAlias {
  const alias = fn.aliases[name];
  if (!alias) throw LambdaErrors.aliasNotFound(functionArn(fn, fn.name, name));
  return alias;
}

export function getAlias(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const fn = unqualified(env, input, ctx, 'lambda:GetAlias');
  return { body: aliasOf(fn, requireAlias(fn, input.params.Name ?? '')) };
}

export function updateAlias(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const body = input.json();
  const fn = unqualified(env, input, ctx, 'lambda:UpdateAlias');
  const current = requireAlias(fn, input.params.Name ?? '');
  if (typeof body.RevisionId === 'string' && body.RevisionId !== current.revisionId)
    throw LambdaErrors.preconditionFailed();
  const functionVersion =
    body.FunctionVersion === undefined ? current.functionVersion : checkVersion(fn, body.FunctionVersion);
  const description =
    body.Description === undefined ? current.description : checkDescription(body.Description);
  const alias = {
    ...current,
    functionVersion,
    description,
    revisionId: revisionId(fnKey(fn), current.name, functionVersion, description),
  };
  saveAlias(env, fn, alias);
  return { body: aliasOf(fn, alias) };
}

export function listAliases(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const fn = unqualified(env, input, ctx, 'lambda:ListAliases');
  const only = input.query.get('FunctionVersion');
  const aliases = Object.values(fn.aliases)
    .filter((a) => only === null || a.functionVersion === only)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  return { body: { Aliases: aliases.map((a) => aliasOf(fn, a)) } };
}

export function deleteAlias(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const fn = unqualified(env, input, ctx, 'lambda:DeleteAlias');
  const { [input.params.Name ?? '']: _gone, ...aliases } = fn.aliases;
  env.deps.store.dispatch(lambdaSlice, 'putFunction', { ...fn, aliases });
  return { status: 204 };
}
