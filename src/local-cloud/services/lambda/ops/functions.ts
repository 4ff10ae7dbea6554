/**
 * CreateFunction, GetFunction, GetFunctionConfiguration, UpdateFunctionCode, UpdateFunctionConfiguration,
 * DeleteFunction, ListFunctions. The execution role must trust Lambda and the caller needs `iam:PassRole`
 * on it; code comes from the request or from S3 with the caller's permissions.
 */
import type { RequestContext, RestInput, RestJsonResult } from '../../../http/index.js';
import { checkZipSize, codeSha256, readCode, type CodeInput } from '../code.js';
import { type LambdaEnv, lambdaState, lambdaTime, whereOf } from '../context.js';
import { LambdaErrors } from '../errors.js';
import { requireFunction, resolveQualifier, fnKey, revisionId, findFunction } from '../lookup.js';
import { functionArn, newFunctionName, parseFunctionRef } from '../names.js';
import { checkExecutionRole, LAMBDA_PRINCIPAL } from '../roles.js';
import { configurationOf } from '../shapes.js';
import { type FunctionVersion, lambdaSlice, type StoredFunction } from '../state.js';
import {
  checkDescription,
  checkEnvironment,
  checkHandler,
  checkMemory,
  checkRuntime,
  checkTimeout,
  LAMBDA_LIMITS,
} from '../validation.js';

type Body = Record<string, unknown>;

function authorizeRole(env: LambdaEnv, ctx: RequestContext, role: unknown): string {
  const record = checkExecutionRole(env.deps.store, role);
  env.deps.authorize(ctx, {
    action: 'iam:PassRole',
    resource: record.arn,
    contextKeys: { 'iam:PassedToService': LAMBDA_PRINCIPAL },
  });
  return record.arn;
}

/** Stores the zip and unpacks it once, so a broken zip fails the request that brings it. */
async function storeCode(env: LambdaEnv, zip: Buffer) {
  checkZipSize(zip);
  const blob = env.deps.store.putBlob(zip);
  await env.code.dirFor(blob, () => zip);
  return { codeBlob: blob, codeSha256: codeSha256(zip), codeSize: zip.length };
}

function save(env: LambdaEnv, fn: StoredFunction): void {
  env.deps.store.dispatch(lambdaSlice, 'putFunction', fn);
}

function withRevision(version: Omit<FunctionVersion, 'revisionId'>): FunctionVersion {
  return { ...version, revisionId: revisionId(JSON.stringify(version)) };
}

function checkRevision(body: Body, current: string): void {
  if (typeof body.RevisionId === 'string' && body.RevisionId !== current)
    throw LambdaErrors.preconditionFailed();
}

export async function createFunction(
  env: LambdaEnv,
  input: RestInput,
  ctx: RequestContext,
): Promise<RestJsonResult> {
  const body = input.json();
  const where = whereOf(env, ctx);
  const name = newFunctionName(body.FunctionName, where);
  const arn = functionArn(where, name);
  env.deps.authorize(ctx, { action: 'lambda:CreateFunction', resource: arn });
  if (body.PackageType === 'Image') {
    throw LambdaErrors.invalid(
      'The local cloud runs Zip package functions only; container images are not supported.',
    );
  }
  const runtime = checkRuntime(body.Runtime);
  const handler = checkHandler(body.Handler);
  const memorySize = body.MemorySize === undefined ? 128 : checkMemory(body.MemorySize);
  const timeout = body.Timeout === undefined ? 3 : checkTimeout(body.Timeout);
  const description = body.Description === undefined ? '' : checkDescription(body.Description);
  const environment = checkEnvironment(body.Environment);
  const role = authorizeRole(env, ctx, body.Role);
  if (findFunction(env, { ...where, name })) throw LambdaErrors.conflict(`Function already exist: ${name}`);
  if (typeof body.Code !== 'object' || body.Code === null) {
    throw LambdaErrors.invalid('Please provide a source for function code.');
  }
  const code = await storeCode(env, readCode(env.s3, ctx, body.Code as CodeInput));
  const latest = withRevision({
    version: '$LATEST',
    runtime,
    handler,
    role,
    description,
    memorySize,
    timeout,
    environment,
    ...code,
    lastModified: lambdaTime(ctx.now),
  });
  const fn: StoredFunction = {
    name,
    ...where,
    arn,
    latest,
    versions: {},
    lastVersion: 0,
    aliases: {},
    policy: [],
    tags: typeof body.Tags === 'object' && body.Tags !== null ? (body.Tags as Record<string, string>) : {},
  };
  // Another CreateFunction may have finished while the code was read.
  if (findFunction(env, { ...where, name })) throw LambdaErrors.conflict(`Function already exist: ${name}`);
  save(env, fn);
  if (body.Publish === true) publish(env, fn, '', ctx.now);
  const stored = requireFunction(env, { ...where, name });
  return {
    status: 201,
    body: configurationOf(
      stored,
      body.Publish === true ? stored.versions[String(stored.lastVersion)]! : stored.latest,
    ),
  };
}

