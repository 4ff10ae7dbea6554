/**
 * The AWS SDK for JavaScript v3 inside a function, as in AWS's managed runtime: importable without
 * bundling (ESM and CommonJS), configured by the environment (role credentials, region, endpoint) to call
 * the local cloud. Only the SDK is offered, not the rest of fleetpipe's dependencies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalCloud, type LocalCloudInstance } from '../../../../src/local-cloud/index.js';
import {
  createLambdaRuntime,
  type LambdaRuntime,
} from '../../../../src/local-cloud/services/lambda/runtime/index.js';
import { childPids, json, scratch, testFunction, writeCode } from './fixtures.js';

const MANAGEMENT = '111111111111';

describe('AWS SDK inside Node.js functions', () => {
  let cloud: LocalCloudInstance;
  let runtime: LambdaRuntime;
  let area: Awaited<ReturnType<typeof scratch>>;

  beforeAll(async () => {
    area = await scratch();
    cloud = await createLocalCloud({ ephemeral: true });
    runtime = createLambdaRuntime();
  });
  afterAll(async () => {
    await runtime.shutdown();
    await cloud.close();
    expect(childPids()).toEqual([]);
    await area.cleanup();
  });

  function sdkFunction(codeDir: string, handler: string) {
    const { accessKeyId, secretAccessKey } = cloud.credentialsFor('management');
    return testFunction({
      codeDir,
      handler,
      timeout: 20,
      endpoint: cloud.endpoint,
      credentials: () => ({ accessKeyId, secretAccessKey }),
    });
  }

  it('lets an ESM handler import @aws-sdk/client-sts and call the local cloud with the role credentials', async () => {
    const codeDir = await writeCode(area.root, {
      'index.mjs': `import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
        export const handler = async () => {
          const identity = await new STSClient({}).send(new GetCallerIdentityCommand({}));
          return { account: identity.Account, arn: identity.Arn };
        };`,
    });
    const result = await runtime.invoke(sdkFunction(codeDir, 'index.handler'), {});
    expect(result.functionError).toBeUndefined();
    expect(json(result.payload)).toMatchObject({
      account: MANAGEMENT,
      arn: expect.stringContaining(MANAGEMENT),
    });
  });

  it('lets a CommonJS handler require the SDK', async () => {
    const codeDir = await writeCode(area.root, {
      'index.js': `const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
        exports.handler = async () => (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Account;`,
    });
    const result = await runtime.invoke(sdkFunction(codeDir, 'index.handler'), {});
    expect(result.payload).toBe(JSON.stringify(MANAGEMENT));
  });

  it("does not offer fleetpipe's other dependencies, which AWS's runtime does not have", async () => {
    const codeDir = await writeCode(area.root, {
      'esm.mjs': `import { z } from 'zod'; export const handler = async () => typeof z;`,
      'cjs.js': `exports.handler = async () => typeof require('yaml');`,
    });
    const esm = await runtime.invoke(sdkFunction(codeDir, 'esm.handler'), {});
    expect(json(esm.payload)).toMatchObject({ errorType: 'Runtime.ImportModuleError' });
    const cjs = await runtime.invoke(sdkFunction(codeDir, 'cjs.handler'), {});
    expect(json(cjs.payload)).toMatchObject({
      errorType: 'Error',
      errorMessage: expect.stringContaining("Cannot find module 'yaml'"),
    });
  });
});
