/**
 * Publishing on behalf of an AWS service (EventBridge rules with a topic target, CloudWatch alarms…):
 * the service principal (`events.amazonaws.com`) has no IAM policies, so only the topic policy can allow
 * it, as on AWS; `aws:SourceArn` and `aws:SourceAccount` are set for the policy's conditions.
 */
import { accessDeniedMessage, evaluate } from '../../iam/index.js';
import type { AuthorizeRequest } from '../deps.js';
import { SnsErrors } from './errors.js';
import { parseTopicArn } from './names.js';
import type { SnsCall } from './runtime.js';

export interface ServicePrincipalInput {
  /** `events.amazonaws.com` */
  servicePrincipal: string;
  /** The resource the service acts for (the rule's ARN): `aws:SourceArn`. */
  sourceArn?: string;
  /** `aws:SourceAccount` */
  sourceAccount?: string;
  topicArn: string;
  now: Date;
}

export function servicePrincipalCall(input: ServicePrincipalInput): SnsCall {
  const parsed = parseTopicArn(input.topicArn);
  if (!parsed) throw SnsErrors.invalidParameter('TopicArn');
  const principal = {
    type: 'Service' as const,
    arn: '',
    accountId: '',
    servicePrincipal: input.servicePrincipal,
  };
  const authorize = (request: AuthorizeRequest) => {
    const result = evaluate({
      request: {
        principal,
        action: request.action,
        resource: request.resource,
        resourceAccount: request.resourceAccount,
        contextKeys: {
          ...request.contextKeys,
          ...(input.sourceArn === undefined ? {} : { 'aws:SourceArn': input.sourceArn }),
          ...(input.sourceAccount === undefined ? {} : { 'aws:SourceAccount': input.sourceAccount }),
        },
      },
      resourcePolicy: request.resourcePolicy && {
        name: request.resourcePolicy.name,
        document: request.resourcePolicy.document,
      },
      resourcePolicyKind: request.resourcePolicy?.kind,
    });
    if (result.decision === 'Allow') return;
    throw SnsErrors.authorization(
      accessDeniedMessage({
        principalArn: input.servicePrincipal,
        action: request.action,
        resource: request.resource,
        decision: result.decision,
        policyType: result.policyType,
      }),
    );
  };
  return {
    where: { accountId: parsed.accountId, region: parsed.region },
    principalArn: input.servicePrincipal,
    now: input.now,
    endpoint: `https://sns.${parsed.region}.amazonaws.com`,
    authorize,
  };
}
