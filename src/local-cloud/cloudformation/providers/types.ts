/**
 * The contract between the CloudFormation stack engine and the resource
 * providers. A provider acts through the local cloud's own API with the
 * credentials CloudFormation acts with (the stack's RoleARN session, or the
 * caller's), so every resource is created with exactly the permissions AWS
 * would check: an AccessDenied from the API becomes the resource's
 * ResourceStatusReason and fails the resource.
 */

/** Credentials and endpoint to call the local cloud as CloudFormation acts. */
export interface ActingCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface ProviderContext {
  /** The local cloud's own endpoint (http://127.0.0.1:PORT). */
  endpoint: string;
  region: string;
  accountId: string;
  partition: string;
  stackId: string;
  stackName: string;
  logicalId: string;
  /** Who CloudFormation acts as for this stack. */
  credentials: ActingCredentials;
  /** Request token / deterministic suffix source for generated physical names. */
  clientRequestToken?: string;
  /**
   * Set when the update is part of a rollback (of this stack or a parent), with the logical IDs
   * ContinueUpdateRollback skips below this resource (`Child.Resource` given as `Resource`). Only the
   * nested stack provider acts on it: the child rolls back instead of updating.
   */
  rollback?: { skip: readonly string[] };
  now(): Date;
}

export interface ProviderResult {
  physicalId: string;
  /** Values for Fn::GetAtt (e.g. Arn). */
  attributes: Record<string, unknown>;
}

export interface ResourceProvider {
  /** `AWS::IAM::Role` */
  type: string;
  /** Properties whose change requires replacement (a new physical resource), as AWS documents. */
  replaceOn: readonly string[];
  create(properties: Record<string, unknown>, ctx: ProviderContext): Promise<ProviderResult>;
  /** Called only when no property in `replaceOn` changed. */
  update(
    physicalId: string,
    properties: Record<string, unknown>,
    previous: Record<string, unknown>,
    ctx: ProviderContext,
  ): Promise<ProviderResult>;
  /** Must succeed when the resource is already gone. */
  delete(physicalId: string, properties: Record<string, unknown>, ctx: ProviderContext): Promise<void>;
}

/** A provider failure with the reason CloudFormation shows (ResourceStatusReason). */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}