/** Freezes `$LATEST` as the next version (or returns the last one when nothing changed). */
export function publish(env: LambdaEnv, fn: StoredFunction, description: string, now: Date): FunctionVersion {
  const last = fn.versions[String(fn.lastVersion)];
  if (last && last.codeSha256 === fn.latest.codeSha256 && last.revisionId === fn.latest.revisionId)
    return last;
  const number = fn.lastVersion + 1;
  const version = withRevision({
    ...fn.latest,
    version: String(number),
    description: description || fn.latest.description,
    lastModified: lambdaTime(now),
  });
  save(env, { ...fn, lastVersion: number, versions: { ...fn.versions, [version.version]: version } });
  return version;
}

function target(env: LambdaEnv, input: RestInput, ctx: RequestContext, action: string) {
  const ref = parseFunctionRef(input.params.FunctionName, whereOf(env, ctx), input.query.get('Qualifier'));
  env.deps.authorize(ctx, { action, resource: functionArn(ref, ref.name, ref.qualifier) });
  return { ref, fn: requireFunction(env, ref) };
}

export function getFunction(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const { ref, fn } = target(env, input, ctx, 'lambda:GetFunction');
  const { version } = resolveQualifier(fn, ref.qualifier);
  return {
    body: {
      Configuration: configurationOf(fn, version),
      Code: { RepositoryType: 'S3' },
      ...(Object.keys(fn.tags).length > 0 ? { Tags: fn.tags } : {}),
    },
  };
}

export function getFunctionConfiguration(
  env: LambdaEnv,
  input: RestInput,
  ctx: RequestContext,
): RestJsonResult {
  const { ref, fn } = target(env, input, ctx, 'lambda:GetFunctionConfiguration');
  return { body: configurationOf(fn, resolveQualifier(fn, ref.qualifier).version) };
}

function unqualifiedTarget(env: LambdaEnv, input: RestInput, ctx: RequestContext, action: string) {
  const { ref, fn } = target(env, input, ctx, action);
  if (ref.qualifier !== undefined)
    throw LambdaErrors.invalid('Unqualified function name is required for this operation.');
  return fn;
}

export async function updateFunctionCode(
  env: LambdaEnv,
  input: RestInput,
  ctx: RequestContext,
): Promise<RestJsonResult> {
  const body = input.json();
  const fn = unqualifiedTarget(env, input, ctx, 'lambda:UpdateFunctionCode');
  checkRevision(body, fn.latest.revisionId);
  const code = await storeCode(env, readCode(env.s3, ctx, body as CodeInput));
  const current = requireFunction(env, fn);
  const latest = withRevision({ ...current.latest, ...code, lastModified: lambdaTime(ctx.now) });
  const updated = { ...current, latest };
  save(env, updated);
  const shown = body.Publish === true ? publish(env, updated, '', ctx.now) : latest;
  return { body: configurationOf(requireFunction(env, fn), shown) };
}

