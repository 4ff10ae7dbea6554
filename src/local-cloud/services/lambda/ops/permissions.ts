/** AddPermission, GetPolicy, RemovePermission: the function's resource policy, per version or alias. */
import type { RequestContext, RestInput, RestJsonResult } from '../../../http/index.js';
import { type LambdaEnv, whereOf } from '../context.js';
import { LambdaErrors } from '../errors.js';
import { requireFunction, resolveQualifier, revisionId } from '../lookup.js';
import { functionArn, parseFunctionRef } from '../names.js';
import { type AddPermissionInput, policyDocument, statementFrom, statementsFor } from '../policy.js';
import { lambdaSlice } from '../state.js';

function policyTarget(env: LambdaEnv, input: RestInput, ctx: RequestContext, action: string) {
  const ref = parseFunctionRef(input.params.FunctionName, whereOf(env, ctx), input.query.get('Qualifier'));
  env.deps.authorize(ctx, { action, resource: functionArn(ref, ref.name, ref.qualifier) });
  const fn = requireFunction(env, ref);
  if (ref.qualifier === '$LATEST')
    throw LambdaErrors.invalid('We currently do not support adding policies for $LATEST.');
  if (ref.qualifier !== undefined) resolveQualifier(fn, ref.qualifier);
  const resource = ref.qualifier === undefined ? fn.arn : functionArn(fn, fn.name, ref.qualifier);
  return { fn, resource };
}

function policyRevision(statements: unknown): string {
  return revisionId(JSON.stringify(statements));
}

export function addPermission(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const body = input.json() as AddPermissionInput & { RevisionId?: unknown };
  const { fn, resource } = policyTarget(env, input, ctx, 'lambda:AddPermission');
  const own = statementsFor(fn.policy, resource);
  if (typeof body.RevisionId === 'string' && body.RevisionId !== policyRevision(own)) {
    throw LambdaErrors.preconditionFailed();
  }
  const statement = statementFrom(body, resource);
  if (own.some((s) => s.Sid === statement.Sid)) {
    throw LambdaErrors.conflict(
      `The statement id (${statement.Sid}) provided already exists. Please provide a new statement id, or remove the existing statement.`,
    );
  }
  env.deps.store.dispatch(lambdaSlice, 'putFunction', { ...fn, policy: [...fn.policy, statement] });
  return { status: 201, body: { Statement: JSON.stringify(statement) } };
}

export function getPolicy(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const { fn, resource } = policyTarget(env, input, ctx, 'lambda:GetPolicy');
  const own = statementsFor(fn.policy, resource);
  if (own.length === 0) throw LambdaErrors.policyNotFound();
  return { body: { Policy: policyDocument(own), RevisionId: policyRevision(own) } };
}

export function removePermission(env: LambdaEnv, input: RestInput, ctx: RequestContext): RestJsonResult {
  const { fn, resource } = policyTarget(env, input, ctx, 'lambda:RemovePermission');
  const sid = input.params.StatementId ?? '';
  const own = statementsFor(fn.policy, resource);
  const revision = input.query.get('RevisionId');
  if (revision !== null && revision !== policyRevision(own)) throw LambdaErrors.preconditionFailed();
  if (own.length === 0) throw LambdaErrors.policyNotFound();
  if (!own.some((s) => s.Sid === sid)) throw LambdaErrors.statementNotFound(sid);
  const policy = fn.policy.filter((s) => !(s.Resource === resource && s.Sid === sid));
  env.deps.store.dispatch(lambdaSlice, 'putFunction', { ...fn, policy });
  return { status: 204 };
}
