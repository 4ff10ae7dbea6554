/**
 * Permission checks Lambda makes without a request of its own: writing logs as the function's role
 * (the role session's policies, as CloudWatch Logs would check them), and invocations by AWS service
 * principals (`config.amazonaws.com`, …), which only the function's resource policy can allow.
 */
import { accessDenied, callerPolicies, type PolicyLookup } from '../../core/authorize.js';
import type { IdentityCredential } from '../../core/identity.js';
import { evaluate } from '../../iam/index.js';
import type { AuthorizeRequest } from '../deps.js';
import { servicePrincipal } from './roles.js';

/** `authorize` for a principal holding `credential` (no transport condition keys). */
export function authorizerFor(
  credential: IdentityCredential,
  policies: PolicyLookup,
): (request: AuthorizeRequest) => void {
  return (request) => {
    const result = evaluate({
      request: {
        principal: credential.principal,
        action: request.action,
        resource: request.resource,
        resourceAccount: request.resourceAccount,
        contextKeys: request.contextKeys,
      },
      ...callerPolicies(credential, policies),
      resourcePolicy: request.resourcePolicy && {
        name: request.resourcePolicy.name,
        document: request.resourcePolicy.document,
      },
      resourcePolicyKind: request.resourcePolicy?.kind,
    });
    if (result.decision !== 'Allow') {
      throw accessDenied(
        { protocol: 'json' },
        { principal: credential.principal, action: request.action, resource: request.resource, result },
      );
    }
  };
}

/** Whether the function's policy lets `service` invoke it, given `aws:SourceAccount` / `aws:SourceArn`. */
export function serviceMayInvoke(input: {
  service: string;
  functionArn: string;
  policy: string | undefined;
  sourceAccount?: string;
  sourceArn?: string;
}): boolean {
  if (input.policy === undefined) return false;
  const result = evaluate({
    request: {
      principal: servicePrincipal(input.service),
      action: 'lambda:InvokeFunction',
      resource: input.functionArn,
      contextKeys: {
        'aws:SourceAccount': input.sourceAccount,
        'aws:SourceArn': input.sourceArn,
      },
    },
    resourcePolicy: { name: 'function policy', document: input.policy },
    resourcePolicyKind: 'lambda',
  });
  return result.decision === 'Allow';
}
