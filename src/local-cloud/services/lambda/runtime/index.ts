/**
 * The Lambda execution engine: Node.js and Python handlers really run, in child processes, as in AWS's
 * managed runtimes. See README.md. The Lambda API builds on `createLambdaRuntime` and `unpackZip`.
 */
export {
  functionEnvironment,
  logGroupNameOf,
  logStreamNameOf,
  RESERVED_ENVIRONMENT_KEYS,
  reservedKeysIn,
} from './environment.js';
export { REQUEST_PAYLOAD_LIMIT, RESPONSE_PAYLOAD_LIMIT } from './payloads.js';
export { createLambdaRuntime } from './runtime.js';
export { findSdkNodeModules, SDK_SCOPES } from './runtime-files.js';
export { type RuntimeFamily, runtimeFamilyOf, unsupportedRuntimeError } from './runtimes.js';
export type {
  FunctionConfig,
  InvocationReport,
  InvocationType,
  InvokeOptions,
  InvokeResult,
  LambdaRuntime,
  LambdaRuntimeName,
  LambdaRuntimeOptions,
  LogEvent,
  RoleCredentials,
} from './types.js';
export { UNZIPPED_SIZE_LIMIT, type UnpackResult, unpackZip } from './unzip.js';
export { ZipFormatError } from './zip-reader.js';