export function updateFunctionConfiguration(
  env: LambdaEnv,
  input: RestInput,
  ctx: RequestContext,
): RestJsonResult {
  const body = input.json();
  const fn = unqualifiedTarget(env, input, ctx, 'lambda:UpdateFunctionConfiguration');
  checkRevision(body, fn.latest.revisionId);
  const next = { ...fn.latest };
  if (body.Runtime !== undefined) next.runtime = checkRuntime(body.Runtime);
  if (body.Handler !== undefined) next.handler = checkHandler(body.Handler);
  if (body.MemorySize !== undefined) next.memorySize = checkMemory(body.MemorySize);
  if (body.Timeout !== undefined) next.timeout = checkTimeout(body.Timeout);
  if (body.Description !== undefined) next.description = checkDescription(body.Description);
  if (body.Environment !== undefined) next.environment = checkEnvironment(body.Environment);
  if (body.Role !== undefined) next.role = authorizeRole(env, ctx, body.Role);
  const { revisionId: _old, ...rest } = { ...next, lastModified: lambdaTime(ctx.now) };
  const latest = withRevision(rest);
  save(env, { ...fn, latest });
  return { body: configurationOf(fn, latest) };
}

export function deleteFunction(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const { ref, fn } = target(env, input, ctx, 'lambda:DeleteFunction');
  if (ref.qualifier === undefined) {
    env.deps.store.dispatch(lambdaSlice, 'deleteFunction', { key: fnKey(fn) });
    return { status: 204 };
  }
  if (ref.qualifier === '$LATEST')
    throw LambdaErrors.invalid('$LATEST version cannot be deleted without deleting the function.');
  if (!fn.versions[ref.qualifier])
    throw LambdaErrors.functionNotFound(functionArn(fn, fn.name, ref.qualifier));
  const used = Object.values(fn.aliases).find((a) => a.functionVersion === ref.qualifier);
  if (used) {
    throw LambdaErrors.conflict(
      `Unable to delete version because the following aliases reference it: [${used.name}]`,
    );
  }
  env.deps.store.dispatch(lambdaSlice, 'deleteVersion', { key: fnKey(fn), version: ref.qualifier });
  return { status: 204 };
}

function decodeMarker(marker: string | null): string | undefined {
  if (marker === null || marker === '') return undefined;
  const name = Buffer.from(marker, 'base64url').toString('utf8');
  if (!/^[a-zA-Z0-9-_]+$/.test(name)) throw LambdaErrors.invalid('Invalid pagination token');
  return name;
}

export function listFunctions(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  env.deps.authorize(ctx, { action: 'lambda:ListFunctions', resource: '*' });
  const where = whereOf(env, ctx);
  const maxRaw = input.query.get('MaxItems');
  const max = maxRaw === null ? LAMBDA_LIMITS.listMaxItems : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > 10000) {
    throw LambdaErrors.validation('maxItems', maxRaw, 'Member must have value greater than or equal to 1');
  }
  const after = decodeMarker(input.query.get('Marker'));
  const all = Object.values(lambdaState(env).functions)
    .filter((fn) => fn.accountId === where.accountId && fn.region === where.region)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .filter((fn) => after === undefined || fn.name > after);
  const page = all.slice(0, Math.min(max, LAMBDA_LIMITS.listMaxItems));
  const withVersions = input.query.get('FunctionVersion') === 'ALL';
  const functions = page.flatMap((fn) => [
    configurationOf(fn, fn.latest),
    ...(withVersions ? Object.values(fn.versions).map((v) => configurationOf(fn, v)) : []),
  ]);
  const more = all.length > page.length;
  return {
    body: {
      Functions: functions,
      ...(more ? { NextMarker: Buffer.from(page[page.length - 1]!.name).toString('base64url') } : {}),
    },
  };
}
