/**
 * Wire facts about the AWS services the local cloud may serve: protocol, API version and XML namespace
 * (query), target prefix and JSON version (JSON), and how big a request body the server accepts.
 * Registering a handler for a service listed here needs no further configuration; any other service is
 * described with `registry.configure()` first.
 */

export type Protocol = 'query' | 'json' | 'rest-json' | 'rest-xml';

export interface ServiceSettings {
  readonly protocol: Protocol;
  /** Query protocol: the `Version` parameter clients send. */
  readonly version?: string;
  /** Query protocol: namespace of the response documents. */
  readonly xmlns?: string;
  /** JSON protocol: `1.0` or `1.1` (the `application/x-amz-json-*` content type). */
  readonly jsonVersion?: '1.0' | '1.1';
  /** Largest request body accepted; `DEFAULT_MAX_REQUEST_BYTES` unless given. */
  readonly maxRequestBytes?: number;
}

/** Request bodies above this are refused for services that do not set their own limit. */
export const DEFAULT_MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** S3 bodies are buffered whole, so PUTs are capped well below S3's 5 GiB. */
export const S3_MAX_REQUEST_BYTES = 512 * 1024 * 1024;

export const SERVICE_CATALOG: Readonly<Record<string, ServiceSettings>> = {
  sts: { protocol: 'query', version: '2011-06-15', xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/' },
  iam: { protocol: 'query', version: '2010-05-08', xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/' },
  cloudformation: {
    protocol: 'query',
    version: '2010-05-15',
    xmlns: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  },
  sns: { protocol: 'query', version: '2010-03-31', xmlns: 'http://sns.amazonaws.com/doc/2010-03-31/' },
  kms: { protocol: 'json', jsonVersion: '1.1' },
  organizations: { protocol: 'json', jsonVersion: '1.1' },
  codepipeline: { protocol: 'json', jsonVersion: '1.1' },
  codebuild: { protocol: 'json', jsonVersion: '1.1' },
  config: { protocol: 'json', jsonVersion: '1.1' },
  logs: { protocol: 'json', jsonVersion: '1.1' },
  events: { protocol: 'json', jsonVersion: '1.1' },
  secretsmanager: { protocol: 'json', jsonVersion: '1.1' },
  ssm: { protocol: 'json', jsonVersion: '1.1' },
  dynamodb: { protocol: 'json', jsonVersion: '1.0' },
  // CreateFunction with an inline ZipFile: 50 MB of zip, base64-encoded, plus the rest of the request.
  lambda: { protocol: 'rest-json', maxRequestBytes: 70 * 1024 * 1024 },
  s3: { protocol: 'rest-xml', maxRequestBytes: S3_MAX_REQUEST_BYTES },
};
