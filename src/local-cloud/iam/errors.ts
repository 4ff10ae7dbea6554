/**
 * Errors raised while reading a policy document. They are AWS-style errors: `code` is the error code IAM
 * answers with and `message` is worded as IAM words it, so the local cloud can return them unchanged.
 * `detail` says where in the document the problem is, for logs and for local users; AWS does not send it.
 */
export type PolicyErrorCode = 'MalformedPolicyDocument';

export class PolicyError extends Error {
  readonly code: PolicyErrorCode;
  readonly detail: string | undefined;

  constructor(message: string, detail?: string) {
    super(message);
    this.name = 'PolicyError';
    this.code = 'MalformedPolicyDocument';
    this.detail = detail;
  }
}

/** Messages as IAM words them. */
export const PolicyMessages = {
  syntax: 'Syntax errors in policy.',
  legacyParsing: 'The policy failed legacy parsing',
  principalNotAllowed: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal.',
  missingEffect: 'Missing required field Effect.',
  missingActions: 'Policy statement must contain actions.',
  missingResources: 'Policy statement must contain resources.',
  prohibitedField: (field: string) => `Has prohibited field ${field}.`,
  actionVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  actionColons: 'Actions/Condition can contain only one colon.',
  resourceFormat: (resource: string) => `Resource ${resource} must be in ARN format or "*".`,
  invalidPrincipal: (type: string, value: string) => `Invalid principal in policy: "${type}":"${value}"`,
} as const;
