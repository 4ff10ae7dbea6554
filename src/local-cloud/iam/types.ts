/**
 * Public types of the local cloud's IAM policy evaluator.
 *
 * The evaluator is pure: callers hand it the request (who, what, on which resource, with which context
 * keys) and the policies that apply; it returns a decision. It never reads a clock or does I/O: time
 * keys such as `aws:CurrentTime` are supplied by the caller.
 */

/** A JSON policy document as written by users (IAM policy grammar). */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement | PolicyStatement[];
}

export type OneOrMany<T> = T | T[];

/** `"*"` or an object such as `{"AWS": [...], "Service": "lambda.amazonaws.com"}`. */
export type PrincipalBlock =
  | '*'
  | Partial<Record<'AWS' | 'Service' | 'Federated' | 'CanonicalUser', OneOrMany<string>>>;

export type ConditionValue = string | number | boolean;

/** `{"StringEquals": {"aws:PrincipalOrgID": "o-123"}}` */
export type ConditionBlock = Record<string, Record<string, OneOrMany<ConditionValue>>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  Condition?: ConditionBlock;
}

/**
 * Which grammar a document must follow.
 * - `identity`: identity-based policies, permissions boundaries and session policies (no Principal,
 *   Resource required).
 * - `resource`: resource-based policies such as bucket, key and Lambda policies (Principal required).
 * - `trust`: IAM role trust policies (Principal required, Resource prohibited, no NotPrincipal).
 */
export type PolicyGrammar = 'identity' | 'resource' | 'trust';

/**
 * How a resource-based policy takes part in evaluation.
 * `kms-key` and `trust` must themselves allow the request, even within one account (a key policy or
 * trust policy that names the account root delegates to that account's identity policies); the
 * others allow on their own or leave the decision to identity policies.
 */
export type ResourcePolicyKind = 'bucket' | 'kms-key' | 'trust' | 'lambda' | 'generic';

export type PrincipalType = 'Root' | 'AssumedRole' | 'User' | 'Service' | 'Anonymous';

/** The authenticated caller. */
export interface RequestPrincipal {
  type: PrincipalType;
  /**
   * The caller's own ARN: the session ARN for an assumed role
   * (`arn:aws:sts::111122223333:assumed-role/Deploy/session`), the user ARN, or
   * `arn:aws:iam::111122223333:root`. Empty for anonymous callers and service principals.
   */
  arn: string;
  /** For assumed roles: the role ARN with its path (`arn:aws:iam::111122223333:role/path/Deploy`). */
  roleArn?: string;
  /** 12-digit account; empty for anonymous callers and service principals. */
  accountId: string;
  orgId?: string;
  /** `o-xxx/r-xxx/ou-xxx/` style paths (multivalued key `aws:PrincipalOrgPaths`). */
  orgPaths?: readonly string[];
  /** Principal tags (role tags merged with session tags). */
  tags?: Readonly<Record<string, string>>;
  /** For `type: 'Service'`: e.g. `cloudformation.amazonaws.com`. */
  servicePrincipal?: string;
  /** `aws:userid` (e.g. `AROAEXAMPLE:session`); only set when known. */
  userId?: string;
}

export type ContextValue = string | readonly string[] | boolean | number | undefined;

/** What is being asked for. */
export interface RequestContext {
  principal: RequestPrincipal;
  /** `service:Action`, e.g. `s3:GetObject`. Case-insensitive. */
  action: string;
  /** The resource ARN, or `*` for actions without a resource. Case-sensitive. */
  resource: string;
  /**
   * The account that owns the resource. Defaults to the ARN's account field; for ARNs without one
   * (S3) it defaults to the caller's account, so S3 callers must pass it for cross-account requests.
   */
  resourceAccount?: string;
  /**
   * Request context keys (`aws:SecureTransport`, `aws:SourceIp`, `aws:CurrentTime`, `kms:ViaService`,
   * `s3:x-amz-server-side-encryption`, `sts:ExternalId`...). Key names are case-insensitive. Principal
   * keys (`aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`,
   * `aws:PrincipalTag/*`, `aws:PrincipalType`, `aws:userid`, `aws:username`, `aws:ResourceAccount`...)
   * are derived from `principal` unless given here.
   */
  contextKeys?: Readonly<Record<string, ContextValue>>;
}

export type Decision = 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';

/** The policy type a decision is attributed to, as AWS names it in AccessDenied messages. */
export type DecidingPolicyType =
  | 'identity-based'
  | 'resource-based'
  | 'role trust'
  | 'permissions boundary'
  | 'session'
  | 'root user';

export type EvaluationReason =
  | 'explicit deny in an identity-based policy'
  | 'explicit deny in a resource-based policy'
  | 'explicit deny in the role trust policy'
  | 'explicit deny in a permissions boundary'
  | 'explicit deny in a session policy'
  | 'no identity-based policy allows'
  | 'no resource-based policy allows'
  | 'no role trust policy allows'
  | 'no permissions boundary allows'
  | 'no session policy allows'
  | 'allowed by an identity-based policy'
  | 'allowed by a resource-based policy'
  | 'allowed by the role trust policy'
  | 'root user has full access to its own account';

export interface MatchedStatement {
  /** The label the caller gave the policy. */
  policy: string;
  sid?: string;
  /** 0-based position of the statement in the document. */
  statementIndex: number;
}

export interface EvaluationResult {
  decision: Decision;
  reason: EvaluationReason;
  /** Which policy type decided; feeds `accessDeniedMessage`. */
  policyType: DecidingPolicyType;
  /** The deny statement that denied, or the allow statement that granted. */
  matched?: MatchedStatement;
}
