/**
 * Builds a FunctionSpec for tests with sensible defaults; `dir` is required.
 */
import { basename } from 'node:path';
import type { FunctionSpec } from '../../../src/build/types.js';

export function makeSpec(overrides: Partial<FunctionSpec> & { dir: string }): FunctionSpec {
  const dirName = overrides.dirName ?? basename(overrides.dir);
  return {
    dirName,
    relDir: `functions/${dirName}`,
    name: `demo-${dirName}`,
    logicalId: pascalCase(dirName),
    runtime: 'nodejs22.x',
    family: 'nodejs',
    handler: 'index.handler',
    entry: 'index.mjs',
    packaging: 'node',
    memorySize: 128,
    timeout: 30,
    architecture: 'arm64',
    environment: {},
    logRetentionDays: 30,
    iamStatements: [],
    tags: {},
    ...overrides,
  };
}

function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
