/**
 * What every service of the local cloud gets, and what services offer each
 * other. Services register their handlers with `register<Service>(registry, deps)`
 * and keep their state in slices of the shared StateStore.
 *
 *   core/        accounts + organization, identity (access keys, sessions), authorize()
 *   services/    sts, iam, organizations, s3, kms — one folder each
 *   cloud.ts     composes all of it with the wire core (server.ts)
 */
import type { RequestContext } from '../http/types.js';
import type { RequestPrincipal, ResourcePolicyKind } from '../iam/types.js';
import type { StateStore } from '../state/store.js';

/** One AWS account of the local organization. */
export interface AccountRecord {
  id: string;
  name: string;
  email: string;
  /** OU path from the root, e.g. `workloads/prod` ('' for accounts directly under the root). */
  ouPath: string;
  /** `o-xxx/r-xxx/ou-xxx/…/` as used by `aws:PrincipalOrgPaths`. */
  orgPath: string;
  tags: Record<string, string>;
}

export interface AccountDirectory {
  organizationId: string;
  managementAccountId: string;
  list(): AccountRecord[];
  /** By 12-digit ID or by name. */
  find(idOrName: string): AccountRecord | undefined;
}

/** The verified caller of a request: a principal, or undefined for anonymous requests. */
export type CallerPrincipal = RequestPrincipal | undefined;

export interface AuthorizeRequest {
  /** `s3:GetObject` */
  action: string;
  /** Resource ARN, or `*`. */
  resource: string;
  /** Owner of the resource (required for S3, whose ARNs carry no account). */
  resourceAccount?: string;
  /** The resource's own policy, when it has one (bucket policy, key policy, trust policy). */
  resourcePolicy?: { name: string; document: string; kind: ResourcePolicyKind };
  /** Extra condition keys (`kms:ViaService`, `s3:x-amz-server-side-encryption`, `sts:ExternalId`, …). */
  contextKeys?: Record<string, string | string[] | boolean | number | undefined>;
}

export interface ServiceDeps {
  store: StateStore;
  accounts: AccountDirectory;
  /** Who is calling (throws the protocol's auth error for unknown credentials; undefined = anonymous). */
  callerOf(ctx: RequestContext): CallerPrincipal;
  /**
   * Evaluates IAM for the request's caller (identity policies, permissions boundary, session policy,
   * the resource policy given) and throws AccessDenied / AccessDeniedException in AWS's message shape
   * when it is not allowed. The transport's condition keys (aws:SecureTransport, …) are included.
   */
  authorize(ctx: RequestContext, request: AuthorizeRequest): void;
  /** The cloud's clock. */
  now(): Date;
}

/** What the KMS service offers the others (S3's SSE-KMS). */
export interface KmsKeyRecord {
  keyId: string;
  arn: string;
  accountId: string;
  region: string;
  policy: string;
  enabled: boolean;
}

export interface KmsInternal {
  /** A key by ID, ARN, alias name (`alias/x`) or alias ARN, as seen from `account` in `region`. */
  resolveKey(ref: string, where: { accountId: string; region: string }): KmsKeyRecord | undefined;
  /** The AWS managed key of a service (`alias/aws/s3`, `alias/aws/ssm`) of an account and region, created on first use. */
  awsManagedKey(service: 's3' | 'ssm', where: { accountId: string; region: string }): KmsKeyRecord;
  /** Encrypts bytes under a key (no permission check: the caller authorizes first). */
  encrypt(key: KmsKeyRecord, plaintext: Buffer, context?: Record<string, string>): Buffer;
  decrypt(ciphertext: Buffer, context?: Record<string, string>): { key: KmsKeyRecord; plaintext: Buffer };
}

/** What the Lambda service offers the others (Config rules, EventBridge and SNS targets, CloudFormation). */
export interface LambdaInternal {
  /**
   * Invokes a function on behalf of an AWS service principal (`config.amazonaws.com`,
   * `events.amazonaws.com`, `sns.amazonaws.com`): the function's resource policy must allow that
   * principal (with its `aws:SourceAccount` / `aws:SourceArn` conditions), as on AWS.
   */
  invokeAsService(request: {
    functionArn: string;
    servicePrincipal: string;
    sourceAccount?: string;
    sourceArn?: string;
    payload: unknown;
    invocationType?: 'RequestResponse' | 'Event';
  }): Promise<{ statusCode: number; payload: unknown; functionError?: string }>;
}
