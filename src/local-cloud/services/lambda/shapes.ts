/** Lambda's response shapes (FunctionConfiguration, AliasConfiguration) from stored records. Pure. */
import { functionArn } from './names.js';
import { logGroupNameOf } from './runtime/index.js';
import type { FunctionVersion, StoredAlias, StoredFunction } from './state.js';

export function configurationOf(fn: StoredFunction, version: FunctionVersion): Record<string, unknown> {
  const qualified = version.version !== '$LATEST';
  return {
    FunctionName: fn.name,
    FunctionArn: qualified ? functionArn(fn, fn.name, version.version) : fn.arn,
    Runtime: version.runtime,
    Role: version.role,
    Handler: version.handler,
    CodeSize: version.codeSize,
    Description: version.description,
    Timeout: version.timeout,
    MemorySize: version.memorySize,
    LastModified: version.lastModified,
    CodeSha256: version.codeSha256,
    Version: version.version,
    ...(Object.keys(version.environment).length > 0
      ? { Environment: { Variables: version.environment } }
      : {}),
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: version.revisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: logGroupNameOf(fn.name) },
  };
}

export function aliasOf(fn: StoredFunction, alias: StoredAlias): Record<string, unknown> {
  return {
    AliasArn: functionArn(fn, fn.name, alias.name),
    Name: alias.name,
    FunctionVersion: alias.functionVersion,
    Description: alias.description,
    RevisionId: alias.revisionId,
  };
}
