/**
 * deployStack with the real artifact: examples/config-rules built once into a temp dir, uploaded to a
 * bucket, deployed (one nested stack per function), redeployed unchanged, and a one-function change
 * planned: content-addressed TemplateURLs make the plan show that function's stack only.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import type { Manifest } from '../../src/build/manifest.js';
import { deployStack } from '../../src/deploy/stack-operation.js';
import type { StackOperationInput } from '../../src/deploy/types.js';
import { makeTempDir } from '../local-cloud/core/fixture.js';
import { changeLines, type DeployCloud, startDeployCloud } from './helpers.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/config-rules');
const STACK = 'acme-guardrails';

let t: DeployCloud;
let work: { path: string; remove(): Promise<void> };
let projectDir = '';

async function buildAndUpload(): Promise<Manifest> {
  const outDir = path.join(work.path, 'out');
  const { manifest } = await build({ projectDir, outDir, cacheDir: path.join(work.path, 'cache') });
  const keys = [
    manifest.root.key,
    ...manifest.functions.flatMap((f) => [f.template.key, f.code.key]),
    ...manifest.shards.map((s) => s.key),
  ];
  for (const key of keys) await t.put(key, await readFile(path.join(outDir, key)));
  return manifest;
}

function input(manifest: Manifest, mode: StackOperationInput['mode']): StackOperationInput {
  return {
    cfn: t.cfn,
    stackName: STACK,
    templateUrl: `https://${t.bucket}.s3.us-east-1.amazonaws.com/${manifest.root.key}`,
    parameters: { ArtifactBucket: t.bucket, ArtifactPrefix: '' },
    mode,
    poll: { intervalMs: 5 },
  };
}

beforeAll(async () => {
  work = await makeTempDir('fleetpipe-deploy-');
  projectDir = path.join(work.path, 'project');
  await cp(EXAMPLE, projectDir, {
    recursive: true,
    filter: (src) => !['dist', '.fleetpipe'].includes(path.basename(src)),
  });
  t = await startDeployCloud('acme-artifacts-use1');
});

afterAll(async () => {
  await t?.close();
  await work?.remove();
});

describe('deployStack with examples/config-rules', () => {
  let first: Manifest;

  it('creates the orchestration stack: one nested stack per function, their resources below', async () => {
    first = await buildAndUpload();
    const result = await deployStack(input(first, 'deploy'));
    expect(result.outcome, `${result.reason} ${JSON.stringify(result.rootCause)}`).toBe('created');
    const top = result.changes.filter((c) => c.path.length === 1);
    expect(top.map((c) => c.logicalId).sort()).toEqual(first.functions.map((f) => f.logicalId).sort());
    expect(top.every((c) => c.action === 'Add' && c.resourceType === 'AWS::CloudFormation::Stack')).toBe(
      true,
    );
    for (const fn of first.functions) {
      const below = result.changes.filter((c) => c.path.length === 2 && c.path[0] === fn.logicalId);
      expect(below.map((c) => c.resourceType)).toContain('AWS::Lambda::Function');
      expect(below.every((c) => c.action === 'Add')).toBe(true);
    }
  });

  it('redeploys the same artifact: unchanged', async () => {
    const result = await deployStack(input(first, 'deploy'));
    expect(result.outcome).toBe('unchanged');
  });

  it('plans a change of one function: only that function’s stack changes', async () => {
    const fnYaml = path.join(projectDir, 'functions/iam-access-key-rotation/function.yaml');
    const text = await readFile(fnYaml, 'utf8');
    expect(text).toContain('timeout: 300');
    await writeFile(fnYaml, text.replace('timeout: 300', 'timeout: 240'));
    const second = await buildAndUpload();
    const changed = second.functions.find((f) => f.dir.endsWith('iam-access-key-rotation'))!;
    expect(changed.template.key).not.toBe(first.functions.find((f) => f.name === changed.name)!.template.key);

    const result = await deployStack(input(second, 'plan'));
    expect(result.outcome).toBe('planned');
    expect(new Set(result.changes.map((c) => c.path[0]))).toEqual(new Set([changed.logicalId]));
    const lines = changeLines(result.changes);
    expect(lines).toContain(`${changed.logicalId} Modify False`);
    expect(
      result.changes.some((c) => c.resourceType === 'AWS::Lambda::Function' && c.action === 'Modify'),
    ).toBe(true);
    expect((await t.stack(STACK))?.StackStatus).toBe('CREATE_COMPLETE');
  });
});
