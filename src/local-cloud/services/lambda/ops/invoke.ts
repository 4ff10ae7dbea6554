/**
 * Invoke: `X-Amz-Invocation-Type` RequestResponse / Event / DryRun, `X-Amz-Log-Type: Tail`, and the
 * answer's `X-Amz-Function-Error`, `X-Amz-Log-Result`, `X-Amz-Executed-Version`. The caller needs
 * `lambda:InvokeFunction` from its own policies or from the function's resource policy.
 */
import type { RequestContext, RestInput, RestJsonResult } from '../../../http/index.js';
import { type LambdaEnv, whereOf } from '../context.js';
import { LambdaErrors } from '../errors.js';
import { runFunction } from '../invocation.js';
import { requireFunction, resolveQualifier } from '../lookup.js';
import { functionArn, parseFunctionRef } from '../names.js';
import { policyDocument, statementsFor } from '../policy.js';
import type { InvocationType } from '../runtime/index.js';
import type { StoredFunction } from '../state.js';

const TYPES: readonly string[] = ['RequestResponse', 'Event', 'DryRun'];

function invocationType(value: string | undefined): InvocationType {
  const type = value ?? 'RequestResponse';
  if (!TYPES.includes(type)) {
    throw LambdaErrors.validation(
      'invocationType',
      type,
      'Member must satisfy enum value set: [Event, RequestResponse, DryRun]',
    );
  }
  return type as InvocationType;
}

function logType(value: string | undefined): 'None' | 'Tail' {
  const type = value ?? 'None';
  if (type !== 'None' && type !== 'Tail') {
    throw LambdaErrors.validation('logType', type, 'Member must satisfy enum value set: [None, Tail]');
  }
  return type;
}

function clientContext(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    throw LambdaErrors.invalid('Client context must be a valid Base64-encoded JSON object.');
  }
}

/** The function's resource policy for the ARN being invoked (undefined when it has no statements). */
export function resourcePolicyFor(fn: StoredFunction, invokedArn: string): string | undefined {
  const statements = statementsFor(fn.policy, invokedArn);
  return statements.length === 0 ? undefined : policyDocument(statements);
}

export async function invoke(env: LambdaEnv, input: RestInput, ctx: RequestContext): Promise<RestJsonResult> {
  const ref = parseFunctionRef(input.params.FunctionName, whereOf(env, ctx), input.query.get('Qualifier'));
  const requested = functionArn(ref, ref.name, ref.qualifier);
  const type = invocationType(input.headers['x-amz-invocation-type']);
  const log = logType(input.headers['x-amz-log-type']);
  const fn = requireFunction(env, ref);
  const { version, invokedArn } = resolveQualifier(fn, ref.qualifier);
  const policy = resourcePolicyFor(fn, ref.qualifier === undefined ? fn.arn : invokedArn);
  env.deps.authorize(ctx, {
    action: 'lambda:InvokeFunction',
    resource: requested,
    resourceAccount: fn.accountId,
    resourcePolicy:
      policy === undefined ? undefined : { name: 'function policy', document: policy, kind: 'lambda' },
  });
  const result = await runFunction(env, {
    fn,
    version,
    invokedArn,
    event: input.body,
    endpoint: ctx.endpoint,
    options: {
      invocationType: type,
      logType: log,
      requestId: ctx.requestId,
      clientContext: clientContext(input.headers['x-amz-client-context']),
    },
  });
  const headers: Record<string, string> = {};
  if (result.functionError) headers['X-Amz-Function-Error'] = result.functionError;
  if (result.logResult !== undefined) headers['X-Amz-Log-Result'] = result.logResult;
  if (result.executedVersion !== undefined) headers['X-Amz-Executed-Version'] = result.executedVersion;
  if (result.statusCode !== 200) return { status: result.statusCode, headers };
  return {
    status: 200,
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: Buffer.from(result.payload, 'utf8'),
  };
}
