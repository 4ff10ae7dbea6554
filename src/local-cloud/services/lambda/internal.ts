/**
 * What Lambda offers the other services: `invokeAsService` (Config rules, EventBridge and SNS targets),
 * allowed only by the function's resource policy with its `aws:SourceAccount` / `aws:SourceArn`
 * conditions, and target handlers for EventBridge rules and SNS subscriptions built on it.
 */
import type { LambdaInternal } from '../deps.js';
import type { TargetHandler } from '../events/index.js';
import type { SubscriptionHandler } from '../sns/index.js';
import { serviceMayInvoke } from './authz.js';
import type { LambdaEnv } from './context.js';
import { LambdaErrors } from './errors.js';
import { runFunction } from './invocation.js';
import { requireFunction, resolveQualifier } from './lookup.js';
import { functionArn, parseFunctionRef } from './names.js';
import { resourcePolicyFor } from './ops/invoke.js';

function parsePayload(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createLambdaInternal(env: LambdaEnv): LambdaInternal {
  return {
    async invokeAsService(request) {
      const arnParts = request.functionArn.split(':');
      const where = { accountId: arnParts[4] ?? '', region: arnParts[3] ?? '' };
      const ref = parseFunctionRef(request.functionArn, where);
      const fn = requireFunction(env, ref);
      const { version, invokedArn } = resolveQualifier(fn, ref.qualifier);
      const allowed = serviceMayInvoke({
        service: request.servicePrincipal,
        functionArn: functionArn(ref, ref.name, ref.qualifier),
        policy: resourcePolicyFor(fn, ref.qualifier === undefined ? fn.arn : invokedArn),
        sourceAccount: request.sourceAccount,
        sourceArn: request.sourceArn,
      });
      if (!allowed) {
        throw LambdaErrors.accessDenied(
          `${request.servicePrincipal} is not authorized to perform: lambda:InvokeFunction on resource: ${request.functionArn} because no resource-based policy allows the lambda:InvokeFunction action`,
        );
      }
      const result = await runFunction(env, {
        fn,
        version,
        invokedArn,
        event: request.payload ?? {},
        options: { invocationType: request.invocationType ?? 'RequestResponse' },
      });
      return {
        statusCode: result.statusCode,
        payload: parsePayload(result.payload),
        ...(result.functionError ? { functionError: result.functionError } : {}),
      };
    },
  };
}

/** EventBridge delivers to Lambda targets asynchronously, as `events.amazonaws.com` for the rule. */
export function lambdaEventTarget(lambda: LambdaInternal): TargetHandler {
  return async (delivery) => {
    await lambda.invokeAsService({
      functionArn: delivery.target.Arn,
      servicePrincipal: 'events.amazonaws.com',
      sourceArn: delivery.rule.arn,
      sourceAccount: delivery.rule.accountId,
      payload: JSON.parse(delivery.input),
      invocationType: 'Event',
    });
  };
}

/**
 * SNS delivers to `lambda` subscriptions asynchronously, as `sns.amazonaws.com` for the topic; other
 * protocols (sqs, http, email…) have no endpoint in the local cloud and their deliveries are marked Failed.
 */
export function lambdaSubscriptionHandler(lambda: LambdaInternal): SubscriptionHandler {
  return async (delivery) => {
    const { subscription } = delivery;
    if (subscription.protocol !== 'lambda') {
      throw new Error(`The local cloud cannot deliver to ${subscription.protocol} endpoints.`);
    }
    await lambda.invokeAsService({
      functionArn: subscription.endpoint,
      servicePrincipal: 'sns.amazonaws.com',
      sourceArn: subscription.topicArn,
      sourceAccount: subscription.topicArn.split(':')[4],
      payload: JSON.parse(delivery.payload),
      invocationType: 'Event',
    });
  };
}
