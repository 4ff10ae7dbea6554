/**
 * Errors as AWS sends them on the wire. A service handler throws an `AwsError`; the framing layer renders
 * it in the protocol of the request (query XML, JSON, REST-XML, REST-JSON), so handlers never care about
 * the envelope.
 */

/** Who AWS blames: `Sender` (4xx, the caller's request) or `Receiver` (5xx, the service). */
export type ErrorFault = 'Sender' | 'Receiver';

export interface AwsErrorOptions {
  /** HTTP status; 400 unless given. */
  status?: number;
  /** Defaults to `Receiver` for 5xx statuses, else `Sender`. */
  fault?: ErrorFault;
  /**
   * Extra members of the error shape. S3 renders them as elements of `<Error>` (e.g. `BucketName`, `Key`);
   * JSON protocols add them to the body object. Query protocol ignores them.
   */
  fields?: Readonly<Record<string, string>>;
  /** Extra response headers (e.g. `x-amz-bucket-region`). */
  headers?: Readonly<Record<string, string>>;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: ErrorFault;
  readonly fields: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: string, message: string, options: AwsErrorOptions = {}) {
    super(message);
    this.name = 'AwsError';
    this.code = code;
    this.status = options.status ?? 400;
    this.fault = options.fault ?? (this.status >= 500 ? 'Receiver' : 'Sender');
    this.fields = options.fields ?? {};
    this.headers = options.headers ?? {};
  }
}

export function isAwsError(err: unknown): err is AwsError {
  return err instanceof AwsError;
}

/** The generic 500 every protocol answers when a handler throws something that is not an `AwsError`. */
export function internalError(s3: boolean): AwsError {
  return s3
    ? new AwsError('InternalError', 'We encountered an internal error. Please try again.', { status: 500 })
    : new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', {
        status: 500,
      });
}

/** S3's answer to XML it cannot parse or that does not have the expected shape. */
export function malformedXml(): AwsError {
  return new AwsError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}

/** Error a local-cloud start-up failure carries: what went wrong plus how to fix it. */
export class LocalCloudError extends Error {
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LocalCloudError';
    this.code = code;
    this.hint = options.hint;
  }
}
