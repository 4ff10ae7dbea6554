/**
 * Lambda's state: functions by account, region and name, each with its `$LATEST` configuration, published
 * versions (frozen copies), aliases and resource policy. Code bytes live in the store's blobs (by SHA-256).
 */
import type { SliceDefinition } from '../../state/store.js';

/** One function configuration (`$LATEST` or a published version). */
export interface FunctionVersion {
  version: string;
  runtime: string;
  handler: string;
  role: string;
  description: string;
  memorySize: number;
  timeout: number;
  environment: Record<string, string>;
  /** The code zip's blob id (hex SHA-256). */
  codeBlob: string;
  /** Base64 SHA-256 of the zip, as Lambda reports it. */
  codeSha256: string;
  codeSize: number;
  /** ISO 8601 with milliseconds. */
  lastModified: string;
  revisionId: string;
}

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Principal: '*' | { Service: string } | { AWS: string };
  Action: string;
  Resource: string;
  Condition?: Record<string, Record<string, string>>;
}

export interface StoredAlias {
  name: string;
  functionVersion: string;
  description: string;
  revisionId: string;
}

export interface StoredFunction {
  name: string;
  accountId: string;
  region: string;
  arn: string;
  latest: FunctionVersion;
  versions: Record<string, FunctionVersion>;
  lastVersion: number;
  aliases: Record<string, StoredAlias>;
  policy: PolicyStatement[];
  tags: Record<string, string>;
}

export interface LambdaState {
  /** By `accountId/region/name`. */
  functions: Record<string, StoredFunction>;
}

export function functionKey(where: { accountId: string; region: string }, name: string): string {
  return `${where.accountId}/${where.region}/${name}`;
}

function keyOf(fn: Pick<StoredFunction, 'accountId' | 'region' | 'name'>): string {
  return functionKey(fn, fn.name);
}

export const lambdaSlice: SliceDefinition<LambdaState> = {
  name: 'lambda',
  initial: () => ({ functions: {} }),
  reducers: {
    putFunction: (state, fn: StoredFunction) => {
      state.functions[keyOf(fn)] = fn;
    },
    deleteFunction: (state, payload: { key: string }) => {
      delete state.functions[payload.key];
    },
    deleteVersion: (state, payload: { key: string; version: string }) => {
      const fn = state.functions[payload.key];
      if (fn) delete fn.versions[payload.version];
    },
  },
};
