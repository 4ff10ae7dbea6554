/**
 * What the wire core needs from the identity side: a lookup from access key ID to secret (plus whatever
 * principal data the identity layer keeps), and the caller that comes out of verification.
 */

/**
 * One access key as the identity layer knows it. Besides the secret, the record carries any principal
 * data the services need later (account ID, ARN, user ID, session tags…); the wire core passes it through
 * untouched as `caller.credentials`.
 */
export interface CredentialRecord {
  readonly secretAccessKey: string;
  /** Set for temporary (STS) credentials: requests must carry exactly this `X-Amz-Security-Token`. */
  readonly sessionToken?: string;
  /** Temporary credentials stop working at this instant (`ExpiredToken`). */
  readonly expiresAt?: Date;
  readonly [principalData: string]: unknown;
}

/** Finds the credentials for an access key ID; `undefined` means the key does not exist. */
export type CredentialLookup = (
  accessKeyId: string,
) => CredentialRecord | undefined | Promise<CredentialRecord | undefined>;

/** How a verified request was signed. */
export interface SignatureInfo {
  /** `header`: Authorization header; `presigned`: X-Amz-* query parameters. */
  readonly method: 'header' | 'presigned';
  /** Service and region of the credential scope. */
  readonly service: string;
  readonly region: string;
  /** `YYYYMMDD` of the scope and the full `YYYYMMDDTHHMMSSZ` request time the client signed. */
  readonly date: string;
  readonly amzDate: string;
  /** The x-amz-content-sha256 value (or payload hash) the signature covers. */
  readonly payloadHash: string;
}

export interface AnonymousCaller {
  readonly type: 'Anonymous';
}

export interface CredentialsCaller {
  readonly type: 'Credentials';
  readonly accessKeyId: string;
  readonly credentials: CredentialRecord;
  readonly signature: SignatureInfo;
}

/** Who sent the request: an unsigned (anonymous) caller, or the holder of a verified access key. */
export type Caller = AnonymousCaller | CredentialsCaller;

export const ANONYMOUS: AnonymousCaller = Object.freeze({ type: 'Anonymous' });
