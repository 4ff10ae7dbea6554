/**
 * What service implementations (STS, IAM, S3, KMS, Organizations…) import from the wire core.
 */
export type { Caller, CredentialLookup, CredentialRecord, SignatureInfo } from '../auth/credentials.js';
export { ANONYMOUS } from '../auth/credentials.js';
export {
  type ChecksumAlgorithm,
  type Checksums,
  checksumHeaderName,
  computeChecksum,
  createChecksumHasher,
} from './checksums.js';
export { AwsError, type AwsErrorOptions, internalError, malformedXml } from './errors.js';
export { QueryParams } from './query-params.js';
export {
  type AuthMode,
  createServiceRegistry,
  type HttpMethod,
  type JsonHandler,
  type JsonInput,
  type OperationOptions,
  type QueryHandler,
  type QueryInput,
  type RestHandler,
  type RestInput,
  type RestJsonResult,
  type S3Handler,
  type S3Input,
  ServiceRegistry,
} from './registry.js';
export { awsJson } from './response.js';
export { type Protocol, SERVICE_CATALOG, type ServiceSettings } from './service-catalog.js';
export type { HttpResult, RequestContext, ResponseBody } from './types.js';
export {
  element,
  escapeXmlAttribute,
  escapeXmlText,
  type XmlValue,
  xmlDocument,
  xmlFlat,
  xmlList,
  xmlMap,
} from './xml.js';
export {
  childNode,
  childNodes,
  childText,
  parseXml,
  parseXmlBody,
  type XmlNode,
  XmlSyntaxError,
} from './xml-parser.js';
